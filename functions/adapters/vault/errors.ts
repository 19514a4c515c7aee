/** A ciphertext could not be decrypted: tampered, truncated, or from another key. */
export class TokenDecryptError extends Error {
  override name = 'TokenDecryptError';
  constructor(message = 'token could not be decrypted', options?: { cause?: unknown }) {
    super(message, options);
  }
}
