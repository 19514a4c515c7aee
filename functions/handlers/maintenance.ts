/** Lambda entry: the EventBridge rule's periodic upkeep. */
import { requireEnv } from '../adapters/config.js';
import { channelsToKeep, renewChannels } from '../core/channels.js';
import { runMaintenance } from '../core/maintenance.js';
import { clock, log } from './composition-root/container.js';
import { cloudMicrosoftConfig, microsoftKeeper } from './composition-root/microsoft.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudStore } from './composition-root/store.js';

const deps = { store: cloudStore(), queue: cloudQueue(), clock, log };
const microsoftConfig = await cloudMicrosoftConfig();
const keeper = microsoftConfig && microsoftKeeper(microsoftConfig, deps.store, requireEnv('BASE_URL'));

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
