/**
 * Connecting and disconnecting OAuth calendars (Google, Microsoft), push
 * channel upkeep, and retiring the demo calendar once a real one is
 * connected. Provider details stay behind `PushChannels` and `OAuthConnector`.
 */
import { randomBytes } from 'node:crypto';
import { connectionIdFor, scheduleName } from './ids.js';
import type { Connection, Interview } from './model.js';
import type { ConnectedAccount, OAuthProvider, PushChannels } from './oauth-ports.js';
import type { Deps, SyncQueue, TokenVault } from './ports.js';
import { retryOnConflict } from './retry.js';

/** Channel tokens and Graph clientStates: `v1.<userId>.<connectionId>.<secret>` (the webhook parses it). */
export function channelSecret(userId: string, connectionId: string, random: string): string {
  return `v1.${userId}.${connectionId}.${random}`;
}

export interface ConnectDeps extends Pick<Deps, 'store' | 'clock' | 'log'> {
  vault: TokenVault;
  queue: SyncQueue;
  /** Push channels for a provider; absent where notifications cannot arrive (the local runner polls). */
  push?: (provider: Connection['provider']) => PushChannels | undefined;
}

/** One connection per provider account: reconnecting the same account finds it again. */
export function oauthConnectionId(provider: OAuthProvider, email: string): string {
  return connectionIdFor(provider, email.trim().toLowerCase());
}

/**
 * Stores (or revives) the connection of `account` for `userId`, its grant
 * encrypted through the vault, opens a push channel where push is available,
 * and queues the first sync. Reconnecting keeps the connection's id, so
 * interviews already found are found again, not duplicated.
 */
export async function connectOAuthCalendar(
  deps: ConnectDeps,
  input: { userId: string; provider: OAuthProvider; account: ConnectedAccount },
): Promise<Connection> {
  const { userId, provider, account } = input;
  const id = oauthConnectionId(provider, account.email);
  const encryptedRefreshToken = await deps.vault.encrypt(account.secret);
  let connection = await retryOnConflict(async () => {
    const existing = await deps.store.get('connection', userId, id);
    const base: Connection = existing ?? {
      userId,
      id,
      version: 0,
      provider,
      calendarId: account.calendarId,
      status: 'active',
    };
    return deps.store.put('connection', {
      ...base,
      calendarId: account.calendarId,
      accountEmail: account.email,
      status: 'active',
      encryptedRefreshToken,
      brokenReason: undefined,
      brokenNotifiedAt: undefined,
    });
  });
  connection = await openChannel(deps, connection);
  await deps.queue.enqueue({ userId, connectionId: id, reason: 'connected' });
  deps.log.info('calendar connected', { userId, connectionId: id, provider });
  return connection;
}

/**
 * Opens a new push channel for the connection and then stops the old one,
 * so notifications never lapse (the Google `ChannelKeeper` renews with it,
 * see `core/channels.ts`). Without push, the connection is returned
 * unchanged. Throws `GrantRevokedError` if the grant is gone.
 */
export async function openChannel(deps: ConnectDeps, connection: Connection): Promise<Connection> {
  const push = deps.push?.(connection.provider);
  if (!push) return connection;
  const token = channelSecret(connection.userId, connection.id, randomBytes(24).toString('base64url'));
  const opened = await push.open(connection, token);
  const old =
    connection.channelId !== undefined
      ? { channelId: connection.channelId, resourceId: connection.channelResourceId }
      : undefined;
  const saved = await retryOnConflict(async () => {
    const fresh = (await deps.store.get('connection', connection.userId, connection.id)) ?? connection;
    return deps.store.put('connection', {
      ...fresh,
      channelId: opened.channelId,
      channelResourceId: opened.resourceId,
      channelToken: token,
      channelExpiresAt: opened.expiresAt,
    });
  });
  if (old && old.channelId !== opened.channelId) {
    try {
      await push.close(connection, old);
    } catch (error) {
      // The old channel lapses by itself; its notifications no longer match the stored channel.
      deps.log.warn('could not stop the old channel', { connectionId: connection.id, error: String(error) });
    }
  }
  return saved;
}

/**
 * Disconnects a calendar: stops its channel, revokes the grant (`revoke`
 * gets the decrypted token material), forgets the tokens and the cursor, and
 * cancels the pending schedules of its interviews. The interviews stay, so
 * reconnecting later finds them again instead of prompting twice.
 */
export type DisconnectDeps = ConnectDeps &
  Pick<Deps, 'scheduler'> & {
    /** Revokes a provider grant, given the decrypted token material. */
    revoke?: (provider: Connection['provider'], secret: string) => Promise<void>;
  };

