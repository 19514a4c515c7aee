/**
 * Ports for calendars connected through OAuth (Google, Microsoft). Each
 * provider's adapter implements `OAuthConnector` (consent and grant) and
 * `PushChannels` (change notifications); the web routes, the connect use case
 * and maintenance use them without knowing which provider is behind them.
 * Provider types never cross these interfaces.
 */
import type { Connection } from './model.js';

/** Providers connected through OAuth. */
export type OAuthProvider = 'google' | 'microsoft';

/** Where to send the browser for consent, and the PKCE verifier to keep for the exchange. */
export interface AuthorizationRequest {
  /** The provider's consent URL, carrying `state`, the S256 code challenge and the redirect URI. */
  url: string;
  /** The PKCE code verifier; kept sealed in the browser's state cookie until the callback. */
  codeVerifier: string;
}

/** What a finished consent gives: who the account is, and the grant to keep. */
export interface ConnectedAccount {
  /** The account's address, from the verified ID token (lower-cased by the connector). */
  email: string;
  /** Whether the provider vouches for the address; unverified addresses are refused. */
  emailVerified: boolean;
  /** The account's display name, when the provider gives one. */
  displayName?: string;
  /** The calendar's (or mailbox's) IANA time zone, when the provider gives one. */
  timeZone?: string;
  /** The calendar to follow, as the provider names it ("primary" for Google). */
  calendarId: string;
  /**
   * Token material to keep (Google: the refresh token; Microsoft: MSAL's
   * serialized cache). It is stored only through the `TokenVault`.
   */
  secret: string;
}

/** Why a consent could not be turned into a connection; each gets its own page. */
export type OAuthFailure =
  /** The provider gave no refresh token (offline access not granted). */
  | 'no-refresh-token'
  /** The code was refused (expired, used, or the PKCE verifier did not match). */
  | 'exchange-refused'
  /** The ID token did not verify (signature, audience, issuer or expiry). */
  | 'id-token-invalid'
  /** The person unticked calendar access on the consent screen. */
  | 'calendar-not-granted';

/** A named failure of the OAuth flow; routes map `reason` to a page. */
export class OAuthFlowError extends Error {
  override name = 'OAuthFlowError';
  constructor(
    readonly reason: OAuthFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * One OAuth provider's consent and grant, as the connect, callback and
 * disconnect routes use it. Implementations use the provider's own library
 * (google-auth-library, msal-node) for PKCE, the code exchange and ID-token
 * verification.
 */
export interface OAuthConnector {
  readonly provider: OAuthProvider;
  /** The provider as people call it ("Google Calendar"); shown on pages. */
  readonly label: string;
  /**
   * Builds the consent URL: authorization-code flow with a fresh PKCE (S256)
   * verifier, `state`, the redirect URI, offline access and the least scopes
   * that cover reading and watching events and the account's email.
   */
  authorize(input: { state: string; redirectUri: string }): Promise<AuthorizationRequest>;
  /**
   * Exchanges the code (with the PKCE verifier), verifies the ID token and
   * reads the account's email and time zone. Throws `OAuthFlowError`.
   */
  exchange(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<ConnectedAccount>;
  /**
   * Revokes the grant behind `secret` (what `exchange` returned). A grant
   * already gone is not an error.
   */
  revoke(secret: string): Promise<void>;
}

/** A push channel (Google) or subscription (Graph) as opened. */
export interface OpenedChannel {
  channelId: string;
  /** Google's `resourceId`, needed to stop the channel. */
  resourceId?: string;
  /** When the provider stops sending notifications unless renewed. */
  expiresAt: string;
}

/**
 * Change notifications for one connection. Opening and closing are separate,
 * so a renewal opens the new channel before it stops the old one and never
 * leaves a gap. Both throw `GrantRevokedError` when the grant is gone.
 */
export interface PushChannels {
  /** Opens a channel whose notifications carry `token` (the webhook's `v1.<user>.<connection>.<secret>`). */
  open(connection: Connection, token: string): Promise<OpenedChannel>;
  /** Stops `channel` of the connection; one the provider no longer knows is fine. */
  close(connection: Connection, channel: { channelId: string; resourceId?: string }): Promise<void>;
}
