/**
 * The Outlook parts of the cloud composition root: the app registration from
 * the OAuth secret (the deployer puts it; empty values mean Outlook is not
 * used), the KMS vault for token caches, and the subscription keeper whose
 * notification URLs are this deployment's webhook routes. No calendar reading
 * here: maintenance, which only renews subscriptions, stays small.
 */
import { randomBytes } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import {
  type MicrosoftConfig,
  microsoftEndpoints,
} from '../../adapters/calendar/microsoft/microsoft-config.js';
import { subscriptionKeeper } from '../../adapters/calendar/microsoft/microsoft-subscriptions.js';
import { requireEnv } from '../../adapters/config.js';
import { KmsTokenVault } from '../../adapters/vault/kms-token-vault.js';
import type { ChannelKeeper, Store, TokenVault } from '../../core/ports.js';
import { channelSecret } from '../../web/routes/webhook-routes.js';
import { clock, log } from './container.js';

const OAuthSecret = z.object({
  microsoft: z
    .object({ clientId: z.string(), clientSecret: z.string(), tenant: z.string().default('common') })
    .optional(),
});

/** The Microsoft app from the OAuth secret's JSON; undefined while its values are empty. */
export function microsoftConfigFromSecret(
  secret: string,
  env: Record<string, string | undefined> = process.env,
): MicrosoftConfig | undefined {
  const parsed = OAuthSecret.parse(JSON.parse(secret)).microsoft;
  if (!parsed?.clientId || !parsed.clientSecret) return undefined;
  return {
    clientId: parsed.clientId,
    clientSecret: parsed.clientSecret,
    tenant: parsed.tenant || 'common',
    ...microsoftEndpoints(env),
  };
}

export async function cloudMicrosoftConfig(): Promise<MicrosoftConfig | undefined> {
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: requireEnv('OAUTH_SECRET_ARN') }));
  return out.SecretString ? microsoftConfigFromSecret(out.SecretString) : undefined;
}

export function cloudVault(): TokenVault {
  return new KmsTokenVault({ client: new KMSClient({}), keyId: requireEnv('TOKEN_KEY_ARN') });
}

/** Subscriptions post to `<baseUrl>/webhooks/microsoft` (changes) and `.../lifecycle`. */
export function microsoftKeeper(config: MicrosoftConfig, store: Store, baseUrl: string): ChannelKeeper {
  return subscriptionKeeper({
    config,
    store,
    vault: cloudVault(),
    clock,
    log,
    notificationUrl: `${baseUrl}/webhooks/microsoft`,
    lifecycleNotificationUrl: `${baseUrl}/webhooks/microsoft/lifecycle`,
    newClientState: (connection) =>
      channelSecret(connection.userId, connection.id, randomBytes(24).toString('base64url')),
  });
}
