/**
 * The OAuth `state`, bound to the browser that started the flow: a short-lived
 * cookie holding the state, the PKCE verifier, the provider and where to go
 * afterwards, sealed as an encrypted JWT (jose: `dir` + A256GCM, so it is
 * authenticated and the verifier is not readable). The callback accepts a
 * `state` only together with the cookie that carries it.
 */
import { hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import type { OAuthProvider } from '../../core/oauth-ports.js';

/** Ten minutes to consent: long enough for a second-factor prompt, short enough to be useless later. */
export const STATE_TTL_SECONDS = 600;

/** What the cookie binds together. */
export interface OAuthState {
  state: string;
  codeVerifier: string;
  provider: OAuthProvider;
  /** A same-site path to land on after connecting. */
  returnTo: string;
}

const Claims = z.object({
  st: z.string().min(16).max(200),
  cv: z.string().min(43).max(128),
  pv: z.enum(['google', 'microsoft']),
  rt: z.string().max(500),
});

/** Why a state was refused; each has its page. */
export type StateProblem = 'missing' | 'expired' | 'mismatch';

/**
 * Seals and opens the state cookie. The key is derived (HKDF) from a secret
 * the deployment already keeps (the link-signing key), under its own label,
 * so cookies and links can never be swapped for one another.
 */
export class StateCookie {
  readonly #key: Uint8Array;

  constructor(
    secret: string,
    private readonly clock: { now(): Date },
  ) {
    if (secret.length < 16) throw new Error('the state cookie secret must be at least 16 characters');
    this.#key = new Uint8Array(hkdfSync('sha256', secret, 'afterview', 'oauth-state-cookie v1', 32));
  }

  /** The cookie's name: `__Host-` over HTTPS, so no subdomain or path can shadow it. */
  static cookieName(secure: boolean): string {
    return secure ? '__Host-av-oauth' : 'av-oauth';
  }

  async set(c: Context, value: OAuthState): Promise<void> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const sealed = await new EncryptJWT({
      st: value.state,
      cv: value.codeVerifier,
      pv: value.provider,
      rt: value.returnTo,
    })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(now)
      .setExpirationTime(now + STATE_TTL_SECONDS)
      .encrypt(this.#key);
    const secure = isSecure(c);
    // Lax: the provider brings the browser back with a top-level GET, which Lax cookies accompany.
    setCookie(c, StateCookie.cookieName(secure), sealed, {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: '/',
      maxAge: STATE_TTL_SECONDS,
    });
  }

  /**
   * Opens the cookie, checks it carries `state` for `provider`, and clears it
   * (a state is good for one callback).
   */
  async take(
    c: Context,
    provider: OAuthProvider,
    state: string | undefined,
  ): Promise<OAuthState | StateProblem> {
    const secure = isSecure(c);
    const name = StateCookie.cookieName(secure);
    const sealed = getCookie(c, name);
    if (sealed) deleteCookie(c, name, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
    if (!sealed || sealed.length > 4096) return 'missing';
    let claims: z.infer<typeof Claims>;
    try {
      const { payload } = await jwtDecrypt(sealed, this.#key, {
        currentDate: this.clock.now(),
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      claims = Claims.parse(payload);
    } catch (error) {
      return error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED'
        ? 'expired'
        : 'missing';
    }
    if (claims.pv !== provider || !state || !sameText(state, claims.st)) return 'mismatch';
    return { state: claims.st, codeVerifier: claims.cv, provider: claims.pv, returnTo: claims.rt };
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isSecure(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** A path on this site to return to; anything else (other sites, `//host`, schemes) becomes `/`. */
export function safeReturnPath(value: string | undefined): string {
  if (!value || value.length > 500) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return /^[\x21-\x7e]*$/.test(value) ? value : '/';
}
