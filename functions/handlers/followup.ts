/** Lambda entry: target of the EventBridge Scheduler one-time schedules. */
import type { Context } from 'aws-lambda';
import { cloudDeps, cloudLedger, cloudScheduler } from './cloud/parts.js';
import { makeFollowupHandler } from './followup-handler.js';
import { startOnce } from './start-once.js';

type Handler = ReturnType<typeof makeFollowupHandler>;
let followup: (() => Promise<Handler>) | undefined;

/** Built on first use: the function's own ARN (the schedules' target) comes from the invocation. */
export const handler = async (event: unknown, context: Context) => {
  const ownArn = context.invokedFunctionArn.split(':').slice(0, 7).join(':');
  followup ??= startOnce(async () => {
    const deps = await cloudDeps({ scheduler: cloudScheduler(ownArn), withMail: true });
    return makeFollowupHandler(deps, cloudLedger());
  });
  return (await followup())(event);
};
