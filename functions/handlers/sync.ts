/** Lambda entry: SQS FIFO consumer that syncs one calendar per message. */
import type { SQSEvent } from 'aws-lambda';
import { MicrosoftCalendar } from '../adapters/calendar/microsoft/microsoft-calendar.js';
import { calendarRegistry } from '../adapters/calendar/registry.js';
import { requireEnv } from '../adapters/config.js';
import { PromptMailRenderer } from '../web/prompt-mail.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudMailer } from './composition-root/mailer.js';
import { microsoftClient, microsoftKeeper } from './composition-root/microsoft.js';
import { googleClient, readOAuthSecret } from './composition-root/oauth-secret.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { cloudVault } from './composition-root/vault.js';
import { startOnce } from './start-once.js';
import { makeSyncHandler } from './sync-handler.js';

const sync = startOnce(async () => {
  const store = cloudStore();
  const baseUrl = requireEnv('BASE_URL');
  const vault = cloudVault();
  const secret = await readOAuthSecret();
  const google = googleClient(secret);
  const outlook = microsoftClient(secret);
  const microsoft = outlook && new MicrosoftCalendar({ config: outlook, store, vault, clock, log });
  const keeper = outlook && microsoftKeeper(outlook, store, vault, baseUrl);
  return makeSyncHandler(
    {
      store,
      scheduler: cloudScheduler(),
      mailer: cloudMailer(),
      renderer: new PromptMailRenderer(),
      clock,
      ids,
      links: await cloudLinks(),
      baseUrl,
      log,
      calendars: calendarRegistry({
        clock,
        log,
        local: false,
        microsoft,
        ...(google ? { google: { config: google, vault } } : {}),
      }),
    },
    // After a Graph lifecycle notification's sync, the subscription is renewed or re-created.
    { queue: cloudQueue(), keeperFor: (c) => (c.provider === 'microsoft' ? keeper : undefined) },
  );
});
export const handler = async (event: SQSEvent) => (await sync())(event);
