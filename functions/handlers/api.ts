/** Lambda entry: the web app (action pages, connecting calendars) behind the HTTP API. */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { requireEnv } from '../adapters/config.js';
import { type ActionDeps, createActions } from '../core/actions.js';
import { createWebApp } from '../web/app.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinkSecret, cloudLinks } from './composition-root/links.js';
import { microsoftClient } from './composition-root/microsoft.js';
import { newUserDefaults } from './composition-root/new-users.js';
import { cloudOAuthRoutes } from './composition-root/oauth-routes.js';
import { googleClient, readOAuthSecret } from './composition-root/oauth-secret.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { cloudVault } from './composition-root/vault.js';
import { startOnce } from './start-once.js';

const app = startOnce(async () => {
  const linkSecret = await cloudLinkSecret();
  const core: ActionDeps = {
    store: cloudStore(),
    scheduler: cloudScheduler(),
    clock,
    ids,
    links: await cloudLinks(linkSecret),
    baseUrl: requireEnv('BASE_URL'),
    log,
  };
  const secret = await readOAuthSecret();
  const microsoft = microsoftClient(secret);
  const oauth = cloudOAuthRoutes({
    core,
    vault: cloudVault(),
    queue: cloudQueue(),
    google: googleClient(secret),
    ...(microsoft ? { microsoft } : {}),
    linkSecret,
    allowList: requireEnv('ALLOW_LIST'),
    // New users start from the deployment's waiting window (validated: a bad value fails the start).
    ...newUserDefaults(),
  });
  return handle(createWebApp({ core, actions: createActions(core), oauth }));
});
export const handler = async (event: LambdaEvent, context?: LambdaContext) => (await app())(event, context);
