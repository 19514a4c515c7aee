/** Lambda entry: the EventBridge rule's periodic upkeep (ICS polls, safety syncs, channel renewals). */
import { requireEnv } from '../adapters/config.js';
import { runMaintenance } from '../core/maintenance.js';
import { clock, log } from './composition-root/container.js';
import { cloudPush } from './composition-root/oauth.js';
import { googleClient, readOAuthSecret } from './composition-root/oauth-secret.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudStore } from './composition-root/store.js';
import { cloudVault } from './composition-root/vault.js';

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
