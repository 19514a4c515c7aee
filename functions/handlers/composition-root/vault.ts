/** Refresh tokens at rest: the KMS token vault. */
import { KMSClient } from '@aws-sdk/client-kms';
import { requireEnv } from '../../adapters/config.js';
import { KmsTokenVault } from '../../adapters/vault/kms-token-vault.js';
import type { TokenVault } from '../../core/ports.js';

export function cloudVault(): TokenVault {
  return new KmsTokenVault({ client: new KMSClient({}), keyId: requireEnv('TOKEN_KEY_ARN') });
}
