/**
 * The `maintenance` Lambda's logic: the core's upkeep (ICS polls, sparse
 * safety syncs, the sweep), then the push channels that lapse within a day,
 * or that a push calendar lacks, renewed by their provider's keeper.
 */
import { channelsToKeep, renewChannels } from '../core/channels.js';
import { type MaintenanceDeps, runMaintenance } from '../core/maintenance.js';
import type { Connection, ProviderName } from '../core/model.js';
import type { ChannelKeeper } from '../core/ports.js';

export interface MaintenanceChannels {
  /** Providers whose connections should have a channel (those configured here). */
  pushProviders: ProviderName[];
  keeperFor(connection: Connection): ChannelKeeper | undefined;
}

export function makeMaintenanceHandler(deps: MaintenanceDeps, channels: MaintenanceChannels) {
  return async () => {
    const report = await runMaintenance(deps);
    const due = channelsToKeep(
      await deps.store.listAllConnections(),
      report.channelsDue,
      channels.pushProviders,
    );
    const renewals = await renewChannels(deps, due, (c) => channels.keeperFor(c));
    return {
      syncsQueued: report.syncsQueued,
      safetySyncs: report.safetySyncs,
      broken: report.broken,
      channelsDue: due.length,
      channels: renewals,
    };
  };
}
