/** The action-link signer, keyed by a generated secret in Secrets Manager. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { requireEnv } from '../../adapters/config.js';
import { HmacLinkSigner } from '../../adapters/links/hmac-signer.js';

/** The generated secret itself (the OAuth state cookie derives its own key from it). Read once per container. */
export async function cloudLinkSecret(): Promise<string> {
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: requireEnv('LINK_KEY_SECRET_ARN') }));
  if (!out.SecretString) throw new Error('link-signing secret has no string value');
  return out.SecretString;
}

export async function cloudLinks(secret?: string): Promise<HmacLinkSigner> {
  return new HmacLinkSigner(secret ?? (await cloudLinkSecret()));
}
