/**
 * The `api` function's OAuth routes: connecting signs a person up or in
 * (allow-list, user found or created by verified email, a session started),
 * stores the grant through KMS, opens a push channel (Google channel, Graph
 * subscription) and queues the first sync; the browser lands on the
 * dashboard signed in.
 */
import type { GoogleClientConfig } from '../../adapters/calendar/google/google-config.js';
import type { MicrosoftConfig } from '../../adapters/calendar/microsoft/microsoft-config.js';
import type { ActionDeps } from '../../core/actions.js';
import { connectOAuthCalendar, disconnectOAuthCalendar } from '../../core/oauth-connections.js';
import type { OAuthProvider } from '../../core/oauth-ports.js';
import type { SyncQueue, TokenVault } from '../../core/ports.js';
import type { AllowList } from '../../core/users/allow-list.js';
import { signedInUser, startSession } from '../../web/auth/sessions.js';
import type { OAuthRouteDeps } from '../../web/oauth/oauth-routes.js';
import { signUpByConnecting } from '../../web/oauth/sign-up.js';
import { StateCookie } from '../../web/oauth/state-cookie.js';
import { cloudConnectors, cloudPush } from './oauth.js';

export const CLOUD_SETUP_HINT: Record<OAuthProvider, string> = {
  google:
    'Whoever runs this Afterview has not put a Google OAuth client in its OAuth secret yet (README, Deploying, steps 4 and 5).',
  microsoft:
    'Whoever runs this Afterview has not put a Microsoft app registration in its OAuth secret yet (README, Deploying, steps 4 and 5).',
};

export interface CloudOAuthParts {
  core: ActionDeps;
  vault: TokenVault;
  queue: SyncQueue;
  google: GoogleClientConfig | undefined;
  microsoft?: MicrosoftConfig;
  /** The link-signing secret; the state cookie's key is derived from it under its own label. */
  linkSecret: string;
  allowList: AllowList;
  waitingWindowDays?: number;
}

export function cloudOAuthRoutes(parts: CloudOAuthParts): OAuthRouteDeps {
  const { core, vault, queue } = parts;
  const connectors = cloudConnectors(parts.google, core.log, parts.microsoft);
  const push = cloudPush({
    google: parts.google,
    vault,
    baseUrl: core.baseUrl,
    clock: core.clock,
    ...(parts.microsoft ? { microsoft: { config: parts.microsoft, store: core.store } } : {}),
  });
  const connectDeps = { store: core.store, clock: core.clock, log: core.log, vault, queue, push };
  return {
    store: core.store,
    clock: core.clock,
    log: core.log,
    connectors,
    setupHint: CLOUD_SETUP_HINT,
    stateCookie: new StateCookie(parts.linkSecret, core.clock),
    redirectOrigin: () => new URL(core.baseUrl).origin,
    signUpOrIn: signUpByConnecting(core, parts.allowList, {
      timeZone: 'UTC',
      ...(parts.waitingWindowDays !== undefined ? { waitingWindowDays: parts.waitingWindowDays } : {}),
    }),
    startSession,
    currentUser: async (c) => signedInUser(c),
    connect: (request) => connectOAuthCalendar(connectDeps, request),
    disconnect: (userId, connectionId) =>
      disconnectOAuthCalendar(
        {
          ...connectDeps,
          scheduler: core.scheduler,
          revoke: async (provider, secret) => {
            await connectors[provider as OAuthProvider]?.revoke(secret);
          },
        },
        userId,
        connectionId,
      ),
    landing: 'dashboard',
  };
}
