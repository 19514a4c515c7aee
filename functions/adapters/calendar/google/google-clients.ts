/**
 * Builds the library clients: `OAuth2Client` (google-auth-library) with the
 * configured endpoints, and the Calendar client (`@googleapis/calendar`, the
 * Calendar-only package of the googleapis generator) on the configured root.
 * Auth (who we act for) is kept apart from the API calls made with it.
 */
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import { GrantRevokedError } from '../../../core/errors.js';
import type { Connection } from '../../../core/model.js';
import type { TokenVault } from '../../../core/ports.js';
import { calendarRootUrl, type GoogleClientConfig, oauthEndpoints } from './google-config.js';

/** Reading and watching events, and who the account is: nothing more. */
export const GOOGLE_SCOPES = [
  'openid',
  'email',
  'profile',
  'https://www.googleapis.com/auth/calendar.events.readonly',
] as const;

/** The calendar scope without which Afterview cannot work. */
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.events.readonly';

/** Seconds a single HTTP call may take before it counts as a timeout (and is retried). */
export const REQUEST_TIMEOUT_MS = 10_000;

export function oauthClient(config: GoogleClientConfig, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: oauthEndpoints(config),
  });
}

export function calendarClient(config: GoogleClientConfig, auth: OAuth2Client): calendar_v3.Calendar {
  // googleapis-common pins its own copy of google-auth-library; the client is used by its
  // methods only (`request`, `getRequestHeaders`), which both copies share.
  const client = auth as unknown as NonNullable<calendar_v3.Options['auth']>;
  return calendar({ version: 'v3', auth: client, rootUrl: calendarRootUrl(config) });
}

/** A client acting for the connection's account, from its refresh token (decrypted only here). */
export async function clientFor(
  config: GoogleClientConfig,
  vault: TokenVault,
  connection: Connection,
): Promise<OAuth2Client> {
  if (!connection.encryptedRefreshToken)
    throw new GrantRevokedError('no Google grant is stored for this calendar');
  const client = oauthClient(config);
  client.setCredentials({ refresh_token: await vault.decrypt(connection.encryptedRefreshToken) });
  return client;
}

/** Per-call options: our own backoff retries, so the library's must not. */
export const CALL_OPTIONS = { retry: false, timeout: REQUEST_TIMEOUT_MS } as const;
