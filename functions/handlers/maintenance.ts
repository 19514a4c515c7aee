/** Lambda entry: the EventBridge rule's periodic upkeep. */
import { runMaintenance } from '../core/maintenance.js';
import { clock, log } from './composition-root/container.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudStore } from './composition-root/store.js';

const deps = { store: cloudStore(), queue: cloudQueue(), clock, log };
export const handler = async () => {
  const report = await runMaintenance(deps);
  return { syncsQueued: report.syncsQueued, broken: report.broken, channelsDue: report.channelsDue.length };
};
