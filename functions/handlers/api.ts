/** Lambda entry: the web app (action pages, dashboard, settings) behind the HTTP API. */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createActions } from '../core/actions.js';
import { createWebApp } from '../web/app.js';
import { cloudDeps, cloudScheduler } from './cloud/parts.js';
import { startOnce } from './start-once.js';

const app = startOnce(async () => {
  const core = await cloudDeps({ scheduler: cloudScheduler(), withMail: false });
  return handle(createWebApp({ core, actions: createActions(core) }));
});
export const handler = async (event: LambdaEvent, context?: LambdaContext) => (await app())(event, context);
