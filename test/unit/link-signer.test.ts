import fc from 'fast-check';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../../functions/adapters/links/hmac-signer.js';
import { LinkRejectedError, ValidationError } from '../../functions/core/errors.js';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const signer = new HmacLinkSigner(SECRET);
const NOW = new Date('2030-03-04T10:00:00Z');
const CLAIMS = { p: 'thank-you-sent', u: 'user-1', t: 'task-1', n: '01HZXNONCE' };

async function rejection(promise: Promise<unknown>): Promise<LinkRejectedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LinkRejectedError) return error;
    throw error;
  }
  throw new Error('expected a LinkRejectedError');
}

function later(seconds: number): Date {
  return new Date(NOW.getTime() + seconds * 1000);
}

describe('HmacLinkSigner', () => {
  it('round-trips the claims exactly, without iat/exp', async () => {
    const token = await signer.sign(CLAIMS, 3600, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await signer.verify(token, later(10))).toEqual(CLAIMS);
  });

  it('writes a short header and only the given claims plus iat/exp', async () => {
    const token = await signer.sign(CLAIMS, 60, NOW);
    const [header, payload] = token.split('.');
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(header!)))).toEqual({ alg: 'HS256' });
    const iat = NOW.getTime() / 1000;
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(payload!)))).toEqual({
      ...CLAIMS,
      iat,
      exp: iat + 60,
    });
  });

  it('accepts until exp and rejects as expired from exp on', async () => {
    const token = await signer.sign(CLAIMS, 60, NOW);
    expect(await signer.verify(token, later(59))).toEqual(CLAIMS);
    expect((await rejection(signer.verify(token, later(60)))).reason).toBe('expired');
    expect((await rejection(signer.verify(token, later(86_400)))).reason).toBe('expired');
  });

  it('rejects a token signed with another key as invalid', async () => {
    const other = new HmacLinkSigner('another-secret-that-is-32-bytes-long');
    const token = await other.sign(CLAIMS, 60, NOW);
    expect((await rejection(signer.verify(token, NOW))).reason).toBe('invalid');
  });

  it('rejects a tampered payload with the original signature', async () => {
    const token = await signer.sign(CLAIMS, 60, NOW);
    const [header, , signature] = token.split('.');
    const forged = base64url.encode(JSON.stringify({ ...CLAIMS, u: 'user-2', iat: 1, exp: 9_999_999_999 }));
    expect((await rejection(signer.verify(`${header}.${forged}.${signature}`, NOW))).reason).toBe('invalid');
  });

  it('rejects alg none, other algorithms, malformed input and non-string claims', async () => {
    const exp = NOW.getTime() / 1000 + 60;
    const unsecured = new UnsecuredJWT({ ...CLAIMS }).setExpirationTime(exp).encode();
    const hs512 = await new SignJWT({ ...CLAIMS })
      .setProtectedHeader({ alg: 'HS512' })
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET.repeat(2)));
    const numeric = await new SignJWT({ ...CLAIMS, t: 42 })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET));
    const noExp = await new SignJWT({ ...CLAIMS })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
    for (const token of [unsecured, hs512, numeric, noExp, '', 'abc', 'a.b.c', `${unsecured}x`]) {
      expect((await rejection(signer.verify(token, NOW))).reason).toBe('invalid');
    }
  });

  it('rejects any single-character mutation of a token', async () => {
    const token = await signer.sign(CLAIMS, 3600, NOW);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet.split('')),
        async (index, replacement) => {
          const mutated = token.slice(0, index) + replacement + token.slice(index + 1);
          fc.pre(mutated !== token);
          // The last base64url character of the signature carries 2 padding
          // bits that decoders ignore; a change there alone may decode to
          // the same bytes, which is not a forgery.
          fc.pre(!sameBytes(token, mutated));
          const error = await rejection(signer.verify(mutated, NOW));
          expect(error.reason).toBe('invalid');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (garbage) => {
        expect((await rejection(signer.verify(garbage, NOW))).reason).toBe('invalid');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses short secrets, reserved claim names and bad ttls', async () => {
    expect(() => new HmacLinkSigner('short')).toThrow(ValidationError);
    await expect(signer.sign({ exp: '1' }, 60, NOW)).rejects.toThrow(ValidationError);
    await expect(signer.sign(CLAIMS, 0, NOW)).rejects.toThrow(ValidationError);
  });
});

/** True when two compact tokens decode to the same bytes part by part. */
function sameBytes(a: string, b: string): boolean {
  const partsA = a.split('.');
  const partsB = b.split('.');
  if (partsA.length !== partsB.length) return false;
  try {
    return partsA.every((part, i) => {
      const other = partsB[i]!;
      return Buffer.from(base64url.decode(part)).equals(Buffer.from(base64url.decode(other)));
    });
  } catch {
    return false;
  }
}
