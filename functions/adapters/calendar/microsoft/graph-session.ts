/**
 * One Microsoft account's session: MSAL (with the connection's persisted
 * token cache) and a Graph client whose authentication provider takes tokens
 * from MSAL silently. Graph's default middleware retries 429, 503 and 504 as
 * `Retry-After` says; what still fails is mapped to the core's errors here.
 */
import type { AccountInfo, ConfidentialClientApplication } from '@azure/msal-node';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { GrantRevokedError, RateLimitedError, SyncTokenExpiredError } from '../../../core/errors.js';
import type { Connection } from '../../../core/model.js';
import type { Log, Store, TokenVault } from '../../../core/ports.js';
import { MICROSOFT_GRAPH_BASE, type MicrosoftConfig } from './microsoft-config.js';
import { createMsalClient, GRAPH_SCOPES, grantError } from './msal-client.js';
import { type CacheSlot, ConnectionSlot, cachePlugin } from './token-cache.js';

/** Graph answers in UTC when asked; the mapper then needs no Windows zone names. */
export const PREFER_UTC = 'outlook.timezone="UTC"';

export class GraphSession {
  readonly msal: ConfidentialClientApplication;
  readonly client: Client;
  /** The grant error MSAL raised, kept because the Graph client re-wraps errors. */
  #grantFailure: GrantRevokedError | undefined;

  constructor(
    readonly config: MicrosoftConfig,
    slot: CacheSlot,
    /** The account to act as (MSAL's homeAccountId); the only cached account when absent. */
    private readonly homeAccountId: string | undefined,
    log?: Log,
  ) {
    this.msal = createMsalClient(config, { cachePlugin: cachePlugin(slot), log });
    const host = new URL(config.graphBase).hostname;
    this.client = Client.initWithMiddleware({
      authProvider: { getAccessToken: () => this.accessToken() },
      baseUrl: `${config.graphBase}/`,
      defaultVersion: 'v1.0',
      // The Graph client attaches tokens only to Graph's hosts and these (host names, no port).
      ...(config.graphBase !== MICROSOFT_GRAPH_BASE ? { customHosts: new Set([host]) } : {}),
    });
  }

  async account(): Promise<AccountInfo> {
    const accounts = await this.msal.getTokenCache().getAllAccounts();
    const account = this.homeAccountId
      ? accounts.find((a) => a.homeAccountId === this.homeAccountId)
      : accounts[0];
    if (!account) throw new GrantRevokedError('no Microsoft account in the stored token cache');
    return account;
  }

  /** A token for Graph from MSAL's cache, refreshed by MSAL when needed. */
  async accessToken(): Promise<string> {
    try {
      const result = await this.msal.acquireTokenSilent({
        account: await this.account(),
        scopes: GRAPH_SCOPES,
      });
      return result.accessToken;
    } catch (error) {
      const revoked = error instanceof GrantRevokedError ? error : grantError(error);
      if (!revoked) throw error;
      this.#grantFailure = revoked;
      throw revoked;
    }
  }

  /** Only URLs on the configured Graph origin get a token (delta links come back from storage). */
  isGraphUrl(url: string): boolean {
    return url.startsWith(`${this.config.graphBase}/v1.0/`);
  }

  /** The core's error for a failed Graph call: revoked grant, expired delta state, throttling. */
  mapError(error: unknown): unknown {
    if (this.#grantFailure) return this.#grantFailure;
    if (!(error instanceof GraphError)) return error;
    if (
      error.statusCode === 410 ||
      /^(syncStateNotFound|resyncRequired|syncStateInvalid)$/i.test(error.code ?? '')
    ) {
      return new SyncTokenExpiredError(`Graph dropped the delta state (${error.code ?? error.statusCode})`, {
        cause: error,
      });
    }
    if (error.statusCode === 429 || error.statusCode === 503) {
      const seconds = Number(error.headers?.get('retry-after'));
      return new RateLimitedError(Number.isFinite(seconds) && seconds > 0 ? seconds : 60, { cause: error });
    }
    return error;
  }
}

/** The session of a stored connection: its token cache is read from and written to the store, encrypted. */
export function connectionSession(
  deps: { config: MicrosoftConfig; store: Store; vault: TokenVault; log?: Log },
  connection: Connection,
): GraphSession {
  const slot = new ConnectionSlot({ store: deps.store, vault: deps.vault }, connection);
  return new GraphSession(deps.config, slot, connection.calendarId, deps.log);
}
