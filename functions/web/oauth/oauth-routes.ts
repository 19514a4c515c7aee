/**
 * Connect, callback and disconnect routes for every OAuth calendar provider:
 *
 * - `GET /connect/:provider` seals a fresh `state` and PKCE verifier in a
 *   short-lived cookie and sends the browser to the provider's consent page.
 * - `GET /oauth/:provider/callback` accepts the answer only with that cookie
 *   (once), exchanges the code, checks the verified email against whoever may
 *   use this Afterview, stores the connection and leaves the browser signed in.
 * - `POST /oauth/:provider/disconnect` (same-origin forms only) stops the
 *   channel, revokes the grant and forgets the tokens.
 *
 * Who the user is and how a session starts are injected (`signUpOrIn`,
 * `startSession`, `currentUser`): the local runner has one user, a deployment
 * has an allow-list and sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import type { Connection } from '../../core/model.js';
import {
  type ConnectedAccount,
  type OAuthConnector,
  OAuthFlowError,
  type OAuthProvider,
} from '../../core/oauth-ports.js';
import type { Clock, Log, Store } from '../../core/ports.js';
import { readForm } from '../forms.js';
import { page, type WebEnv } from '../respond.js';
import { notConnected } from './connections-page.js';
import { type ConnectProblem, connectedPage, connectProblemPage } from './oauth-pages.js';
import { STATE_TTL_SECONDS, type StateCookie, safeReturnPath } from './state-cookie.js';

/** The person a connection belongs to, or why they may not use this Afterview. */
export type SignUpResult = { userId: string } | { refused: 'not-allowed' };

export interface OAuthRouteDeps {
  store: Pick<Store, 'useOnce' | 'list'>;
  clock: Clock;
  log: Log;
  /** Configured providers; one missing here answers with `setupHint`. */
  connectors: Partial<Record<OAuthProvider, OAuthConnector>>;
  /** How to set up a provider that is not configured (shown on its connect page). */
  setupHint: Record<OAuthProvider, string>;
  stateCookie: StateCookie;
  /**
   * The origin redirect URIs use (`<origin>/oauth/<provider>/callback`). The
   * flow starts on this origin too, so the state cookie comes back with the
   * browser (the local runner registers `localhost`, not `127.0.0.1`).
   */
  redirectOrigin(): string;
  /**
   * Finds or creates the user for a verified account: deployments check the
   * allow-list; the local runner answers with its one user.
   */
  signUpOrIn(account: Pick<ConnectedAccount, 'email' | 'displayName' | 'timeZone'>): Promise<SignUpResult>;
  /** Leaves the browser signed in as `userId` (a deployment's session); nothing on the local runner. */
  startSession(c: Context<WebEnv>, userId: string): Promise<void>;
  /** The signed-in user, if any (disconnect acts for them only). */
  currentUser(c: Context<WebEnv>): Promise<string | undefined>;
  /** Stores the connection, opens its channel, queues the first sync (`core/connections.ts`). */
  connect(input: { userId: string; provider: OAuthProvider; account: ConnectedAccount }): Promise<Connection>;
  /** Stops, revokes and forgets; `undefined` when the user has no such connection. */
  disconnect(userId: string, connectionId: string): Promise<Connection | undefined>;
  /** Where to land after connecting when the user has a dashboard; a confirmation page otherwise. */
  landing: 'dashboard' | 'page';
}

const PROVIDERS: readonly OAuthProvider[] = ['google', 'microsoft'];
const LABELS: Record<OAuthProvider, string> = { google: 'Google Calendar', microsoft: 'Outlook Calendar' };

function providerOf(value: string): OAuthProvider | undefined {
  return PROVIDERS.find((p) => p === value);
}

