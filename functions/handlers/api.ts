/** Lambda entry: the web app (sign-in, dashboard, connections, settings, action pages) behind the HTTP API. */
import { getConnInfo, handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { requireEnv } from '../adapters/config.js';
import { type ActionDeps, createActions } from '../core/actions.js';
import { parseAllowList } from '../core/users/allow-list.js';
import { createWebApp } from '../web/app.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinkSecret, cloudLinks } from './composition-root/links.js';
import { cloudMailer } from './composition-root/mailer.js';
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
  // Who may sign in, and how a new account starts; a bad allow-list or waiting window fails the start.
  const allowList = parseAllowList(requireEnv('ALLOW_LIST'));
  const defaults = newUserDefaults();
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
  const queue = cloudQueue();
  const secret = await readOAuthSecret();
  const microsoft = microsoftClient(secret);
  const oauth = cloudOAuthRoutes({
    core,
    vault: cloudVault(),
    queue,
    google: googleClient(secret),
    ...(microsoft ? { microsoft } : {}),
    linkSecret,
    allowList,
    ...defaults,
  });
  return handle(
    createWebApp({
      core,
      actions: createActions(core),
      signIn: {
        allowList,
        newUser: { timeZone: 'UTC', ...defaults },
        // The one mail this function sends: sign-in links (prompts come from sync and followup).
        mailer: cloudMailer(),
      },
      queue,
      clientAddress: (c) => getConnInfo(c).remote.address,
      oauth,
    }),
  );
});
export const handler = async (event: LambdaEvent, context?: LambdaContext) => (await app())(event, context);
