/** Lambda entry: the web app (action pages, connecting calendars) behind the HTTP API. */
import { handle } from 'hono/aws-lambda';
import { requireEnv } from '../adapters/config.js';
import { createActions } from '../core/actions.js';
import type { Deps } from '../core/ports.js';
import { createWebApp } from '../web/app.js';
import { PromptMailRenderer } from '../web/prompt-mail.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinkSecret, cloudLinks } from './composition-root/links.js';
import { cloudOAuthRoutes } from './composition-root/oauth-routes.js';
import { googleClient, readOAuthSecret } from './composition-root/oauth-secret.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { cloudVault } from './composition-root/vault.js';

const linkSecret = await cloudLinkSecret();
const core: Deps = {
  store: cloudStore(),
  scheduler: cloudScheduler(),
  mailer: { send: async () => Promise.reject(new Error('this function sends no mail')) },
  renderer: new PromptMailRenderer(),
  clock,
  ids,
  links: await cloudLinks(linkSecret),
  baseUrl: requireEnv('BASE_URL'),
  log,
};
const oauth = cloudOAuthRoutes({
  core,
  vault: cloudVault(),
  queue: cloudQueue(),
  google: googleClient(await readOAuthSecret()),
  linkSecret,
  allowList: requireEnv('ALLOW_LIST'),
  ...(process.env.WAITING_WINDOW_DAYS ? { waitingWindowDays: Number(process.env.WAITING_WINDOW_DAYS) } : {}),
});
export const handler = handle(createWebApp({ core, actions: createActions(core), oauth }));
