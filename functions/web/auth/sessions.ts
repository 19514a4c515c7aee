/**
 * Sessions on the web side: the cookie, who is signed in, sign-out, and
 * CSRF. The session itself lives in the store (`core/users/sessions.ts`), so
 * it works the same in the `api` Lambda and the local runner.
 *
 * The cookie is `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` with the
 * `__Host-` prefix when the app is served over HTTPS, and ends with the
 * session. Every form a signed-in page renders carries the session's CSRF
 * token (`page()` adds the field); `requireCsrf` checks it on every POST.
 *
 * For the OAuth callbacks: after checking the provider's verified address
 * with `findOrCreateAllowedUser`, call `startSession(c, userId)` and
 * redirect to `/`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Session } from '../../core/model.js';
import type { Deps } from '../../core/ports.js';
import {
  closeSession,
  csrfMatches,
  openSession,
  readSession,
  type SessionTicket,
} from '../../core/users/sessions.js';
import { readForm } from '../forms.js';
import { h } from '../html.js';
import { page, type WebEnv } from '../respond.js';

/** The form field that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';

/** What session handling needs from the core, kept on the request by `sessions()`. */
export type SessionDeps = Pick<Deps, 'store' | 'clock' | 'baseUrl'>;

/** The variables this module sets on a request. */
export interface SessionVariables {
  sessionDeps?: SessionDeps;
  /** The signed-in user (or the one user of a single-user runner). */
  userId?: string;
  session?: Session;
  /** Put into every POST form by `page()`. */
  csrfToken?: string;
}

type AnyContext = Context<WebEnv>;

function secure(deps: SessionDeps): boolean {
  return deps.baseUrl.startsWith('https:');
}

/** `__Host-` needs `Secure`: over plain HTTP (the local runner) the cookie has a plain name. */
export function cookieName(deps: SessionDeps): string {
  return secure(deps) ? '__Host-afterview' : 'afterview';
}

function depsOf(c: AnyContext): SessionDeps {
  const deps = c.get('sessionDeps');
  if (!deps) throw new Error('sessions() middleware is not installed');
  return deps;
}

function writeCookie(c: AnyContext, deps: SessionDeps, ticket: SessionTicket): void {
  const maxAge = Math.max(
    1,
    Math.floor((Date.parse(ticket.session.validUntil) - deps.clock.now().getTime()) / 1000),
  );
  setCookie(c, cookieName(deps), ticket.cookie, {
    httpOnly: true,
    secure: secure(deps),
    sameSite: 'Lax',
    path: '/',
    maxAge,
  });
}

function signIn(c: AnyContext, session: Session): void {
  c.set('userId', session.userId);
  c.set('session', session);
  c.set('csrfToken', session.csrf);
}

/**
 * Reads the session cookie on every request: sets `userId`, `session` and
 * `csrfToken` when it names a live session, and sends the rotated cookie when
 * the session was renewed.
 */
export function sessions(deps: SessionDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    c.set('sessionDeps', deps);
    const found = await readSession(deps, getCookie(c, cookieName(deps)));
    if (found) {
      signIn(c, found.session);
      if (found.rotated) writeCookie(c, deps, found.rotated);
    }
    await next();
  };
}

/**
 * Starts a session for `userId` and sets its cookie (sign-in links, OAuth
 * callbacks). On the single-user runner (no sign-in) there is nothing to
 * start: every page is that user's already.
 */
export async function startSession(c: AnyContext, userId: string): Promise<void> {
  if (!c.get('sessionDeps') && c.get('userId') === userId) return;
  const deps = depsOf(c);
  // A new sign-in never keeps the old session (fixation): end it first.
  await closeSession(deps, getCookie(c, cookieName(deps)));
  const ticket = await openSession(deps, userId);
  writeCookie(c, deps, ticket);
  signIn(c, ticket.session);
}

/** Ends the request's session server-side and clears the cookie. */
export async function endSession(c: AnyContext): Promise<void> {
  const deps = depsOf(c);
  await closeSession(deps, getCookie(c, cookieName(deps)));
  deleteCookie(c, cookieName(deps), { path: '/', secure: secure(deps) });
  c.set('userId', undefined);
  c.set('session', undefined);
  c.set('csrfToken', undefined);
}

/** The signed-in user of this request, if any. */
export function signedInUser(c: AnyContext): string | undefined {
  return c.get('userId');
}

/** The signed-in user; use behind `requireSignIn()` only. */
export function currentUser(c: AnyContext): string {
  const userId = c.get('userId');
  if (!userId) throw new Error('currentUser() used on a route without requireSignIn()');
  return userId;
}

/**
 * Lets signed-in requests through. Others: a GET goes to the sign-in page;
 * anything else is refused (401) and changes nothing.
 */
export function requireSignIn(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.get('userId')) return next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/sign-in', 303);
    const body = h`<h1>Please sign in</h1><p>Your session has ended, so nothing was changed. <a href="/sign-in">Sign in</a> and try again.</p>`;
    return page(c, 'Please sign in', body, 401);
  };
}

/**
 * Checks the CSRF token of a signed-in POST against its session (constant
 * time). A request without a session passes through: routes that need one
 * sit behind `requireSignIn()`.
 */
export function requireCsrf(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (c.req.method !== 'POST' || !session) return next();
    const form = await readForm(c.req);
    if (csrfMatches(session, form[CSRF_FIELD])) return next();
    const body = h`<h1>Please try again</h1><p>This form was out of date or did not come from Afterview, so nothing was changed. Go back, reload the page and send it again.</p>`;
    return page(c, 'Please try again', body, 403);
  };
}

/** The hidden field for a form built outside `page()` (which adds it by itself). */
export function csrfField(c: AnyContext) {
  const token = c.get('csrfToken');
  return token ? h`<input type="hidden" name="${CSRF_FIELD}" value="${token}">` : h``;
}
