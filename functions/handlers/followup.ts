/** Lambda entry: target of the EventBridge Scheduler one-time schedules. */
import type { Context } from 'aws-lambda';
import { requireEnv } from '../adapters/config.js';
import { PromptMailRenderer } from '../web/prompt-mail.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLedger } from './composition-root/ledger.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudMailer } from './composition-root/mailer.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { makeFollowupHandler } from './followup-handler.js';
import { startOnce } from './start-once.js';

type Handler = ReturnType<typeof makeFollowupHandler>;
let followup: (() => Promise<Handler>) | undefined;

async function build(ownArn: string): Promise<Handler> {
  const deps = {
    store: cloudStore(),
    scheduler: cloudScheduler(ownArn),
    mailer: cloudMailer(),
    renderer: new PromptMailRenderer(),
    clock,
    ids,
    links: await cloudLinks(),
    baseUrl: requireEnv('BASE_URL'),
    log,
  };
  return makeFollowupHandler(deps, cloudLedger());
}

/** Built on first use: the function's own ARN (the schedules' target) comes from the invocation. */
export const handler = async (event: unknown, context: Context) => {
  const ownArn = context.invokedFunctionArn.split(':').slice(0, 7).join(':');
  followup ??= startOnce(() => build(ownArn));
  return (await followup())(event);
};
