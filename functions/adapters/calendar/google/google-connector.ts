/**
 * Google's consent and grant as an `OAuthConnector`, with google-auth-library:
 * the authorization-code flow with PKCE (S256), offline access and the least
 * scopes; the code exchange; ID-token verification against Google's
 * certificates; the calendar's time zone; and revocation.
 */
import type { ConnectedAccount, OAuthConnector } from '../../../core/oauth-ports.js';
import { OAuthFlowError } from '../../../core/oauth-ports.js';
import type { Log } from '../../../core/ports.js';
import {
  CALENDAR_SCOPE,
  CALL_OPTIONS,
  type Credentials,
  calendarClient,
  GOOGLE_SCOPES,
  type OAuth2Client,
  oauthClient,
  S256,
} from './google-clients.js';
import type { GoogleClientConfig } from './google-config.js';
import { classifyGoogleError } from './google-errors.js';

export class GoogleConnector implements OAuthConnector {
  readonly provider = 'google' as const;
  readonly label = 'Google Calendar';

  constructor(private readonly deps: { config: GoogleClientConfig; log: Log }) {}

  async authorize(input: { state: string; redirectUri: string }) {
    const client = oauthClient(this.deps.config, input.redirectUri);
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    if (!codeChallenge) throw new Error('google-auth-library made no PKCE code challenge');
    const url = client.generateAuthUrl({
      access_type: 'offline',
      // Consent every time: Google only gives a refresh token on a consent.
      prompt: 'consent',
      scope: [...GOOGLE_SCOPES],
      state: input.state,
      code_challenge_method: S256,
      code_challenge: codeChallenge,
    });
    return { url, codeVerifier };
  }

  async exchange(input: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<ConnectedAccount> {
    const client = oauthClient(this.deps.config, input.redirectUri);
    let tokens: Credentials;
    try {
      ({ tokens } = await client.getToken({
        code: input.code,
        codeVerifier: input.codeVerifier,
        redirect_uri: input.redirectUri,
      }));
    } catch (error) {
      throw new OAuthFlowError('exchange-refused', 'Google refused the authorization code', { cause: error });
    }
    const granted = (tokens.scope ?? '').split(' ');
    if (!granted.includes(CALENDAR_SCOPE)) {
      await this.#revokeQuietly(client, tokens.access_token ?? undefined);
      throw new OAuthFlowError('calendar-not-granted', 'calendar access was not granted');
    }
    if (!tokens.refresh_token) {
      await this.#revokeQuietly(client, tokens.access_token ?? undefined);
      throw new OAuthFlowError('no-refresh-token', 'Google gave no refresh token');
    }
    const identity = await this.#verify(client, tokens.id_token ?? undefined);
    client.setCredentials(tokens);
    return {
      ...identity,
      calendarId: 'primary',
      secret: tokens.refresh_token,
      ...(await this.#timeZone(client)),
    };
  }

  async revoke(secret: string): Promise<void> {
    const client = oauthClient(this.deps.config);
    try {
      await client.revokeToken(secret);
    } catch (error) {
      // A grant already revoked answers 400 invalid_token: the outcome we wanted.
      if (classifyGoogleError(error).kind === 'other') return;
      throw error;
    }
  }

  async #verify(client: OAuth2Client, idToken: string | undefined) {
    if (!idToken) throw new OAuthFlowError('id-token-invalid', 'Google gave no ID token');
    try {
      const ticket = await client.verifyIdToken({ idToken, audience: this.deps.config.clientId });
      const payload = ticket.getPayload();
      if (!payload?.email) throw new Error('the ID token carries no email');
      return {
        email: payload.email.trim().toLowerCase(),
        emailVerified: payload.email_verified === true,
        ...(payload.name ? { displayName: payload.name } : {}),
      };
    } catch (error) {
      throw new OAuthFlowError('id-token-invalid', 'the ID token did not verify', { cause: error });
    }
  }

  /** The calendar's zone, from an events listing (the events scope covers it; no settings scope needed). */
  async #timeZone(client: OAuth2Client): Promise<{ timeZone?: string }> {
    try {
      const api = calendarClient(this.deps.config, client);
      const reply = await api.events.list({ calendarId: 'primary', maxResults: 1 }, CALL_OPTIONS);
      return reply.data.timeZone ? { timeZone: reply.data.timeZone } : {};
    } catch (error) {
      this.deps.log.warn('could not read the calendar time zone', { error: String(error) });
      return {};
    }
  }

  async #revokeQuietly(client: OAuth2Client, token: string | undefined): Promise<void> {
    if (!token) return;
    await client.revokeToken(token).catch(() => undefined);
  }
}
