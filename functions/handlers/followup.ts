/** Lambda entry: target of the EventBridge Scheduler one-time schedules. */
import { requireEnv } from '../adapters/config.js';
import { PromptMailRenderer } from '../web/prompt-mail.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLedger } from './composition-root/ledger.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudMailer } from './composition-root/mailer.js';
import { cloudStore } from './composition-root/store.js';
import { makeFollowupHandler } from './followup-handler.js';
import { startOnce } from './start-once.js';

const followup = startOnce(async () =>
  makeFollowupHandler(
    {
      store: cloudStore(),
      mailer: cloudMailer(),
      renderer: new PromptMailRenderer(),
      clock,
      ids,
      links: await cloudLinks(),
      baseUrl: requireEnv('BASE_URL'),
      log,
    },
    cloudLedger(),
  ),
);
export const handler = async (event: unknown) => (await followup())(event);
