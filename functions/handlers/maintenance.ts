/** Lambda entry: the EventBridge rule's periodic upkeep. */

import { requireEnv } from '../adapters/config.js';
import { channelsToKeep, renewChannels } from '../core/channels.js';
import { runMaintenance } from '../core/maintenance.js';
import { cloudMicrosoftConfig, cloudVault, microsoftCalendar, microsoftKeeper } from './cloud/microsoft.js';
import { clock, cloudQueue, cloudStore, log } from './cloud/parts.js';

const deps = { store: cloudStore(), queue: cloudQueue(), clock, log };
const microsoft = microsoftCalendar(await cloudMicrosoftConfig(), { ...deps, vault: cloudVault() });
const keeper = microsoft && microsoftKeeper(microsoft, requireEnv('BASE_URL'));

export const handler = async () => {
  const report = await runMaintenance(deps);
  const due = channelsToKeep(await deps.store.listAllConnections(), report.channelsDue, ['microsoft']);
  const channels = await renewChannels(deps, due, (c) => (c.provider === 'microsoft' ? keeper : undefined));
  return {
    syncsQueued: report.syncsQueued,
    broken: report.broken,
    channelsDue: report.channelsDue.length,
    channels,
  };
};
