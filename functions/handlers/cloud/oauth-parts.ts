/**
 * The cloud's OAuth calendar parts, built from the stack's secrets: the
 * OAuth client ids and secrets (Secrets Manager, put by the deployer), the
 * KMS token vault, and for Google the connector, push channels and calendar
 * provider. A provider whose client id is still empty is simply not offered.
 */

import { KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { type GoogleClientConfig, googleEndpoints } from '../../adapters/calendar/google/google-config.js';
import { GoogleConnector } from '../../adapters/calendar/google/google-connector.js';
import { GooglePush } from '../../adapters/calendar/google/google-push.js';
import { requireEnv } from '../../adapters/config.js';
import { KmsTokenVault } from '../../adapters/vault/kms-token-vault.js';
import type { Connection } from '../../core/model.js';
import type { OAuthConnector, OAuthProvider, PushChannels } from '../../core/oauth-ports.js';
import type { Clock, Log, TokenVault } from '../../core/ports.js';

const Client = z.object({ clientId: z.string(), clientSecret: z.string() });
/** The secret's shape (infra/constructs/app-secrets.ts `OAUTH_SECRET_TEMPLATE`). */
export const OAuthSecret = z.object({
  google: Client.optional(),
  microsoft: Client.extend({ tenant: z.string().optional() }).optional(),
});
export type OAuthSecret = z.infer<typeof OAuthSecret>;

/** Reads and checks the OAuth secret once per container. */
export async function readOAuthSecret(): Promise<OAuthSecret> {
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: requireEnv('OAUTH_SECRET_ARN') }));
  const parsed = OAuthSecret.safeParse(JSON.parse(out.SecretString ?? '{}'));
  if (!parsed.success) throw new Error(`the OAuth secret is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function cloudVault(): TokenVault {
  return new KmsTokenVault({ client: new KMSClient({}), keyId: requireEnv('TOKEN_KEY_ARN') });
}

/** Google's client, when the deployer has put one (an empty template value means "not set up"). */
export function googleClient(secret: OAuthSecret): GoogleClientConfig | undefined {
  const google = secret.google;
  if (!google?.clientId || !google.clientSecret) return undefined;
  return { clientId: google.clientId, clientSecret: google.clientSecret, ...googleEndpoints() };
}

export function cloudConnectors(google: GoogleClientConfig | undefined, log: Log) {
  const connectors: Partial<Record<OAuthProvider, OAuthConnector>> = {};
  if (google) connectors.google = new GoogleConnector({ config: google, log });
  return connectors;
}

/** Push channels per provider; notifications arrive at `<BASE_URL>/webhooks/<provider>`. */
export function cloudPush(parts: {
  google: GoogleClientConfig | undefined;
  vault: TokenVault;
  baseUrl: string;
  clock: Clock;
}): (provider: Connection['provider']) => PushChannels | undefined {
  const base = parts.baseUrl.replace(/\/$/, '');
  const google = parts.google
    ? new GooglePush({
        config: parts.google,
        vault: parts.vault,
        webhookUrl: `${base}/webhooks/google`,
        clock: parts.clock,
      })
    : undefined;
  return (provider) => (provider === 'google' ? google : undefined);
}
