/**
 * Connecting Google and Outlook calendars on one machine. Without sign-in
 * the connection belongs to the one local user and no session is needed;
 * with `--sign-in` it belongs to whoever connects (the allow-list decides,
 * and the browser leaves signed in as them), never to the runner's own user.
 * Push is not available (Google and Graph cannot reach a laptop, so the
 * runner polls), and a person's first real calendar retires their demo.
 */

import type { GoogleClientConfig } from '../adapters/calendar/google/google-config.js';
import { GoogleConnector } from '../adapters/calendar/google/google-connector.js';
import type { MicrosoftConfig } from '../adapters/calendar/microsoft/microsoft-config.js';
import { MicrosoftConnector } from '../adapters/calendar/microsoft/microsoft-connector.js';
import {
  connectOAuthCalendar,
  type DisconnectDeps,
  disconnectOAuthCalendar,
  retireDemo,
} from '../core/oauth-connections.js';
import type { OAuthConnector, OAuthProvider } from '../core/oauth-ports.js';
import type { Deps } from '../core/ports.js';
import type { AllowList } from '../core/users/allow-list.js';
import type { NewUserDefaults } from '../core/users/find-or-create-user.js';
import { signedInUser, startSession } from '../web/auth/sessions.js';
import type { OAuthRouteDeps } from '../web/oauth/oauth-routes.js';
import { signUpByConnecting } from '../web/oauth/sign-up.js';
import { StateCookie } from '../web/oauth/state-cookie.js';

export const LOCAL_SETUP_HINT: Record<OAuthProvider, string> = {
  google:
    'To connect Google Calendar, create an OAuth client in Google Cloud (type "Web application", redirect URI http://localhost:3000/oauth/google/callback, or your port), then start Afterview with GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET set in the environment. The README explains each step under "Connecting Google Calendar".',
  microsoft:
    'To connect an Outlook calendar, register an app in Microsoft Entra and start Afterview with MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET set in the environment (see the README).',
};

export interface LocalOAuthInput {
  core: Deps;
  connect: DisconnectDeps;
  /** The one local user, or (`--sign-in`) who may sign up by connecting. */
  who: { userId: string } | { signIn: { allowList: AllowList; newUser: NewUserDefaults } };
  /** A secret kept in the data folder (the link-signing key); the state cookie's key derives from it. */
  secret: string;
  google?: GoogleClientConfig;
  microsoft?: MicrosoftConfig;
  /** The port the runner listens on, once known. */
  port: () => number;
}

/** The local connectors by provider: Google and Outlook when their apps are configured. */
export function localConnectors(input: Pick<LocalOAuthInput, 'core' | 'google' | 'microsoft'>) {
  const connectors: Partial<Record<OAuthProvider, OAuthConnector>> = {};
  if (input.google) connectors.google = new GoogleConnector({ config: input.google, log: input.core.log });
  if (input.microsoft) {
    connectors.microsoft = new MicrosoftConnector({ config: input.microsoft, log: input.core.log });
  }
  return connectors;
}

export function localOAuthRoutes(input: LocalOAuthInput): OAuthRouteDeps {
  const { core, who } = input;
  const connectors = localConnectors(input);
  const revoke = async (provider: string, secret: string) => {
    const connector = connectors[provider as OAuthProvider];
    if (connector) await connector.revoke(secret);
  };
  return {
    store: core.store,
    clock: core.clock,
    log: core.log,
    connectors,
    setupHint: LOCAL_SETUP_HINT,
    stateCookie: new StateCookie(input.secret, core.clock),
    // Google accepts http redirect URIs for `localhost` only (not 127.0.0.1).
    redirectOrigin: () => `http://localhost:${input.port()}`,
    ...('userId' in who
      ? {
          // One user on this machine: whichever account is connected, the calendar is theirs.
          signUpOrIn: async () => ({ userId: who.userId }),
          startSession: async () => {},
          currentUser: async () => who.userId,
        }
      : {
          signUpOrIn: signUpByConnecting(core, who.signIn.allowList, who.signIn.newUser),
          startSession,
          currentUser: async (c) => signedInUser(c),
        }),
    connect: async (request) => {
      // The demo goes first, so the first sync never meets its interviews or applications.
      await retireDemo(core, request.userId);
      return connectOAuthCalendar(input.connect, request);
    },
    disconnect: (owner, connectionId) =>
      disconnectOAuthCalendar({ ...input.connect, revoke }, owner, connectionId),
    landing: 'dashboard',
  };
}
