/**
 * Periodic upkeep. ICS feeds have no push, so each run polls them. Google and
 * Microsoft calendars are pushed: they get a safety sync only when they have
 * not synced for `CADENCE.pushSafetySyncHours` (a lost notification).
 * `channelsDue` lists the channels that lapse within a day; the maintenance
 * handler renews them (`core/channels.ts`). Also the yearly sweep of closed
 * applications, and a count of what needs attention.
 */
import { CADENCE, HOUR_MS } from '../contracts/cadence.js';
import type { Connection } from './model.js';
import type { Deps, SyncQueue } from './ports.js';
import { sweepClosedApplications } from './sweep.js';

/** Channels lapsing within this horizon are due for renewal. */
export const RENEWAL_HORIZON_MS = CADENCE.channelRenewalHorizonHours * HOUR_MS;
/** A push-connected calendar not synced for this long gets a safety sync. */
export const SAFETY_SYNC_AFTER_MS = CADENCE.pushSafetySyncHours * HOUR_MS;

const PUSHED: ReadonlySet<Connection['provider']> = new Set(['google', 'microsoft']);

export interface MaintenanceReport {
  /** ICS polls and safety syncs queued. */
  syncsQueued: number;
  safetySyncs: number;
  applicationsSwept: number;
  broken: number;
  channelsDue: Connection[];
}

export type MaintenanceDeps = Pick<Deps, 'store' | 'clock' | 'log'> & { queue: SyncQueue };

export async function runMaintenance(deps: MaintenanceDeps): Promise<MaintenanceReport> {
  const now = deps.clock.now().getTime();
  const connections = await deps.store.listAllConnections();
  const report: MaintenanceReport = {
    syncsQueued: 0,
    safetySyncs: 0,
    applicationsSwept: 0,
    broken: 0,
    channelsDue: [],
  };
  for (const connection of connections) {
    if (connection.status === 'broken') report.broken += 1;
    if (connection.status !== 'active') continue;
    const pushed = PUSHED.has(connection.provider);
    const lastSync = connection.lastSyncAt ? Date.parse(connection.lastSyncAt) : 0;
    if (pushed && now - lastSync < SAFETY_SYNC_AFTER_MS) continue;
    await deps.queue.enqueue({
      userId: connection.userId,
      connectionId: connection.id,
      reason: pushed ? 'safety-sync' : 'poll',
    });
    report.syncsQueued += 1;
    if (pushed) report.safetySyncs += 1;
  }
  for (const userId of new Set(connections.map((c) => c.userId))) {
    report.applicationsSwept += await sweepClosedApplications(deps, userId);
  }
  const horizon = new Date(now + RENEWAL_HORIZON_MS).toISOString();
  report.channelsDue = (await deps.store.listConnectionsExpiringBefore(horizon)).filter(
    (c) => c.status === 'active',
  );
  deps.log.info('maintenance done', {
    syncsQueued: report.syncsQueued,
    safetySyncs: report.safetySyncs,
    broken: report.broken,
    channelsDue: report.channelsDue.length,
  });
  return report;
}
