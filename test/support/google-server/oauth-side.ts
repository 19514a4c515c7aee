/**
 * Google's OAuth 2.0 endpoints as documented for web-server apps: the consent
 * URL (`/o/oauth2/v2/auth`) that redirects back with a code (or
 * `error=access_denied`), `/token` (authorization code with PKCE, refresh),
 * `/revoke`, `/tokeninfo`, and RS256-signed ID tokens whose keys are served at
 * `/oauth2/v1/certs` (PEM; Google serves X.509 certificates, Node accepts the
 * public key alike) and `/oauth2/v3/certs` (JWK).
 *
 * Deviations, on purpose: consent is given at once by the account the test
 * set (no login page), and refresh tokens never expire by age.
 */
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';

export interface GoogleAccount {
  sub: string;
  email: string;
  emailVerified: boolean;
  name?: string;
}

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge?: string;
  challengeMethod?: string;
  scopes: string[];
  account: GoogleAccount;
  offline: boolean;
  forceConsent: boolean;
  expiresAt: number;
  used: boolean;
}

interface Grant {
  clientId: string;
  account: GoogleAccount;
  scopes: string[];
  refreshToken?: string;
  revoked: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

export interface OAuthReply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

/** Every request the OAuth side saw, for assertions. */
export interface OAuthCall {
  path: string;
  params: Record<string, string>;
}

const KID = 'test-key-1';
const ISSUER = 'https://accounts.google.com';

export class OAuthSide {
  readonly calls: OAuthCall[] = [];
  /** The account that consents next. */
  account: GoogleAccount = {
    sub: '1000001',
    email: 'alex@gmail.test',
    emailVerified: true,
    name: 'Alex Kim',
  };
  /** Set to make the next consent a refusal (`error=access_denied`). */
  denyNextConsent = false;
  /** Set to withhold the refresh token from the next code exchange (as Google does when consent was given before). */
  withholdNextRefreshToken = false;
  /** Access-token lifetime in seconds (Google: 3599). */
  accessTokenSeconds = 3599;
  readonly #codes = new Map<string, AuthCode>();
  readonly #grants: Grant[] = [];
  readonly #access = new Map<string, AccessToken>();
  #keys?: {
    privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    pem: string;
    jwk: Record<string, unknown>;
  };

  constructor(
    readonly client: RegisteredClient,
    private readonly now: () => number,
  ) {}

  async init(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    this.#keys = { privateKey, pem: await exportSPKI(publicKey), jwk };
  }

  /** The live grants, for assertions (revoked ones included, flagged). */
  grants(): ReadonlyArray<Readonly<Grant>> {
    return this.#grants;
  }

