/**
 * Builds the library clients: `OAuth2Client` (google-auth-library) with the
 * configured endpoints, and the Calendar client (`@googleapis/calendar`, the
 * Calendar-only package of the googleapis generator) on the configured root.
 * Auth (who we act for) is kept apart from the API calls made with it.
 */
import { calendar, type calendar_v3, auth as googleAuth } from '@googleapis/calendar';
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

/**
 * google-auth-library's `OAuth2Client`, taken from the copy `@googleapis/calendar`
 * ships (googleapis-common pins its own version): one copy in each bundle
 * instead of two, and the Calendar client accepts it as its own.
 */
export type OAuth2Client = InstanceType<typeof googleAuth.OAuth2>;
export type OAuth2ClientOptions = Exclude<
  ConstructorParameters<typeof googleAuth.OAuth2>[0],
  string | undefined
>;
/** What a code exchange returns (`Credentials`). */
export type Credentials = OAuth2Client['credentials'];
type AuthUrlOptions = NonNullable<Parameters<OAuth2Client['generateAuthUrl']>[0]>;
/** `CodeChallengeMethod.S256`. */
export const S256 = 'S256' as NonNullable<AuthUrlOptions['code_challenge_method']>;

export function oauthClient(config: GoogleClientConfig, redirectUri?: string): OAuth2Client {
  return new googleAuth.OAuth2({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: oauthEndpoints(config),
  });
}

export function calendarClient(config: GoogleClientConfig, auth: OAuth2Client): calendar_v3.Calendar {
  return calendar({ version: 'v3', auth, rootUrl: calendarRootUrl(config) });
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
