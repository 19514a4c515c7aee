/**
 * Keeping push channels alive: maintenance renews the ones that lapse soon,
 * and a lifecycle notification (Graph: reauthorization required, subscription
 * removed) renews or re-creates one after its sync. A grant that is gone is
 * left to the sync, which marks the connection broken and mails once.
 */
import { GrantRevokedError } from './errors.js';
import type { Connection, ProviderName } from './model.js';
import type { ChannelKeeper, Log, SyncQueue } from './ports.js';

/** Sync reasons after which the connection's channel must be renewed or re-created. */
const CHANNEL_REASONS = new Set(['graph:reauthorizationRequired', 'graph:subscriptionRemoved']);

export function channelNeedsCare(reason: string): boolean {
  return CHANNEL_REASONS.has(reason);
}

export type ChannelOutcome = 'renewed' | 'grant-gone' | 'failed' | 'skipped';

export async function keepChannel(
  deps: { log: Log; queue: SyncQueue },
  keeper: ChannelKeeper | undefined,
  connection: Connection,
): Promise<ChannelOutcome> {
  if (!keeper || connection.status !== 'active') return 'skipped';
  try {
    await keeper.keep(connection);
    return 'renewed';
  } catch (error) {
    if (error instanceof GrantRevokedError) {
      // The sync meets the same dead grant, marks the connection broken and tells the user once.
      await deps.queue.enqueue({
        userId: connection.userId,
        connectionId: connection.id,
        reason: 'grant-check',
      });
      return 'grant-gone';
    }
    // The renewal horizon leaves room for the next maintenance run to try again.
    deps.log.warn('channel renewal failed', { connectionId: connection.id, error: String(error) });
    return 'failed';
  }
}

/** Renews every channel maintenance found due; returns how each went. */
export async function renewChannels(
  deps: { log: Log; queue: SyncQueue },
  due: Connection[],
  keeperFor: (connection: Connection) => ChannelKeeper | undefined,
): Promise<Partial<Record<ChannelOutcome, number>>> {
  const outcomes: Partial<Record<ChannelOutcome, number>> = {};
  for (const connection of due) {
    const outcome = await keepChannel(deps, keeperFor(connection), connection);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return outcomes;
}

/** Channels lapsing soon, and active connections of a push provider that have none yet (a create that failed). */
export function channelsToKeep(
  all: Connection[],
  due: Connection[],
  pushProviders: ProviderName[],
): Connection[] {
  const without = all.filter(
    (c) => pushProviders.includes(c.provider) && c.status === 'active' && !c.channelId,
  );
  return [...due.filter((c) => c.status === 'active'), ...without];
}
