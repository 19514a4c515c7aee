/** Lambda entry: the web app (action pages, dashboard, settings) behind the HTTP API. */
import { handle } from 'hono/aws-lambda';
import { requireEnv } from '../adapters/config.js';
import { type ActionDeps, createActions } from '../core/actions.js';
import { createWebApp } from '../web/app.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';

const core: ActionDeps = {
  store: cloudStore(),
  scheduler: cloudScheduler(),
  clock,
  ids,
  links: await cloudLinks(),
  baseUrl: requireEnv('BASE_URL'),
  log,
};
export const handler = handle(createWebApp({ core, actions: createActions(core) }));
