/** Lambda entry: the EventBridge rule's periodic upkeep (ICS polls, safety syncs, channel renewals). */
import { requireEnv } from '../adapters/config.js';
import type { ProviderName } from '../core/model.js';
import { clock, log } from './composition-root/container.js';
import { cloudMicrosoftConfig, microsoftKeeper } from './composition-root/microsoft.js';
import { cloudPush, googleKeeper } from './composition-root/oauth.js';
import { googleClient, readOAuthSecret } from './composition-root/oauth-secret.js';
import { cloudQueue } from './composition-root/queue.js';
import { cloudStore } from './composition-root/store.js';
import { cloudVault } from './composition-root/vault.js';
import { makeMaintenanceHandler } from './maintenance-handler.js';

const baseUrl = requireEnv('BASE_URL');
const deps = { store: cloudStore(), queue: cloudQueue(), clock, log };
const vault = cloudVault();
const google = googleKeeper({
  ...deps,
  vault,
  push: cloudPush({ google: googleClient(await readOAuthSecret()), vault, baseUrl, clock }),
});
const microsoftConfig = await cloudMicrosoftConfig();
const outlook = microsoftConfig && microsoftKeeper(microsoftConfig, deps.store, baseUrl);

export const handler = makeMaintenanceHandler(deps, {
  pushProviders: [
    ...(google ? ['google' as ProviderName] : []),
    ...(outlook ? ['microsoft' as ProviderName] : []),
  ],
  keeperFor: (c) => (c.provider === 'google' ? google : c.provider === 'microsoft' ? outlook : undefined),
});
