/**
 * The Outlook parts of the cloud composition root: the app registration from
 * the OAuth secret (empty values mean Outlook is not used), the Graph
 * subscriptions whose notification URLs are this deployment's webhook
 * routes, and the keeper that renews them. No calendar reading here:
 * maintenance, which only renews subscriptions, stays small.
 */
import { randomBytes } from 'node:crypto';
import {
  type MicrosoftConfig,
  microsoftEndpoints,
} from '../../adapters/calendar/microsoft/microsoft-config.js';
import {
  MicrosoftSubscriptions,
  subscriptionKeeper,
} from '../../adapters/calendar/microsoft/microsoft-subscriptions.js';
import { channelSecret } from '../../core/oauth-connections.js';
import type { ChannelKeeper, Store, TokenVault } from '../../core/ports.js';
import { clock, log } from './container.js';
import type { OAuthSecret } from './oauth-secret.js';

/** The Microsoft app, once the deployer has put one (the template's empty values mean "not set up"). */
export function microsoftClient(
  secret: OAuthSecret,
  env: Record<string, string | undefined> = process.env,
): MicrosoftConfig | undefined {
  const microsoft = secret.microsoft;
  if (!microsoft?.clientId || !microsoft.clientSecret) return undefined;
  return {
    clientId: microsoft.clientId,
    clientSecret: microsoft.clientSecret,
    tenant: microsoft.tenant || 'common',
    ...microsoftEndpoints(env),
  };
}

function urls(baseUrl: string) {
  const base = baseUrl.replace(/\/$/, '');
  return {
    notificationUrl: `${base}/webhooks/microsoft`,
    lifecycleNotificationUrl: `${base}/webhooks/microsoft/lifecycle`,
  };
}

/** Graph subscriptions as the shared push channels (connect opens one, disconnect closes it). */
export function microsoftPush(config: MicrosoftConfig, store: Store, vault: TokenVault, baseUrl: string) {
  return new MicrosoftSubscriptions({ config, store, vault, clock, log, ...urls(baseUrl) });
}

/** Renews a subscription by PATCH while Graph has it, else opens a new one (maintenance, lifecycle events). */
export function microsoftKeeper(
  config: MicrosoftConfig,
  store: Store,
  vault: TokenVault,
  baseUrl: string,
): ChannelKeeper {
  return subscriptionKeeper({
    config,
    store,
    vault,
    clock,
    log,
    ...urls(baseUrl),
    newClientState: (connection) =>
      channelSecret(connection.userId, connection.id, randomBytes(24).toString('base64url')),
  });
}
