/**
 * Refresh tokens at rest on one machine: AES-256-GCM with a random 96-bit IV
 * per token and the purpose as additional authenticated data. Any change to
 * the ciphertext fails authentication.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';
import type { TokenVault } from '../../core/ports.js';
import { TokenDecryptError } from './errors.js';

const PREFIX = 'gcm1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('purpose=refresh-token');

/** `TokenVault` over a local 32-byte key; ciphertexts are `gcm1.<base64url(iv|tag|data)>`. */
export class LocalTokenVault implements TokenVault {
  readonly #key: Buffer;

  /** `key`: 32 raw bytes, or their base64/base64url text. */
  constructor(key: Uint8Array | string) {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
    if (bytes.length !== 32) throw new ValidationError('local vault key must be exactly 32 bytes');
    this.#key = bytes;
  }

  async encrypt(plain: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(AAD);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
  }

  async decrypt(text: string): Promise<string> {
    if (!text.startsWith(PREFIX)) throw new TokenDecryptError('not a local token ciphertext');
    const blob = Buffer.from(text.slice(PREFIX.length), 'base64url');
    if (blob.length < IV_BYTES + TAG_BYTES) throw new TokenDecryptError('ciphertext too short');
    const iv = blob.subarray(0, IV_BYTES);
    const tag = blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const data = blob.subarray(IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new TokenDecryptError(undefined, { cause: error });
    }
  }
}
