/** Lambda entry: the web app (action pages, connecting calendars) behind the HTTP API. */
import { handle } from 'hono/aws-lambda';
import { requireEnv } from '../adapters/config.js';
import { createActions } from '../core/actions.js';
import { createWebApp } from '../web/app.js';
import { cloudVault, googleClient, readOAuthSecret } from './cloud/oauth-parts.js';
import { cloudOAuthRoutes } from './cloud/oauth-routes.js';
import { cloudDeps, cloudLinkSecret, cloudQueue, cloudScheduler } from './cloud/parts.js';

const linkSecret = await cloudLinkSecret();
const core = await cloudDeps({ scheduler: cloudScheduler(), withMail: false, linkSecret });
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
