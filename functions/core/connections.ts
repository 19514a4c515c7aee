/**
 * Calendar connections a person manages from the Connections page: connect
 * an ICS address, reconnect, disconnect. Every use case takes the user id
 * from the session and reads the connection under it, so an id from a form
 * can only ever name one of that user's own connections.
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from './errors.js';
import { connectionIdFor } from './ids.js';
import type { Connection } from './model.js';
import type { Deps, SyncQueue } from './ports.js';
import { retryOnConflict } from './retry.js';

/** An ICS address as a person pastes it: http(s) or webcal, bounded. */
export const IcsAddress = z
  .string()
  .trim()
  .min(1, { error: 'Paste the calendar’s ICS address.' })
  .max(2048, { error: 'That address is too long for a calendar address.' })
  .transform((text) => text.replace(/^webcals?:\/\//i, 'https://'))
  .refine(
    (text) => {
      try {
        const url = new URL(text);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { error: 'Use the calendar’s web address, starting with https:// or webcal://.' },
  );

type ConnectDeps = Pick<Deps, 'store'> & { queue?: SyncQueue };

/** Connects (or reconnects) an ICS feed and asks for a first read at once. */
export async function connectIcsCalendar(
  deps: ConnectDeps,
  userId: string,
  address: string,
): Promise<Connection> {
  const parsed = IcsAddress.safeParse(address);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? 'Check the address.');
  const url = parsed.data;
  const id = connectionIdFor('ics', url);
  const connection = await retryOnConflict(async () => {
    const current = await deps.store.get('connection', userId, id);
    if (current?.status === 'active') return current;
    return deps.store.put('connection', {
      ...current,
      ...CLEARED,
      userId,
      id,
      version: current?.version ?? 0,
      provider: 'ics',
      calendarId: url,
      status: 'active',
    });
  });
  await deps.queue?.enqueue({ userId, connectionId: id, reason: 'connected' });
  return connection;
}

/** Makes a broken or disconnected ICS connection active again and reads it in full. */
export async function reconnectCalendar(
  deps: ConnectDeps,
  userId: string,
  connectionId: string,
): Promise<Connection> {
  const connection = await retryOnConflict(async () => {
    const current = await ownConnection(deps, userId, connectionId);
    if (current.provider !== 'ics' && current.provider !== 'demo') {
      throw new ValidationError(`Reconnect ${providerName(current.provider)} by signing in with it again.`);
    }
    return deps.store.put('connection', { ...current, ...CLEARED, status: 'active' });
  });
  await deps.queue?.enqueue({ userId, connectionId, reason: 'reconnected' });
  return connection;
}

/**
 * Stops reading a calendar. The interviews already found stay; stored
 * credentials and channel details go (least data). The entry stays as
 * `deleted` so that a late notification for it is recognised and ignored.
 */
export async function disconnectCalendar(
  deps: Pick<Deps, 'store'>,
  userId: string,
  connectionId: string,
): Promise<void> {
  await retryOnConflict(async () => {
    const current = await ownConnection(deps, userId, connectionId);
    if (current.status === 'deleted') return;
    await deps.store.put('connection', {
      ...current,
      ...CLEARED,
      status: 'deleted',
      encryptedRefreshToken: undefined,
      channelId: undefined,
      channelResourceId: undefined,
      channelToken: undefined,
      channelExpiresAt: undefined,
    });
  });
}

/** The user's connections a person can see (disconnected ones are gone for them). */
export async function listConnections(deps: Pick<Deps, 'store'>, userId: string): Promise<Connection[]> {
  return (await deps.store.list('connection', userId)).filter((c) => c.status !== 'deleted');
}

/** Provider names as people know them. */
export function providerName(provider: Connection['provider']): string {
  return { google: 'Google Calendar', microsoft: 'Outlook', ics: 'ICS calendar', demo: 'Demo calendar' }[
    provider
  ];
}

async function ownConnection(
  deps: Pick<Deps, 'store'>,
  userId: string,
  connectionId: string,
): Promise<Connection> {
  const current = await deps.store.get('connection', userId, connectionId);
  if (!current || current.status === 'deleted') throw new NotFoundError('That calendar is not connected.');
  return current;
}

/** Cleared on (re)connecting: failure state and cursor, so the next read is a full one. */
const CLEARED = {
  syncToken: undefined,
  brokenReason: undefined,
  brokenNotifiedAt: undefined,
  failures: undefined,
  failingSince: undefined,
  failureReason: undefined,
  retryAt: undefined,
} as const;
