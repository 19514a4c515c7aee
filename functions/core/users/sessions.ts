/**
 * Sessions of signed-in browsers, kept in the store so that they hold across
 * Lambdas and end server-side. A cookie value is `<userId>.<secret>`; only
 * the secret's hash is stored. Sessions expire when idle and at an absolute
 * end, and rotate: after `ROTATE_AFTER_MS` of use a request gets a new cookie,
 * and the old one keeps answering only for a short grace (other requests
 * already in flight with it).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConflictError } from '../errors.js';
import { digest } from '../ids.js';
import type { Session } from '../model.js';
import type { Deps } from '../ports.js';
import { toInstant } from '../timing.js';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

export const SESSION_LIMITS = {
  /** A session unused this long ends. */
  idleMs: 14 * DAY,
  /** No session outlives its sign-in by more than this. */
  absoluteMs: 30 * DAY,
  /** A session older than this is replaced by a new one on its next use. */
  rotateAfterMs: 15 * MINUTE,
  /** How long a replaced session still answers. */
  graceMs: 1 * MINUTE,
} as const;

type SessionDeps = Pick<Deps, 'store' | 'clock'>;

/** A session and the cookie value that names it. */
export interface SessionTicket {
  cookie: string;
  session: Session;
}

/** The session a cookie names, and a new ticket when it was rotated just now. */
export interface ReadSession {
  session: Session;
  rotated?: SessionTicket;
}

const USER_ID = /^[A-Za-z0-9_-]{1,128}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Starts a new session for `userId` (after a sign-in link, a mail's link or OAuth). */
export async function openSession(deps: SessionDeps, userId: string): Promise<SessionTicket> {
  const now = deps.clock.now();
  return createSession(deps, userId, {
    signedInAt: toInstant(now),
    csrf: randomBytes(32).toString('base64url'),
  });
}

/**
 * The live session a cookie value names, or undefined (malformed, unknown,
 * ended, or replaced longer ago than the grace). Rotates when due.
 */
export async function readSession(
  deps: SessionDeps,
  cookie: string | undefined,
): Promise<ReadSession | undefined> {
  const parsed = parseCookie(cookie);
  if (!parsed) return undefined;
  const session = await deps.store.get('session', parsed.userId, parsed.id);
  const now = deps.clock.now();
  if (!session || !isLive(session, now)) return undefined;
  if (session.replacedAt || now.getTime() - Date.parse(session.createdAt) < SESSION_LIMITS.rotateAfterMs) {
    return { session };
  }
  const fresh = await createSession(deps, session.userId, {
    signedInAt: session.signedInAt,
    csrf: session.csrf,
    previousId: session.id,
  });
  try {
    const graceEnd = Math.min(Date.parse(session.validUntil), now.getTime() + SESSION_LIMITS.graceMs);
    await deps.store.put('session', {
      ...session,
      replacedAt: toInstant(now),
      validUntil: toInstant(new Date(graceEnd)),
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Another request rotated it first: keep theirs, drop ours.
    await deps.store.delete('session', fresh.session.userId, fresh.session.id);
    return { session };
  }
  // The one before it is long past its grace: at most two items per browser.
  if (session.previousId) await deps.store.delete('session', session.userId, session.previousId);
  return { session: fresh.session, rotated: fresh };
}

/** Ends the session a cookie names (and the one it replaced). Unknown cookies are fine. */
export async function closeSession(deps: SessionDeps, cookie: string | undefined): Promise<void> {
  const parsed = parseCookie(cookie);
  if (!parsed) return;
  const session = await deps.store.get('session', parsed.userId, parsed.id);
  await deps.store.delete('session', parsed.userId, parsed.id);
  if (session?.previousId) await deps.store.delete('session', parsed.userId, session.previousId);
}

/** True when `token` is this session's anti-CSRF token (compared in constant time). */
export function csrfMatches(session: Session, token: string | undefined): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The user a cookie value claims, before any check: for logs and routing only. */
export function parseCookie(cookie: string | undefined): { userId: string; id: string } | undefined {
  if (!cookie) return undefined;
  const dot = cookie.lastIndexOf('.');
  const userId = cookie.slice(0, dot);
  const secret = cookie.slice(dot + 1);
  if (dot <= 0 || !USER_ID.test(userId) || !SECRET.test(secret)) return undefined;
  return { userId, id: sessionIdOf(secret) };
}

function sessionIdOf(secret: string): string {
  return `s-${digest(secret, 43)}`;
}

function isLive(session: Session, now: Date): boolean {
  const end = Math.min(
    Date.parse(session.validUntil),
    Date.parse(session.signedInAt) + SESSION_LIMITS.absoluteMs,
  );
  return now.getTime() < end;
}

async function createSession(
  deps: SessionDeps,
  userId: string,
  from: { signedInAt: string; csrf: string; previousId?: string },
): Promise<SessionTicket> {
  const now = deps.clock.now();
  const secret = randomBytes(32).toString('base64url');
  const end = Math.min(
    now.getTime() + SESSION_LIMITS.idleMs,
    Date.parse(from.signedInAt) + SESSION_LIMITS.absoluteMs,
  );
  const session = await deps.store.put('session', {
    userId,
    id: sessionIdOf(secret),
    version: 0,
    createdAt: toInstant(now),
    signedInAt: from.signedInAt,
    validUntil: toInstant(new Date(end)),
    csrf: from.csrf,
    ...(from.previousId ? { previousId: from.previousId } : {}),
  });
  return { cookie: `${userId}.${secret}`, session };
}
