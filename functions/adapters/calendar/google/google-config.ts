/**
 * Google's endpoints and client credentials. The endpoints are configurable
 * so tests can point the real libraries at a local server:
 * `GOOGLE_API_BASE_URL` stands for `https://www.googleapis.com` (Calendar,
 * ID-token certificates) and `GOOGLE_OAUTH_BASE_URL` for both
 * `https://accounts.google.com` and `https://oauth2.googleapis.com`.
 */

import { ConfigError } from '../../config.js';
import type { OAuth2ClientOptions } from './google-clients.js';

export interface GoogleEndpoints {
  apiBaseUrl: string;
  oauthBaseUrl: string;
}

export interface GoogleClientConfig extends GoogleEndpoints {
  clientId: string;
  clientSecret: string;
}

const API = 'https://www.googleapis.com';

/** The endpoints from the environment; Google's own when unset. */
export function googleEndpoints(env: Record<string, string | undefined> = process.env): GoogleEndpoints {
  return {
    apiBaseUrl: trimSlash(env.GOOGLE_API_BASE_URL) ?? API,
    oauthBaseUrl: trimSlash(env.GOOGLE_OAUTH_BASE_URL) ?? '',
  };
}

/** The endpoint map `OAuth2Client` takes: Google's defaults unless a base URL is set. */
export function oauthEndpoints(endpoints: GoogleEndpoints): OAuth2ClientOptions['endpoints'] {
  const certs = {
    oauth2FederatedSignonPemCertsUrl: `${endpoints.apiBaseUrl}/oauth2/v1/certs`,
    oauth2FederatedSignonJwkCertsUrl: `${endpoints.apiBaseUrl}/oauth2/v3/certs`,
  };
  if (!endpoints.oauthBaseUrl) return endpoints.apiBaseUrl === API ? {} : certs;
  const base = endpoints.oauthBaseUrl;
  return {
    ...certs,
    oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
    oauth2TokenUrl: `${base}/token`,
    oauth2RevokeUrl: `${base}/revoke`,
    tokenInfoUrl: `${base}/tokeninfo`,
  };
}

/** The Calendar client's root URL (the library appends `calendar/v3/...`). */
export function calendarRootUrl(endpoints: GoogleEndpoints): string {
  return `${endpoints.apiBaseUrl}/`;
}

function trimSlash(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.replace(/\/+$/, '') : undefined;
}

/**
 * The local runner's Google client, from `GOOGLE_CLIENT_ID` and
 * `GOOGLE_CLIENT_SECRET`; `undefined` when neither is set (Google is then not
 * offered). One without the other is a mistake worth stopping for.
 */
export function googleClientFromEnv(
  env: Record<string, string | undefined> = process.env,
): GoogleClientConfig | undefined {
  const clientId = env.GOOGLE_CLIENT_ID?.trim();
  const clientSecret = env.GOOGLE_CLIENT_SECRET?.trim();
  if (!clientId && !clientSecret) return undefined;
  if (!clientId || !clientSecret) {
    throw new ConfigError([
      `${clientId ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID'}: missing (set both or neither)`,
    ]);
  }
  return { clientId, clientSecret, ...googleEndpoints(env) };
}
