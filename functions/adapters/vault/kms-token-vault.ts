/**
 * Refresh tokens at rest, encrypted by KMS. The encryption context binds each
 * ciphertext to its purpose: a blob encrypted for anything else under the
 * same key does not decrypt here.
 */
import {
  DecryptCommand,
  type DecryptCommandOutput,
  EncryptCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { REFRESH_TOKEN_CONTEXT } from '../../contracts/token-context.js';
import type { TokenVault } from '../../core/ports.js';
import { TokenDecryptError } from './errors.js';

const PREFIX = 'kms1.';

/** `TokenVault` over a KMS symmetric key; ciphertexts are `kms1.<base64>`. */
export class KmsTokenVault implements TokenVault {
  readonly #client: KMSClient;
  readonly #keyId: string;

  constructor(deps: { client: KMSClient; keyId: string }) {
    this.#client = deps.client;
    this.#keyId = deps.keyId;
  }

  async encrypt(plain: string): Promise<string> {
    const output = await this.#client.send(
      new EncryptCommand({
        KeyId: this.#keyId,
        Plaintext: Buffer.from(plain, 'utf8'),
        EncryptionContext: { ...REFRESH_TOKEN_CONTEXT },
      }),
    );
    if (!output.CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    return PREFIX + Buffer.from(output.CiphertextBlob).toString('base64');
  }

  async decrypt(cipher: string): Promise<string> {
    if (!cipher.startsWith(PREFIX)) throw new TokenDecryptError('not a KMS token ciphertext');
    let output: DecryptCommandOutput;
    try {
      output = await this.#client.send(
        new DecryptCommand({
          // Naming the key stops KMS from using whichever key the blob names.
          KeyId: this.#keyId,
          CiphertextBlob: Buffer.from(cipher.slice(PREFIX.length), 'base64'),
          EncryptionContext: { ...REFRESH_TOKEN_CONTEXT },
        }),
      );
    } catch (error) {
      // Tampered or truncated (invalid), or encrypted under another key (incorrect key):
      // either way this token is unreadable here, and the user must reconnect.
      if (error instanceof InvalidCiphertextException || error instanceof IncorrectKeyException)
        throw new TokenDecryptError(undefined, { cause: error });
      throw error;
    }
    if (!output.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return Buffer.from(output.Plaintext).toString('utf8');
  }
}
