import {
  DecryptCommand,
  EncryptCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenDecryptError } from '../../functions/adapters/vault/errors.js';
import { KmsTokenVault } from '../../functions/adapters/vault/kms-token-vault.js';
import { LocalTokenVault } from '../../functions/adapters/vault/local-token-vault.js';

const KEY = Buffer.alloc(32, 7);

describe('LocalTokenVault', () => {
  const vault = new LocalTokenVault(KEY);

  it('round-trips any string, with a fresh IV each time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (plain) => {
        expect(await vault.decrypt(await vault.encrypt(plain))).toBe(plain);
      }),
      { numRuns: 100 },
    );
    const a = await vault.encrypt('1//refresh-token');
    const b = await vault.encrypt('1//refresh-token');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token');
  });

  it('accepts the key as base64 text', async () => {
    const fromText = new LocalTokenVault(KEY.toString('base64'));
    expect(await fromText.decrypt(await vault.encrypt('x'))).toBe('x');
  });

  it('rejects any flipped bit of the ciphertext', async () => {
    const cipher = await vault.encrypt('1//refresh-token');
    const blob = Buffer.from(cipher.slice('gcm1.'.length), 'base64url');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: blob.length * 8 - 1 }), async (bit) => {
        const flipped = Buffer.from(blob);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        await expect(vault.decrypt(`gcm1.${flipped.toString('base64url')}`)).rejects.toThrow(
          TokenDecryptError,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a ciphertext from another key, a truncated one and foreign text', async () => {
    const other = new LocalTokenVault(Buffer.alloc(32, 8));
    const cipher = await other.encrypt('secret');
    await expect(vault.decrypt(cipher)).rejects.toThrow(TokenDecryptError);
    await expect(vault.decrypt(cipher.slice(0, 20))).rejects.toThrow(TokenDecryptError);
    await expect(vault.decrypt('plain-refresh-token')).rejects.toThrow(TokenDecryptError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new LocalTokenVault(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('KmsTokenVault', () => {
  const kms = mockClient(KMSClient);
  const vault = new KmsTokenVault({
    client: new KMSClient({ region: 'eu-west-1' }),
    keyId: 'alias/afterview',
  });
  afterEach(() => kms.reset());

  it('encrypts with the key and the refresh-token encryption context', async () => {
    kms.on(EncryptCommand).resolves({ CiphertextBlob: Uint8Array.from([1, 2, 3]) });
    const cipher = await vault.encrypt('1//token');
    expect(cipher).toBe(`kms1.${Buffer.from([1, 2, 3]).toString('base64')}`);
    const calls = kms.commandCalls(EncryptCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      KeyId: 'alias/afterview',
      Plaintext: Buffer.from('1//token', 'utf8'),
      EncryptionContext: { purpose: 'refresh-token' },
    });
  });

  it('decrypts with the same key and context', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from('1//token', 'utf8') });
    expect(await vault.decrypt('kms1.AQID')).toBe('1//token');
    expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input).toEqual({
      KeyId: 'alias/afterview',
      CiphertextBlob: Buffer.from([1, 2, 3]),
      EncryptionContext: { purpose: 'refresh-token' },
    });
  });

  it('maps an invalid ciphertext to TokenDecryptError and lets other errors through', async () => {
    kms
      .on(DecryptCommand)
      .rejectsOnce(new InvalidCiphertextException({ message: 'bad', $metadata: {} }))
      .rejectsOnce(new Error('ThrottlingException'));
    await expect(vault.decrypt('kms1.AQID')).rejects.toThrow(TokenDecryptError);
    await expect(vault.decrypt('kms1.AQID')).rejects.toThrow('ThrottlingException');
  });

  it('maps a ciphertext from another key (IncorrectKeyException) to TokenDecryptError', async () => {
    kms.on(DecryptCommand).rejectsOnce(
      new IncorrectKeyException({
        message: 'the specified KMS key cannot decrypt the data',
        $metadata: {},
      }),
    );
    const error = await vault.decrypt('kms1.AQID').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenDecryptError);
    expect((error as Error).cause).toBeInstanceOf(IncorrectKeyException);
  });

  it('refuses text that is not one of its ciphertexts without calling KMS', async () => {
    await expect(vault.decrypt('gcm1.abc')).rejects.toThrow(TokenDecryptError);
    expect(kms.calls()).toHaveLength(0);
  });
});
