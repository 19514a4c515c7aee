/** Lambda entry: the web app (action pages, dashboard, settings) behind the HTTP API. */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { requireEnv } from '../adapters/config.js';
import { type ActionDeps, createActions } from '../core/actions.js';
import { createWebApp } from '../web/app.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { startOnce } from './start-once.js';

const app = startOnce(async () => {
  const core: ActionDeps = {
    store: cloudStore(),
    scheduler: cloudScheduler(),
    clock,
    ids,
    links: await cloudLinks(),
    baseUrl: requireEnv('BASE_URL'),
    log,
  };
  return handle(createWebApp({ core, actions: createActions(core) }));
});
export const handler = async (event: LambdaEvent, context?: LambdaContext) => (await app())(event, context);
