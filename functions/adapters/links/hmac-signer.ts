/**
 * Signs action-link tokens as compact JWS (HS256) with `jose`. Tokens carry
 * only the claims given plus `iat`/`exp`: no `typ`, no issuer, so that links
 * in mails stay short.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { LinkRejectedError, ValidationError } from '../../core/errors.js';
import type { LinkSigner } from '../../core/ports.js';

const ALG = 'HS256';
const MIN_SECRET_BYTES = 32;
const RESERVED = new Set(['iat', 'exp', 'nbf', 'iss', 'sub', 'aud', 'jti']);

/** `LinkSigner` over an HMAC secret of at least 32 bytes. */
export class HmacLinkSigner implements LinkSigner {
  readonly #key: Uint8Array;

  constructor(secret: string | Uint8Array) {
    const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (key.byteLength < MIN_SECRET_BYTES) {
      throw new ValidationError(`link-signing secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    this.#key = key;
  }

  async sign(claims: Record<string, string>, ttlSeconds: number, now: Date): Promise<string> {
    const reserved = Object.keys(claims).filter((name) => RESERVED.has(name));
    if (reserved.length > 0) throw new ValidationError(`reserved claim names: ${reserved.join(', ')}`);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new ValidationError('ttlSeconds must be a positive integer');
    }
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALG })
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .sign(this.#key);
  }

  async verify(token: string, now: Date): Promise<Record<string, string>> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.#key, { algorithms: [ALG], currentDate: now }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new LinkRejectedError('expired', { cause: error });
      throw new LinkRejectedError('invalid', { cause: error });
    }
    // jose accepts a token without `exp`; ours always carry one.
    if (typeof payload.exp !== 'number') throw new LinkRejectedError('invalid');
    return stringClaims(payload);
  }
}

function stringClaims(payload: Record<string, unknown>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (RESERVED.has(name)) continue;
    if (typeof value !== 'string') throw new LinkRejectedError('invalid');
    claims[name] = value;
  }
  return claims;
}