/** Adds the connect, callback and disconnect routes. */
export function addOAuthRoutes(app: Hono<WebEnv>, deps: OAuthRouteDeps): void {
  app.use('/oauth/:provider/disconnect', csrf());

  app.get('/connect/:provider', async (c) => {
    const provider = providerOf(c.req.param('provider'));
    if (!provider) return problem(c, { kind: 'unknown-provider' });
    const connector = deps.connectors[provider];
    if (!connector) {
      return problem(c, { kind: 'not-configured', label: LABELS[provider], hint: deps.setupHint[provider] });
    }
    const origin = deps.redirectOrigin();
    const here = new URL(c.req.url);
    if (here.origin !== origin) {
      // Start where the provider will send the browser back, or the cookie would not return with it.
      return c.redirect(`${origin}${here.pathname}${here.search}`, 302);
    }
    const state = randomBytes(32).toString('base64url');
    const request = await connector.authorize({ state, redirectUri: redirectUri(deps, provider) });
    await deps.stateCookie.set(c, {
      state,
      codeVerifier: request.codeVerifier,
      provider,
      returnTo: safeReturnPath(c.req.query('return')),
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(request.url, 302);
  });

  app.get('/oauth/:provider/callback', async (c) => {
    const provider = providerOf(c.req.param('provider'));
    if (!provider) return problem(c, { kind: 'unknown-provider' });
    const label = LABELS[provider];
    const connectUrl = `/connect/${provider}`;
    const connector = deps.connectors[provider];
    if (!connector) return problem(c, { kind: 'not-configured', label, hint: deps.setupHint[provider] });
    const query = c.req.query();
    const opened = await deps.stateCookie.take(c, provider, query.state);
    if (query.error !== undefined) {
      // The provider said no (the person declined, or the request was refused): nothing to exchange.
      return problem(c, {
        kind: query.error === 'access_denied' ? 'denied' : 'provider-error',
        label,
        connectUrl,
      });
    }
    if (typeof opened === 'string') return problem(c, { kind: 'state', problem: opened, label, connectUrl });
    const expiresAt = new Date(deps.clock.now().getTime() + STATE_TTL_SECONDS * 1000).toISOString();
    if (!(await deps.store.useOnce(`oauth-state#${opened.state}`, expiresAt))) {
      return problem(c, { kind: 'state', problem: 'replayed', label, connectUrl });
    }
    if (!query.code || query.code.length > 2048) {
      return problem(c, { kind: 'flow', reason: 'exchange-refused', label, connectUrl });
    }
    let account: ConnectedAccount;
    try {
      account = await connector.exchange({
        code: query.code,
        codeVerifier: opened.codeVerifier,
        redirectUri: redirectUri(deps, provider),
      });
    } catch (error) {
      if (!(error instanceof OAuthFlowError)) throw error;
      deps.log.warn('oauth exchange refused', { provider, reason: error.reason, error: error.message });
      return problem(c, { kind: 'flow', reason: error.reason, label, connectUrl });
    }
    if (!account.emailVerified) {
      await revokeQuietly(deps, connector, account.secret);
      return problem(c, { kind: 'unverified-email', label, connectUrl, email: account.email });
    }
    const who = await deps.signUpOrIn({
      email: account.email,
      displayName: account.displayName,
      timeZone: account.timeZone,
    });
    if ('refused' in who) {
      // Nothing of theirs is kept, not even the grant they just gave.
      await revokeQuietly(deps, connector, account.secret);
      return problem(c, { kind: 'not-allowed', label, email: account.email });
    }
    await deps.connect({ userId: who.userId, provider, account });
    await deps.startSession(c, who.userId);
    if (deps.landing === 'page') return page(c, `${label} connected`, connectedPage(label, account.email));
    const target = new URL(opened.returnTo, 'http://x');
    target.searchParams.set('connected', provider);
    return c.redirect(`${target.pathname}${target.search}`, 303);
  });

  app.post('/oauth/:provider/disconnect', async (c) => {
    const provider = providerOf(c.req.param('provider'));
    if (!provider) return problem(c, { kind: 'unknown-provider' });
    const userId = await deps.currentUser(c);
    const form = await readForm(c.req);
    const connectionId = typeof form.connectionId === 'string' ? form.connectionId : '';
    const ours = connectionId.startsWith(`${provider}-`) && /^[A-Za-z0-9_-]{1,100}$/.test(connectionId);
    const gone = userId && ours ? await deps.disconnect(userId, connectionId) : undefined;
    if (!gone) return page(c, 'Not found', notConnected(), 404);
    return c.redirect('/connections?done=disconnected', 303);
  });
}

/** Every provider, and whether it is configured here (else its button explains the setup). */
export function offeredProviders(deps: Pick<OAuthRouteDeps, 'connectors'>) {
  return PROVIDERS.map((provider) => ({
    provider,
    label: LABELS[provider],
    configured: deps.connectors[provider] !== undefined,
  }));
}

function redirectUri(deps: OAuthRouteDeps, provider: OAuthProvider): string {
  return `${deps.redirectOrigin()}/oauth/${provider}/callback`;
}

function problem(c: Context<WebEnv>, what: ConnectProblem): Response {
  const shown = connectProblemPage(what);
  return page(c, shown.title, shown.body, shown.status);
}

async function revokeQuietly(deps: OAuthRouteDeps, connector: OAuthConnector, secret: string): Promise<void> {
  try {
    await connector.revoke(secret);
  } catch (error) {
    deps.log.warn('could not revoke a refused grant', { provider: connector.provider, error: String(error) });
  }
}
