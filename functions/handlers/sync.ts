/** Lambda entry: SQS FIFO consumer that syncs one calendar per message. */
import type { SQSEvent } from 'aws-lambda';
import { MicrosoftCalendar } from '../adapters/calendar/microsoft/microsoft-calendar.js';
import { calendarRegistry } from '../adapters/calendar/registry.js';
import { requireEnv } from '../adapters/config.js';
import { PromptMailRenderer } from '../web/prompt-mail.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudMailer } from './composition-root/mailer.js';
import { cloudMicrosoftConfig, cloudVault, microsoftKeeper } from './composition-root/microsoft.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { startOnce } from './start-once.js';
import { makeSyncHandler } from './sync-handler.js';

const sync = startOnce(async () => {
  const store = cloudStore();
  const baseUrl = requireEnv('BASE_URL');
  const microsoftConfig = await cloudMicrosoftConfig();
  const microsoft =
    microsoftConfig &&
    new MicrosoftCalendar({ config: microsoftConfig, store, vault: cloudVault(), clock, log });
  const keeper = microsoftConfig && microsoftKeeper(microsoftConfig, store, baseUrl);
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
      calendars: calendarRegistry({ clock, log, local: false, microsoft }),
    },
    // After a Graph lifecycle notification's sync, the subscription is renewed or re-created.
    { queue: cloudQueue(), keeperFor: (c) => (c.provider === 'microsoft' ? keeper : undefined) },
  );
});
export const handler = async (event: SQSEvent) => (await sync())(event);
