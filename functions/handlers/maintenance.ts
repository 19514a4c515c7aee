/** Lambda entry: the EventBridge rule's periodic upkeep (ICS polls, safety syncs, channel renewals). */
import { requireEnv } from '../adapters/config.js';
import { runMaintenance } from '../core/maintenance.js';
import { cloudPush, cloudVault, googleClient, readOAuthSecret } from './cloud/oauth-parts.js';
import { clock, cloudQueue, cloudStore, log } from './cloud/parts.js';

const store = cloudStore();
const queue = cloudQueue();
const vault = cloudVault();
const push = cloudPush({
  google: googleClient(await readOAuthSecret()),
  vault,
  baseUrl: requireEnv('BASE_URL'),
  clock,
});
const deps = { store, queue, clock, log, channels: { store, queue, clock, log, vault, push } };
export const handler = async () => {
  const report = await runMaintenance(deps);
  return {
    syncsQueued: report.syncsQueued,
    safetySyncs: report.safetySyncs,
    broken: report.broken,
    channelsDue: report.channelsDue.length,
    renewals: report.renewals,
  };
};
