/**
 * The Microsoft identity platform's v2.0 endpoints, as documented: instance
 * discovery, OpenID configuration and keys, authorize (code + PKCE S256),
 * and token (authorization_code with code_verifier; refresh_token). Refresh
 * fails with `invalid_grant` (AADSTS70000: revoked) or `interaction_required`
 * (AADSTS50076: sign in again) when the test says the grant is gone.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Account } from './accounts.js';
import { oauthError, readBody, sendJson } from './http.js';

interface CodeGrant {
  account: Account;
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  nonce?: string;
  expiresAt: number;
}

export interface IdentityState {
  clientId: string;
  clientSecret: string;
  accounts: Map<string, Account>;
  /** Which account signs in at the next authorize (by email); else `login_hint`. */
  nextSignIn?: string;
  /** The next authorize is answered with `access_denied` (consent declined). */
  denyNextConsent: boolean;
  codes: Map<string, CodeGrant>;
  refreshTokens: Map<string, { oid: string; scopes: string[] }>;
  accessTokens: Map<string, { oid: string; expiresAt: number }>;
  /** Token requests by grant type, for assertions. */
  tokenRequests: string[];
}

const ACCESS_TOKEN_SECONDS = 3600;
let signingKey: { privateKey: CryptoKey; jwk: Record<string, unknown> } | undefined;

