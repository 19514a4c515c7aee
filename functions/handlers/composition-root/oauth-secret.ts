/** The OAuth client ids and secrets the deployer put in Secrets Manager. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { type GoogleClientConfig, googleEndpoints } from '../../adapters/calendar/google/google-config.js';
import { requireEnv } from '../../adapters/config.js';

const Client = z.object({ clientId: z.string(), clientSecret: z.string() });
/** The secret's shape (infra/constructs/app-secrets.ts `OAUTH_SECRET_TEMPLATE`). */
export const OAuthSecret = z.object({
  google: Client.optional(),
  microsoft: Client.extend({ tenant: z.string().optional() }).optional(),
});
export type OAuthSecret = z.infer<typeof OAuthSecret>;

/** Reads and checks the OAuth secret; once per container. */
export async function readOAuthSecret(): Promise<OAuthSecret> {
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: requireEnv('OAUTH_SECRET_ARN') }));
  const parsed = OAuthSecret.safeParse(JSON.parse(out.SecretString ?? '{}'));
  if (!parsed.success) throw new Error(`the OAuth secret is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Google's client, once the deployer has put one (the template's empty values mean "not set up"). */
export function googleClient(secret: OAuthSecret): GoogleClientConfig | undefined {
  const google = secret.google;
  if (!google?.clientId || !google.clientSecret) return undefined;
  return { clientId: google.clientId, clientSecret: google.clientSecret, ...googleEndpoints() };
}
