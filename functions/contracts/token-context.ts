/**
 * The KMS encryption context of every refresh token: the vault adapter
 * encrypts and decrypts with it, and the stack's key policy allows the key
 * for nothing else.
 */
export const REFRESH_TOKEN_CONTEXT = { purpose: 'refresh-token' } as const;