  /** Revokes every grant of an account, as the user does at myaccount.google.com. */
  revokeAccount(email: string): void {
    for (const grant of this.#grants) if (grant.account.email === email) grant.revoked = true;
  }

  /** The grant behind a bearer token, if it is live and has one of `scopes`. */
  authorize(header: string | undefined, scopes: string[]): Grant | 'invalid' | 'scope' {
    const token = header?.match(/^Bearer (.+)$/)?.[1];
    const access = token ? this.#access.get(token) : undefined;
    if (!access || access.grant.revoked || access.expiresAt <= this.now()) return 'invalid';
    return access.grant.scopes.some((s) => scopes.includes(s)) ? access.grant : 'scope';
  }

  consent(params: Record<string, string>): OAuthReply {
    this.calls.push({ path: '/o/oauth2/v2/auth', params });
    const { client_id, redirect_uri, response_type, scope, state } = params;
    if (client_id !== this.client.clientId)
      return errorPage('invalid_client', 'The OAuth client was not found.');
    if (!redirect_uri || !this.client.redirectUris.includes(redirect_uri)) {
      return errorPage('redirect_uri_mismatch', `The redirect URI ${redirect_uri ?? ''} is not registered.`);
    }
    const back = new URL(redirect_uri);
    if (state !== undefined) back.searchParams.set('state', state);
    if (response_type !== 'code' || !scope) {
      back.searchParams.set('error', 'invalid_request');
      return redirect(back);
    }
    if (params.code_challenge_method && !['S256', 'plain'].includes(params.code_challenge_method)) {
      back.searchParams.set('error', 'invalid_request');
      return redirect(back);
    }
    if (this.denyNextConsent) {
      this.denyNextConsent = false;
      back.searchParams.set('error', 'access_denied');
      return redirect(back);
    }
    const code = `4/${randomBytes(24).toString('base64url')}`;
    this.#codes.set(code, {
      clientId: client_id,
      redirectUri: redirect_uri,
      challenge: params.code_challenge,
      challengeMethod: params.code_challenge_method ?? (params.code_challenge ? 'plain' : undefined),
      scopes: scope.split(' ').filter(Boolean),
      account: { ...this.account },
      offline: params.access_type === 'offline',
      forceConsent: (params.prompt ?? '').split(' ').includes('consent'),
      expiresAt: this.now() + 10 * 60_000,
      used: false,
    });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scope);
    return redirect(back);
  }

  async token(params: Record<string, string>, basicAuth: string | undefined): Promise<OAuthReply> {
    this.calls.push({ path: '/token', params: redactSecrets(params) });
    const credentials = clientCredentials(params, basicAuth);
    if (credentials.id !== this.client.clientId || credentials.secret !== this.client.clientSecret) {
      return tokenError(401, 'invalid_client', 'The OAuth client was not found.');
    }
    if (params.grant_type === 'authorization_code') return this.#exchange(params);
    if (params.grant_type === 'refresh_token') return this.#refresh(params);
    return tokenError(400, 'unsupported_grant_type', 'Invalid grant_type.');
  }

  async #exchange(params: Record<string, string>): Promise<OAuthReply> {
    const code = params.code ? this.#codes.get(params.code) : undefined;
    if (!code || code.used || code.expiresAt <= this.now())
      return tokenError(400, 'invalid_grant', 'Bad Request');
    code.used = true;
    if (params.redirect_uri !== code.redirectUri)
      return tokenError(400, 'redirect_uri_mismatch', 'Bad Request');
    if (code.challenge !== undefined) {
      const verifier = params.code_verifier ?? '';
      const computed =
        code.challengeMethod === 'S256'
          ? createHash('sha256').update(verifier).digest('base64url')
          : verifier;
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || computed !== code.challenge) {
        return tokenError(400, 'invalid_grant', 'Invalid code verifier.');
      }
    } else if (params.code_verifier !== undefined) {
      return tokenError(400, 'invalid_grant', 'code_verifier given, but no code_challenge was sent.');
    }
    const known = this.#grants.find(
      (g) => !g.revoked && g.clientId === code.clientId && g.account.sub === code.account.sub,
    );
    // Google returns a refresh token on the first offline consent, or when consent is asked again.
    const giveRefresh = code.offline && (!known || code.forceConsent) && !this.withholdNextRefreshToken;
    this.withholdNextRefreshToken = false;
    const grant: Grant = known ?? {
      clientId: code.clientId,
      account: code.account,
      scopes: code.scopes,
      revoked: false,
    };
    grant.scopes = [...new Set([...grant.scopes, ...code.scopes])];
    if (!known) this.#grants.push(grant);
    if (giveRefresh) grant.refreshToken = `1//${randomBytes(32).toString('base64url')}`;
    const body: Record<string, unknown> = {
      ...this.#newAccess(grant),
      ...(giveRefresh ? { refresh_token: grant.refreshToken } : {}),
    };
    if (code.scopes.includes('openid')) body.id_token = await this.#idToken(grant);
    return { status: 200, json: body };
  }

  #refresh(params: Record<string, string>): OAuthReply {
    const grant = this.#grants.find(
      (g) => g.refreshToken !== undefined && g.refreshToken === params.refresh_token,
    );
    if (!grant || grant.revoked)
      return tokenError(400, 'invalid_grant', 'Token has been expired or revoked.');
    return { status: 200, json: this.#newAccess(grant) };
  }

  #newAccess(grant: Grant): Record<string, unknown> {
    const token = `ya29.${randomBytes(24).toString('base64url')}`;
    this.#access.set(token, { grant, expiresAt: this.now() + this.accessTokenSeconds * 1000 });
    return {
      access_token: token,
      expires_in: this.accessTokenSeconds,
      scope: grant.scopes.join(' '),
      token_type: 'Bearer',
    };
  }

  async #idToken(grant: Grant): Promise<string> {
    if (!this.#keys) throw new Error('OAuthSide.init() was not called');
    // Signed against real time: google-auth-library checks it against the machine's clock.
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      azp: grant.clientId,
      email: grant.account.email,
      email_verified: grant.account.emailVerified,
      ...(grant.account.name ? { name: grant.account.name } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(grant.clientId)
      .setSubject(grant.account.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.#keys.privateKey);
  }

  revoke(params: Record<string, string>): OAuthReply {
    this.calls.push({ path: '/revoke', params: redactSecrets(params) });
    const token = params.token ?? '';
    const byRefresh = this.#grants.find((g) => g.refreshToken === token);
    const byAccess = this.#access.get(token)?.grant;
    const grant = byRefresh ?? byAccess;
    if (!grant || grant.revoked) return tokenError(400, 'invalid_token', 'Token expired or revoked');
    grant.revoked = true;
    return { status: 200, json: {} };
  }

  tokenInfo(params: Record<string, string>): OAuthReply {
    this.calls.push({ path: '/tokeninfo', params: redactSecrets(params) });
    const access = params.access_token ? this.#access.get(params.access_token) : undefined;
    if (!access || access.grant.revoked || access.expiresAt <= this.now()) {
      return { status: 400, json: { error: 'invalid_token', error_description: 'Invalid Value' } };
    }
    const { grant } = access;
    const expiresIn = Math.floor((access.expiresAt - this.now()) / 1000);
    return {
      status: 200,
      json: {
        azp: grant.clientId,
        aud: grant.clientId,
        sub: grant.account.sub,
        scope: grant.scopes.join(' '),
        exp: String(Math.floor(access.expiresAt / 1000)),
        expires_in: String(expiresIn),
        email: grant.account.email,
        email_verified: String(grant.account.emailVerified),
        access_type: grant.refreshToken ? 'offline' : 'online',
      },
    };
  }

  certs(format: 'pem' | 'jwk'): OAuthReply {
    if (!this.#keys) throw new Error('OAuthSide.init() was not called');
    const headers = { 'cache-control': 'public, max-age=21600, must-revalidate, no-transform' };
    return format === 'pem'
      ? { status: 200, headers, json: { [KID]: this.#keys.pem } }
      : { status: 200, headers, json: { keys: [this.#keys.jwk] } };
  }
}

function redirect(url: URL): OAuthReply {
  return { status: 302, headers: { location: url.toString() } };
}

function errorPage(error: string, description: string): OAuthReply {
  return { status: 400, text: `Error 400: ${error}\n${description}` };
}

function tokenError(status: number, error: string, description: string): OAuthReply {
  return { status, json: { error, error_description: description } };
}

function clientCredentials(
  params: Record<string, string>,
  basicAuth: string | undefined,
): { id?: string; secret?: string } {
  const basic = basicAuth?.match(/^Basic (.+)$/)?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { id: params.client_id, secret: params.client_secret };
}

function redactSecrets(params: Record<string, string>): Record<string, string> {
  const out = { ...params };
  for (const key of ['client_secret', 'code', 'code_verifier', 'refresh_token', 'token', 'access_token']) {
    if (out[key] !== undefined) out[key] = `<${key}>`;
  }
  return out;
}
