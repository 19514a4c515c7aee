/**
 * The Outlook half of "connect your calendar": the authorization URL (code
 * flow with PKCE, through MSAL) and the callback's code exchange, which
 * yields the account, its mailbox time zone and MSAL's token cache,
 * encrypted, to keep on the connection.
 */
import { z } from 'zod';
import { ValidationError } from '../../../core/errors.js';
import type { Log, TokenVault } from '../../../core/ports.js';
import { CONSUMER_TENANT_ID } from './consumer-tenant.js';
import { GraphSession } from './graph-session.js';
import { ianaZone } from './graph-time.js';
import type { MicrosoftConfig } from './microsoft-config.js';
import { MICROSOFT_SCOPES } from './msal-client.js';
import { MemorySlot } from './token-cache.js';

export interface MicrosoftAccount {
  /** MSAL's home account id (`oid.tid`): the connection's calendar id. */
  homeAccountId: string;
  email: string;
  /** The identity platform vouches for the address (personal accounts, or a verified domain). */
  emailVerified: boolean;
  name?: string;
  /** The mailbox's zone as IANA, when Outlook has one we know. */
  timeZone?: string;
  /** MSAL's token cache, encrypted by the vault. */
  encryptedRefreshToken: string;
}

const Me = z.object({ mail: z.string().nullish(), userPrincipalName: z.string().nullish() });
const MailboxSettings = z.object({ timeZone: z.string().nullish() });

export class MicrosoftConnector {
  constructor(private readonly deps: { config: MicrosoftConfig; vault: TokenVault; log: Log }) {}

  /** Where to send the browser; `state` and the PKCE challenge are the caller's (bound to the browser). */
  async authorizationUrl(input: {
    redirectUri: string;
    state: string;
    codeChallenge: string;
  }): Promise<string> {
    const session = new GraphSession(this.deps.config, new MemorySlot(), undefined, this.deps.log);
    return session.msal.getAuthCodeUrl({
      scopes: MICROSOFT_SCOPES,
      redirectUri: input.redirectUri,
      state: input.state,
      codeChallenge: input.codeChallenge,
      codeChallengeMethod: 'S256',
      prompt: 'select_account',
    });
  }

  /** Redeems the code (with the PKCE verifier) and reads who connected. */
  async exchange(input: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<MicrosoftAccount> {
    const slot = new MemorySlot();
    const session = new GraphSession(this.deps.config, slot, undefined, this.deps.log);
    const result = await session.msal.acquireTokenByCode({
      code: input.code,
      codeVerifier: input.codeVerifier,
      redirectUri: input.redirectUri,
      scopes: MICROSOFT_SCOPES,
    });
    const account = result.account;
    if (!account) throw new ValidationError('Microsoft returned no account for this sign-in');
    const me = Me.parse(await session.client.api('/me').select('mail,userPrincipalName').get());
    const claims = (account.idTokenClaims ?? {}) as Record<string, unknown>;
    const email = (
      me.mail ??
      (typeof claims.email === 'string' ? claims.email : undefined) ??
      account.username
    )
      .trim()
      .toLowerCase();
    if (!z.string().email().safeParse(email).success) {
      throw new ValidationError('this Microsoft account has no email address');
    }
    const mailbox = MailboxSettings.safeParse(
      await session.client
        .api('/me/mailboxSettings')
        .get()
        .catch((error: unknown) => {
          // Accounts without an Exchange mailbox have no settings: the zone is simply unknown.
          this.deps.log.info('no Outlook mailbox settings', { error: String(error) });
          return {};
        }),
    );
    if (!slot.value) throw new ValidationError('MSAL kept no token cache for this sign-in');
    return {
      homeAccountId: account.homeAccountId,
      email,
      emailVerified: account.tenantId === CONSUMER_TENANT_ID || claims.xms_edov === true,
      name: account.name,
      timeZone: mailbox.success ? ianaZone(mailbox.data.timeZone) : undefined,
      encryptedRefreshToken: await this.deps.vault.encrypt(slot.value),
    };
  }
}
