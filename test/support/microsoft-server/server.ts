/**
 * A local HTTPS server that behaves as the Microsoft identity platform and
 * Microsoft Graph v1.0 are documented to, for the real `@azure/msal-node`
 * and `@microsoft/microsoft-graph-client` to talk to. One origin serves both:
 * `loginBase` stands for https://login.microsoftonline.com and `graphBase`
 * for https://graph.microsoft.com. Tests drive the calendar, the grant, the
 * throttling and the notifications through its methods.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  type Account,
  deleteEvent,
  type EventInput,
  type GrantState,
  type GraphEventJson,
  newAccount,
  putEvent,
} from './accounts.js';
import { type Deliver, type GraphState, handleGraph, type Subscription } from './graph.js';
import { graphError } from './http.js';
import { handleIdentity, type IdentityState } from './identity.js';
import { testTls } from './tls.js';

export const TEST_CLIENT = {
  clientId: '3f0b1c2d-0000-4000-8000-00000000a11e',
  clientSecret: 'test~secret.value',
} as const;

export class MicrosoftServer {
  readonly identity: IdentityState = {
    ...TEST_CLIENT,
    accounts: new Map(),
    denyNextConsent: false,
    codes: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    tokenRequests: [],
  };
  readonly graph: GraphState;
  #server: Server | undefined;
  #base = '';
  /** Change notifications waiting for `flushNotifications`, per subscription. */
  #pending = new Map<string, Array<{ changeType: string; eventId: string }>>();

  constructor(options: { deliver?: Deliver; pageSize?: number } = {}) {
    this.graph = {
      pageSize: options.pageSize ?? 2,
      rounds: new Map(),
      deltaTokens: new Map(),
      throttle: { remaining: 0, status: 429, retryAfterSeconds: 1 },
      subscriptions: new Map(),
      requests: [],
      deliver: options.deliver ?? ((url, init) => fetch(url, init)),
    };
  }

  async start(): Promise<this> {
    const tls = testTls();
    const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const url = new URL(req.url ?? '/', this.#base);
      handleIdentity(this.identity, this.#base, req, res, url)
        .then((done) => done || handleGraph(this.identity, this.graph, this.#base, req, res, url))
        .then((done) => {
          if (!done) graphError(res, 404, 'NotFound', `no route ${url.pathname}`);
        })
        .catch((error: unknown) => {
          if (!res.headersSent) graphError(res, 500, 'InternalServerError', String(error));
          else res.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** MS_LOGIN_BASE_URL and MS_GRAPH_BASE_URL for the code under test. */
  get loginBase(): string {
    return this.#base;
  }
  get graphBase(): string {
    return this.#base;
  }

  /** The runner's Microsoft variables, pointing at this server. */
  env(): Record<string, string> {
    return {
      MICROSOFT_CLIENT_ID: this.identity.clientId,
      MICROSOFT_CLIENT_SECRET: this.identity.clientSecret,
      MICROSOFT_TENANT: 'common',
      MS_LOGIN_BASE_URL: this.loginBase,
      MS_GRAPH_BASE_URL: this.graphBase,
    };
  }

  addAccount(input: Parameters<typeof newAccount>[0]): Account {
    const account = newAccount(input);
    this.identity.accounts.set(input.email.toLowerCase(), account);
    return account;
  }

  account(email: string): Account {
    const account = this.identity.accounts.get(email.toLowerCase());
    if (!account) throw new Error(`no account ${email}`);
    return account;
  }

  /** Who signs in at the next authorize. */
  signInNext(email: string): void {
    this.identity.nextSignIn = email;
  }

  denyNextConsent(): void {
    this.identity.denyNextConsent = true;
  }

  /** The user revokes the app (`invalid_grant`) or must sign in again (`interaction_required`). */
  setGrant(email: string, grant: GrantState): void {
    this.account(email).grant = grant;
    // Access tokens outlive a revocation by design; drop them so the next call must refresh.
    this.expireAccessTokens();
  }

  expireAccessTokens(): void {
    this.identity.accessTokens.clear();
  }

  /** Every saved delta token is forgotten: the next round answers 410 syncStateNotFound. */
  dropDeltaTokens(): void {
    this.graph.deltaTokens.clear();
    this.graph.rounds.clear();
  }

  /** The next `count` Graph requests get 429 (or 503) with Retry-After. */
  throttle(count: number, retryAfterSeconds = 1, status: 429 | 503 = 429): void {
    this.graph.throttle = { remaining: count, status, retryAfterSeconds };
  }

  upsertEvent(email: string, input: EventInput): GraphEventJson {
    const account = this.account(email);
    const created = !input.id || !account.events.has(input.id);
    const event = putEvent(account, input);
    this.#queue(account, created ? 'created' : 'updated', event.id);
    return event;
  }

  deleteEvent(email: string, id: string): void {
    const account = this.account(email);
    deleteEvent(account, id);
    this.#queue(account, 'deleted', id);
  }

  subscriptions(): Subscription[] {
    return [...this.graph.subscriptions.values()];
  }

  #queue(account: Account, changeType: string, eventId: string): void {
    for (const sub of this.graph.subscriptions.values()) {
      if (sub.oid !== account.oid || !sub.changeType.split(',').includes(changeType)) continue;
      const list = this.#pending.get(sub.id) ?? [];
      list.push({ changeType, eventId });
      this.#pending.set(sub.id, list);
    }
  }

  /** Posts the waiting change notifications, one batch per subscription; returns the statuses. */
  async flushNotifications(): Promise<number[]> {
    const statuses: number[] = [];
    for (const [id, changes] of this.#pending) {
      this.#pending.delete(id);
      const sub = this.graph.subscriptions.get(id);
      if (!sub) continue;
      const account = [...this.identity.accounts.values()].find((a) => a.oid === sub.oid);
      const value = changes.map((change) => ({
        subscriptionId: sub.id,
        subscriptionExpirationDateTime: sub.expirationDateTime,
        changeType: change.changeType,
        resource: `Users/${sub.oid}/Events/${change.eventId}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Event',
          '@odata.id': `Users/${sub.oid}/Events/${change.eventId}`,
          '@odata.etag': 'W/"DwAAABYAAAA"',
          id: change.eventId,
        },
        clientState: sub.clientState ?? null,
        tenantId: account?.tid ?? '',
      }));
      statuses.push(await this.#post(sub.notificationUrl, { value }));
    }
    return statuses;
  }

  /** A lifecycle notification; `subscriptionRemoved` also removes the subscription, as Graph does. */
  async sendLifecycle(
    subscriptionId: string,
    lifecycleEvent: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed',
  ): Promise<number> {
    const sub = this.graph.subscriptions.get(subscriptionId);
    if (!sub?.lifecycleNotificationUrl)
      throw new Error(`subscription ${subscriptionId} has no lifecycle URL`);
    if (lifecycleEvent === 'subscriptionRemoved') this.graph.subscriptions.delete(subscriptionId);
    const account = [...this.identity.accounts.values()].find((a) => a.oid === sub.oid);
    return this.#post(sub.lifecycleNotificationUrl, {
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: sub.expirationDateTime,
          tenantId: account?.tid ?? '',
          clientState: sub.clientState ?? null,
          lifecycleEvent,
        },
      ],
    });
  }

  async #post(url: string, body: unknown): Promise<number> {
    const response = await this.graph.deliver(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  }
}
