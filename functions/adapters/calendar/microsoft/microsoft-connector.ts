/**
 * Outlook's consent and grant (the shared `OAuthConnector` shape): the
 * authorization-code flow with PKCE through MSAL, the code exchange, the ID
 * token verified against the identity platform's keys, the account's
 * address and mailbox time zone from Graph, and MSAL's token cache as the
 * secret to keep (the caller encrypts it through the vault).
 */
import { CryptoProvider } from '@azure/msal-node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors.js';
import type { Log } from '../../../core/ports.js';
import { CONSUMER_TENANT_ID } from './consumer-tenant.js';
import { GraphSession } from './graph-session.js';
import { ianaZone } from './graph-time.js';
import type { MicrosoftConfig } from './microsoft-config.js';
import { MICROSOFT_SCOPES } from './msal-client.js';
import { MemorySlot } from './token-cache.js';

/** What a finished consent gives (the shared `ConnectedAccount`). */
export interface MicrosoftAccount {
  email: string;
  /** Personal accounts' addresses are Microsoft's; a work address counts only from a verified domain (`xms_edov`). */
  emailVerified: boolean;
  displayName?: string;
  /** The mailbox's zone as IANA, when Outlook has one we know. */
  timeZone?: string;
  /** MSAL's home account id (`oid.tid`): which account of the cache the connection acts as. */
  calendarId: string;
  /** MSAL's token cache (refresh token inside), to be stored only through the vault. */
  secret: string;
}

const Me = z.object({ mail: z.string().nullish(), userPrincipalName: z.string().nullish() });
const MailboxSettings = z.object({ timeZone: z.string().nullish() });

export class MicrosoftConnector {
  readonly provider = 'microsoft' as const;
  readonly label = 'Outlook Calendar';
  readonly #keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly deps: { config: MicrosoftConfig; log: Log }) {
    // `common` publishes the keys of every tenant, work and personal.
    this.#keys = createRemoteJWKSet(new URL(`${deps.config.loginBase}/common/discovery/v2.0/keys`));
  }

  /** The consent URL with a fresh PKCE (S256) verifier, which the caller keeps until the callback. */
  async authorize(input: {
    state: string;
    redirectUri: string;
  }): Promise<{ url: string; codeVerifier: string }> {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const session = new GraphSession(this.deps.config, new MemorySlot(), undefined, this.deps.log);
    const url = await session.msal.getAuthCodeUrl({
      scopes: MICROSOFT_SCOPES,
      redirectUri: input.redirectUri,
      state: input.state,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      prompt: 'select_account',
    });
    return { url, codeVerifier: pkce.verifier };
  }

  /** Redeems the code (with the PKCE verifier), verifies the ID token and reads who connected. */
  async exchange(input: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<MicrosoftAccount> {
    const slot = new MemorySlot();
    const session = new GraphSession(this.deps.config, slot, undefined, this.deps.log);
    const result = await session.msal
      .acquireTokenByCode({
        code: input.code,
        codeVerifier: input.codeVerifier,
        redirectUri: input.redirectUri,
        scopes: MICROSOFT_SCOPES,
      })
      .catch((error: unknown) => {
        throw new ValidationError(`Microsoft refused the authorization code: ${String(error)}`, {
          cause: error,
        });
      });
    const granted = result.scopes.map((s) => s.toLowerCase());
    if (!granted.some((s) => s.endsWith('calendars.read'))) {
      throw new ValidationError('calendar access was not granted');
    }
    const account = result.account;
    if (!account || !slot.value) throw new ValidationError('MSAL kept no account for this sign-in');
    const claims = await this.#verify(result.idToken);
    const me = Me.parse(await session.client.api('/me').select('mail,userPrincipalName').get());
    const email = (claims.email ?? me.mail ?? account.username).trim().toLowerCase();
    if (!z.email().safeParse(email).success)
      throw new ValidationError('this Microsoft account has no email address');
    return {
      email,
      emailVerified:
        claims.email !== undefined && (claims.tid === CONSUMER_TENANT_ID || claims.xms_edov === true),
      ...(account.name ? { displayName: account.name } : {}),
      ...(await this.#timeZone(session)),
      calendarId: account.homeAccountId,
      secret: slot.value,
    };
  }

  /**
   * Microsoft has no endpoint that revokes one app's delegated grant (the
   * user removes the app at myapps.microsoft.com / account.live.com);
   * forgetting the token cache, which the caller does, ends our access.
   */
  async revoke(_secret: string): Promise<void> {}

  async #verify(idToken: string): Promise<{ email?: string; tid: string; xms_edov?: boolean }> {
    try {
      const { payload } = await jwtVerify(idToken, this.#keys, { audience: this.deps.config.clientId });
      const tid = typeof payload.tid === 'string' ? payload.tid : '';
      // Multi-tenant: the issuer names the account's own tenant.
      if (payload.iss !== `${this.deps.config.loginBase}/${tid}/v2.0`)
        throw new Error(`unexpected issuer ${payload.iss}`);
      return {
        tid,
        ...(typeof payload.email === 'string' ? { email: payload.email } : {}),
        ...(payload.xms_edov === true || payload.xms_edov === '1' ? { xms_edov: true } : {}),
      };
    } catch (error) {
      throw new ValidationError(`the Microsoft ID token did not verify: ${String(error)}`, { cause: error });
    }
  }

  async #timeZone(session: GraphSession): Promise<{ timeZone?: string }> {
    try {
      const settings = MailboxSettings.parse(await session.client.api('/me/mailboxSettings').get());
      const zone = ianaZone(settings.timeZone);
      return zone ? { timeZone: zone } : {};
    } catch (error) {
      // Accounts without an Exchange mailbox have no settings: the zone is simply unknown.
      this.deps.log.info('no Outlook mailbox settings', { error: String(error) });
      return {};
    }
  }
}
