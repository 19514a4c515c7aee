/** Lambda entry: the EventBridge rule's periodic upkeep. */
import { runMaintenance } from '../core/maintenance.js';
import { clock, cloudQueue, cloudStore, log } from './cloud/parts.js';

const deps = { store: cloudStore(), queue: cloudQueue(), clock, log };
export const handler = async () => {
  const report = await runMaintenance(deps);
  return { syncsQueued: report.syncsQueued, broken: report.broken, channelsDue: report.channelsDue.length };
};
