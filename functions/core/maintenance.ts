/**
 * Periodic upkeep: a safety sync for every active connection (and the poll
 * for ICS feeds, which have no push), the yearly sweep of closed
 * applications, and a count of what needs attention.
 * Renewing Google channels and Graph subscriptions joins here with those
 * connections: `channelsDue` lists the ones that lapse within the horizon.
 */
import type { Connection } from './model.js';
import type { Deps, SyncQueue } from './ports.js';
import { sweepClosedApplications } from './sweep.js';

/** Channels lapsing within this horizon are due for renewal. */
export const RENEWAL_HORIZON_MS = 24 * 60 * 60 * 1000;

export interface MaintenanceReport {
  syncsQueued: number;
  applicationsSwept: number;
  broken: number;
  channelsDue: Connection[];
}

export async function runMaintenance(
  deps: Pick<Deps, 'store' | 'clock' | 'log'> & { queue: SyncQueue },
): Promise<MaintenanceReport> {
  const connections = await deps.store.listAllConnections();
  const report: MaintenanceReport = { syncsQueued: 0, applicationsSwept: 0, broken: 0, channelsDue: [] };
  for (const connection of connections) {
    if (connection.status === 'broken') report.broken += 1;
    if (connection.status !== 'active') continue;
    await deps.queue.enqueue({
      userId: connection.userId,
      connectionId: connection.id,
      reason: 'maintenance',
    });
    report.syncsQueued += 1;
  }
  for (const userId of new Set(connections.map((c) => c.userId))) {
    report.applicationsSwept += await sweepClosedApplications(deps, userId);
  }
  const horizon = new Date(deps.clock.now().getTime() + RENEWAL_HORIZON_MS).toISOString();
  report.channelsDue = await deps.store.listConnectionsExpiringBefore(horizon);
  deps.log.info('maintenance done', {
    syncsQueued: report.syncsQueued,
    broken: report.broken,
    channelsDue: report.channelsDue.length,
  });
  return report;
}
