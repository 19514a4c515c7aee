/**
 * MSAL's confidential client for one connection: the authority from the
 * configuration, and the token cache persisted through `cachePlugin`. MSAL
 * keeps the refresh token and redeems it; we never handle it ourselves.
 */
import {
  ConfidentialClientApplication,
  type ICachePlugin,
  InteractionRequiredAuthError,
  LogLevel,
  ServerError,
} from '@azure/msal-node';
import { GrantRevokedError } from '../../../core/errors.js';
import type { Log } from '../../../core/ports.js';
import { MICROSOFT_LOGIN_BASE, type MicrosoftConfig } from './microsoft-config.js';

/** Read calendars, keep access (`offline_access`), and learn the account's address and mailbox zone. */
export const MICROSOFT_SCOPES = [
  'Calendars.Read',
  'User.Read',
  'MailboxSettings.Read',
  'offline_access',
  'openid',
  'profile',
  'email',
];
/** What a token is acquired for (MSAL adds the OpenID scopes itself). */
export const GRAPH_SCOPES = ['Calendars.Read', 'User.Read', 'MailboxSettings.Read'];

export function createMsalClient(
  config: MicrosoftConfig,
  options: { cachePlugin?: ICachePlugin; log?: Log } = {},
): ConfidentialClientApplication {
  const custom = config.loginBase !== MICROSOFT_LOGIN_BASE;
  return new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: `${config.loginBase}/${config.tenant}`,
      // Another login host (a sovereign cloud, or the tests' server) must be named to be trusted.
      ...(custom ? { knownAuthorities: [config.loginBase] } : {}),
    },
    ...(options.cachePlugin ? { cache: { cachePlugin: options.cachePlugin } } : {}),
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (_level, message) => options.log?.debug('msal', { message }),
      },
    },
  });
}

/**
 * Maps MSAL's "the grant is gone" errors to `GrantRevokedError`: consent
 * revoked or refresh token expired (`invalid_grant`), or the user must sign
 * in again (`interaction_required`, `consent_required`, no tokens cached).
 */
export function grantError(error: unknown): GrantRevokedError | undefined {
  if (error instanceof InteractionRequiredAuthError) {
    return new GrantRevokedError(`Microsoft asks the user to sign in again (${error.errorCode})`, {
      cause: error,
    });
  }
  if (error instanceof ServerError && error.errorCode === 'invalid_grant') {
    return new GrantRevokedError(
      'Microsoft refused the grant (invalid_grant): access was revoked or expired',
      {
        cause: error,
      },
    );
  }
  return undefined;
}