export async function disconnectOAuthCalendar(
  deps: DisconnectDeps,
  userId: string,
  connectionId: string,
): Promise<Connection | undefined> {
  const connection = await deps.store.get('connection', userId, connectionId);
  if (!connection || connection.status === 'deleted') return undefined;
  const push = deps.push?.(connection.provider);
  if (push && connection.channelId) {
    await push
      .close(connection, { channelId: connection.channelId, resourceId: connection.channelResourceId })
      .catch((error: unknown) =>
        deps.log.warn('could not stop the channel', { connectionId, error: String(error) }),
      );
  }
  if (deps.revoke && connection.encryptedRefreshToken) {
    try {
      await deps.revoke(connection.provider, await deps.vault.decrypt(connection.encryptedRefreshToken));
    } catch (error) {
      // The tokens are deleted below either way; the user can also remove access at the provider.
      deps.log.warn('could not revoke the grant', { connectionId, error: String(error) });
    }
  }
  const saved = await retryOnConflict(async () => {
    const fresh = await deps.store.get('connection', userId, connectionId);
    if (!fresh) return undefined;
    return deps.store.put('connection', {
      ...fresh,
      status: 'deleted',
      encryptedRefreshToken: undefined,
      syncToken: undefined,
      channelId: undefined,
      channelResourceId: undefined,
      channelToken: undefined,
      channelExpiresAt: undefined,
    });
  });
  await cancelSchedulesOf(deps, userId, connectionId);
  deps.log.info('calendar disconnected', { userId, connectionId });
  return saved;
}

/** Cancels the prep, thank-you and status-check schedules that hang on a connection's interviews. */
async function cancelSchedulesOf(
  deps: Pick<Deps, 'store' | 'scheduler'>,
  userId: string,
  connectionId: string,
): Promise<Interview[]> {
  const interviews = await deps.store.list('interview', userId);
  const mine = interviews.filter((i) => i.connectionId === connectionId);
  for (const interview of mine) {
    for (const kind of ['prep', 'interview-ended'] as const) {
      await deps.scheduler.cancel(
        scheduleName({ kind, userId, interviewId: interview.id, version: interview.version }),
      );
    }
  }
  // A status check waits on an application; only one left with no interview elsewhere is cancelled.
  const elsewhere = new Set(
    interviews.filter((i) => i.connectionId !== connectionId).map((i) => i.applicationId),
  );
  for (const applicationId of new Set(mine.map((i) => i.applicationId))) {
    if (elsewhere.has(applicationId)) continue;
    await deps.scheduler.cancel(scheduleName({ kind: 'status-check', userId, applicationId, version: 0 }));
  }
  return mine;
}

/**
 * The local runner's demo calendar gives way to the first real one: its
 * interviews, their applications, tasks and prompts, and its pending
 * schedules are removed, and the demo connection is deleted, so no demo mail
 * is sent after this.
 */
export async function retireDemo(
  deps: Pick<Deps, 'store' | 'scheduler' | 'log'>,
  userId: string,
): Promise<number> {
  const demos = (await deps.store.list('connection', userId)).filter((c) => c.provider === 'demo');
  let removed = 0;
  for (const demo of demos) {
    const interviews = await cancelSchedulesOf(deps, userId, demo.id);
    const interviewIds = new Set(interviews.map((i) => i.id));
    const others = (await deps.store.list('interview', userId)).filter((i) => i.connectionId !== demo.id);
    const keptApplications = new Set(others.map((i) => i.applicationId));
    const applicationIds = new Set(
      interviews.map((i) => i.applicationId).filter((id) => !keptApplications.has(id)),
    );
    for (const task of await deps.store.list('task', userId)) {
      if ((task.interviewId && interviewIds.has(task.interviewId)) || applicationIds.has(task.applicationId))
        await deps.store.delete('task', userId, task.id);
    }
    for (const prompt of await deps.store.list('prompt', userId)) {
      const fromDemo =
        (prompt.applicationId !== undefined && applicationIds.has(prompt.applicationId)) ||
        prompt.interviewIds.some((id) => interviewIds.has(id));
      if (fromDemo) await deps.store.delete('prompt', userId, prompt.id);
    }
    for (const id of applicationIds) await deps.store.delete('application', userId, id);
    for (const id of interviewIds) await deps.store.delete('interview', userId, id);
    await deps.store.delete('connection', userId, demo.id);
    removed += interviews.length;
    deps.log.info('demo calendar retired', { userId, interviews: interviews.length });
  }
  return removed;
}