async function keys(): Promise<{ privateKey: CryptoKey; jwk: Record<string, unknown> }> {
  if (!signingKey) {
    const pair = await generateKeyPair('RS256');
    signingKey = {
      privateKey: pair.privateKey,
      jwk: { ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256' },
    };
  }
  return signingKey;
}

function token(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Handles a login request; false when the path is not one of these endpoints. */
export async function handleIdentity(
  state: IdentityState,
  base: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname;
  if (path === '/common/discovery/instance') {
    const host = new URL(base).host;
    sendJson(res, 200, {
      tenant_discovery_endpoint: `${base}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    return true;
  }
  const match =
    /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys)$/.exec(
      path,
    );
  if (!match) return false;
  const [, tenant, endpoint] = match as unknown as [string, string, string];
  if (endpoint.endsWith('openid-configuration')) {
    const issuerTenant = ['common', 'organizations', 'consumers'].includes(tenant) ? '{tenantid}' : tenant;
    sendJson(res, 200, {
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'oid',
        'email',
      ],
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
    });
    return true;
  }
  if (endpoint.endsWith('keys')) {
    sendJson(res, 200, { keys: [(await keys()).jwk] });
    return true;
  }
  if (endpoint.endsWith('authorize')) {
    authorize(state, res, url);
    return true;
  }
  if (req.method !== 'POST') {
    oauthError(res, 405, 'invalid_request', 'AADSTS900561: The endpoint only accepts POST requests.');
    return true;
  }
  await tokenEndpoint(state, base, new URLSearchParams(await readBody(req)), res);
  return true;
}

function authorize(state: IdentityState, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  const redirectUri = q.get('redirect_uri');
  if (q.get('client_id') !== state.clientId || !redirectUri) {
    oauthError(
      res,
      400,
      'invalid_request',
      'AADSTS700016: Application with identifier was not found in the directory.',
      [700016],
    );
    return;
  }
  const back = new URL(redirectUri);
  const answer = (params: Record<string, string>) => {
    for (const [key, value] of Object.entries(params)) back.searchParams.set(key, value);
    const stateParam = q.get('state');
    if (stateParam !== null) back.searchParams.set('state', stateParam);
    res.writeHead(302, { location: back.toString() });
    res.end();
  };
  if (
    q.get('response_type') !== 'code' ||
    q.get('code_challenge_method') !== 'S256' ||
    !q.get('code_challenge')
  ) {
    answer({
      error: 'invalid_request',
      error_description: 'AADSTS50148: The code_challenge and S256 method are required.',
    });
    return;
  }
  if (state.denyNextConsent) {
    state.denyNextConsent = false;
    answer({
      error: 'access_denied',
      error_description: 'AADSTS65004: User declined to consent to access the app.',
    });
    return;
  }
  const email = state.nextSignIn ?? q.get('login_hint') ?? '';
  const account = state.accounts.get(email.toLowerCase());
  if (!account) {
    answer({ error: 'access_denied', error_description: 'AADSTS50020: User account does not exist.' });
    return;
  }
  const code = token(32);
  state.codes.set(code, {
    account,
    clientId: state.clientId,
    redirectUri,
    challenge: q.get('code_challenge') ?? '',
    scopes: (q.get('scope') ?? '').split(' ').filter(Boolean),
    nonce: q.get('nonce') ?? undefined,
    expiresAt: Date.now() + 10 * 60_000,
  });
  answer({ code, session_state: token(12) });
}

async function tokenEndpoint(
  state: IdentityState,
  base: string,
  form: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  const grantType = form.get('grant_type') ?? '';
  state.tokenRequests.push(grantType);
  if (form.get('client_id') !== state.clientId) {
    oauthError(res, 400, 'unauthorized_client', 'AADSTS700016: Application not found.', [700016]);
    return;
  }
  if (form.get('client_secret') !== state.clientSecret) {
    oauthError(res, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.', [7000215]);
    return;
  }
  if (grantType === 'authorization_code') {
    const grant = state.codes.get(form.get('code') ?? '');
    state.codes.delete(form.get('code') ?? '');
    if (!grant || grant.expiresAt < Date.now() || grant.redirectUri !== form.get('redirect_uri')) {
      oauthError(
        res,
        400,
        'invalid_grant',
        'AADSTS70008: The provided authorization code or refresh token has expired or was already redeemed.',
        [70008],
      );
      return;
    }
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
      oauthError(
        res,
        400,
        'invalid_grant',
        'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        [501481],
      );
      return;
    }
    await issueTokens(state, base, grant.account, grant.scopes, grant.nonce, form, res);
    return;
  }
  if (grantType === 'refresh_token') {
    const known = state.refreshTokens.get(form.get('refresh_token') ?? '');
    const account = known && [...state.accounts.values()].find((a) => a.oid === known.oid);
    if (!known || !account || account.grant === 'invalid_grant') {
      oauthError(
        res,
        400,
        'invalid_grant',
        'AADSTS70000: The user or administrator has not consented to use the application, or the grant was revoked.',
        [70000],
      );
      return;
    }
    if (account.grant === 'interaction_required') {
      oauthError(
        res,
        400,
        'interaction_required',
        'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.',
        [50076],
      );
      return;
    }
    await issueTokens(state, base, account, known.scopes, undefined, form, res);
    return;
  }
  oauthError(
    res,
    400,
    'unsupported_grant_type',
    `AADSTS70003: The app requested an unsupported grant type '${grantType}'.`,
    [70003],
  );
}

async function issueTokens(
  state: IdentityState,
  base: string,
  account: Account,
  scopes: string[],
  nonce: string | undefined,
  form: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  const accessToken = token(48);
  state.accessTokens.set(accessToken, {
    oid: account.oid,
    expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000,
  });
  const refreshToken = token(64);
  state.refreshTokens.set(refreshToken, { oid: account.oid, scopes });
  const now = Math.floor(Date.now() / 1000);
  const idToken = await new SignJWT({
    ver: '2.0',
    tid: account.tid,
    oid: account.oid,
    preferred_username: account.email,
    name: account.displayName,
    ...(scopes.includes('email') ? { email: account.email } : {}),
    ...(account.verifiedDomain ? { xms_edov: true } : {}),
    ...(nonce ? { nonce } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
    .setIssuer(`${base}/${account.tid}/v2.0`)
    .setAudience(state.clientId)
    .setSubject(`sub-${account.oid}`)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .sign((await keys()).privateKey);
  const resourceScopes = scopes.filter((s) => !['openid', 'profile', 'email', 'offline_access'].includes(s));
  sendJson(res, 200, {
    token_type: 'Bearer',
    scope:
      resourceScopes.map((s) => (s.includes('/') ? s : `https://graph.microsoft.com/${s}`)).join(' ') ||
      'https://graph.microsoft.com/User.Read',
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: accessToken,
    ...(scopes.includes('offline_access') ? { refresh_token: refreshToken } : {}),
    ...(scopes.includes('openid') ? { id_token: idToken } : {}),
    ...(form.get('client_info') === '1'
      ? {
          client_info: Buffer.from(JSON.stringify({ uid: account.oid, utid: account.tid })).toString(
            'base64url',
          ),
        }
      : {}),
  });
}
