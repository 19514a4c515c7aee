/**
 * The Outlook adapter through the real `@azure/msal-node` and
 * `@microsoft/microsoft-graph-client`, against the local HTTPS Microsoft
 * server, with the token cache kept encrypted on a connection in dynalite.
 */
import { CryptoProvider } from '@azure/msal-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphSession } from '../../functions/adapters/calendar/microsoft/graph-session.js';
import type { MicrosoftConfig } from '../../functions/adapters/calendar/microsoft/microsoft-config.js';
import { MicrosoftConnector } from '../../functions/adapters/calendar/microsoft/microsoft-connector.js';
import { MicrosoftProvider } from '../../functions/adapters/calendar/microsoft/microsoft-provider.js';
import { ConnectionSlot } from '../../functions/adapters/calendar/microsoft/token-cache.js';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { LocalTokenVault } from '../../functions/adapters/vault/local-token-vault.js';
import { GrantRevokedError, RateLimitedError, SyncTokenExpiredError } from '../../functions/core/errors.js';
import type { Connection } from '../../functions/core/model.js';
import type { ChangePage } from '../../functions/core/ports.js';
import { MemoryLog } from '../../sim/fakes/log.js';
import { useDynalite } from '../support/dynalite.js';
import { MicrosoftServer, TEST_CLIENT } from '../support/microsoft-server/server.js';
import { followAuthorize } from '../support/microsoft-server/sign-in.js';

const dynalite = useDynalite();
const HOUR = 3_600_000;
const REDIRECT = 'http://127.0.0.1:3000/oauth/microsoft/callback';
const vault = new LocalTokenVault(Buffer.alloc(32, 7));
const log = new MemoryLog();
const clock = { now: () => new Date() };
let server: MicrosoftServer;
let config: MicrosoftConfig;
let store: DynamoStore;

beforeAll(async () => {
  server = await new MicrosoftServer().start();
  config = { ...TEST_CLIENT, tenant: 'common', loginBase: server.loginBase, graphBase: server.graphBase };
});
afterAll(async () => server?.stop());
beforeEach(async () => {
  store = new DynamoStore({ client: dynalite.client, tableName: await dynalite.freshTable() });
});

async function connect(email: string): Promise<Connection> {
  const connector = new MicrosoftConnector({ config, vault, log });
  const pkce = await new CryptoProvider().generatePkceCodes();
  server.signInNext(email);
  const back = await followAuthorize(
    await connector.authorizationUrl({
      redirectUri: REDIRECT,
      state: 'state-1',
      codeChallenge: pkce.challenge,
    }),
  );
  expect(back.searchParams.get('state')).toBe('state-1');
  const account = await connector.exchange({
    code: back.searchParams.get('code') ?? '',
    codeVerifier: pkce.verifier,
    redirectUri: REDIRECT,
  });
  return store.put('connection', {
    userId: 'u-1',
    id: `microsoft-${account.homeAccountId.slice(0, 8)}`,
    version: 0,
    provider: 'microsoft',
    calendarId: account.homeAccountId,
    accountEmail: account.email,
    status: 'active',
    encryptedRefreshToken: account.encryptedRefreshToken,
  });
}

function provider(connection: Connection): MicrosoftProvider {
  const session = new GraphSession(
    config,
    new ConnectionSlot({ store, vault }, connection),
    connection.calendarId,
    log,
  );
  return new MicrosoftProvider({
    session,
    owner: { email: connection.accountEmail ?? '', timeZone: 'Europe/Berlin' },
    clock,
    log,
  });
}

async function pages(connection: Connection, syncToken?: string): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of provider(connection).listChanges(connection, syncToken)) out.push(page);
  return out;
}

function interview(email: string, title: string, startMs: number, id?: string) {
  return server.upsertEvent(email, {
    ...(id ? { id } : {}),
    subject: title,
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + HOUR).toISOString(),
    organizer: { emailAddress: { name: 'Talent', address: 'talent@contoso.com' } },
  });
}

describe('connecting an Outlook account', () => {
  it('redeems the code with the PKCE verifier and keeps only an encrypted token cache', async () => {
    server.addAccount({ email: 'ana@contoso.com', mailboxTimeZone: 'Pacific Standard Time' });
    const connector = new MicrosoftConnector({ config, vault, log });
    const pkce = await new CryptoProvider().generatePkceCodes();
    server.signInNext('ana@contoso.com');
    const url = await connector.authorizationUrl({
      redirectUri: REDIRECT,
      state: 's',
      codeChallenge: pkce.challenge,
    });
    expect(new URL(url).searchParams.get('scope')).toContain('Calendars.Read');
    expect(new URL(url).searchParams.get('scope')).toContain('offline_access');
    const code = (await followAuthorize(url)).searchParams.get('code') ?? '';
    await expect(
      connector.exchange({ code, codeVerifier: 'x'.repeat(43), redirectUri: REDIRECT }),
    ).rejects.toThrow(/Code_Verifier does not match/);

    const again = await followAuthorize(url);
    const account = await connector.exchange({
      code: again.searchParams.get('code') ?? '',
      codeVerifier: pkce.verifier,
      redirectUri: REDIRECT,
    });
    expect(account).toMatchObject({
      email: 'ana@contoso.com',
      timeZone: 'America/Los_Angeles',
      emailVerified: false,
    });
    expect(account.encryptedRefreshToken).toMatch(/^gcm1\./);
    expect(account.encryptedRefreshToken).not.toContain('RefreshToken');
    const plain = JSON.parse(await vault.decrypt(account.encryptedRefreshToken));
    expect(Object.keys(plain.RefreshToken)).toHaveLength(1);
    expect(plain.AccessToken).toEqual({});
  });

  it('a personal account has a verified address', async () => {
    server.addAccount({ email: 'sam@outlook.com', personal: true });
    const connection = await connect('sam@outlook.com');
    expect(connection.accountEmail).toBe('sam@outlook.com');
    expect(connection.calendarId).toMatch(/\.9188040d-6c67-4c5b-b112-36a304b66dad$/);
  });
});

describe('reading an Outlook calendar', () => {
  it('lists the window over linked pages in UTC, then follows the delta link', async () => {
    server.addAccount({ email: 'kim@contoso.com' });
    const now = Date.now();
    interview('kim@contoso.com', 'Interview: Contoso', now - 2 * HOUR);
    interview('kim@contoso.com', 'Interview: Fabrikam', now + 48 * HOUR);
    interview('kim@contoso.com', 'Phone screen: Tailspin', now + 72 * HOUR);
    interview('kim@contoso.com', 'Long ago', now - 90 * 24 * HOUR);
    const connection = await connect('kim@contoso.com');
    const before = server.graph.requests.length;

    const first = await pages(connection);
    expect(first.map((p) => p.changes.length)).toEqual([2, 1]);
    expect(first.every((p) => p.full)).toBe(true);
    expect(first[0]?.nextSyncToken).toBeUndefined();
    const token = first[1]?.nextSyncToken ?? '';
    expect(JSON.parse(token).deltaLink).toContain('$deltatoken=');
    const deltaRequests = server.graph.requests.slice(before);
    expect(deltaRequests.every((r) => r.prefer.includes('outlook.timezone="UTC"'))).toBe(true);
    expect(deltaRequests[0]?.url).toMatch(/startDateTime=.*&endDateTime=/);

    const moved = interview(
      'kim@contoso.com',
      'Interview: Fabrikam (moved)',
      now + 96 * HOUR,
      String(first[0]?.changes[1]?.eventId),
    );
    server.deleteEvent('kim@contoso.com', String(first[1]?.changes[0]?.eventId));
    const second = await pages(connection, token);
    expect(second).toHaveLength(1);
    expect(second[0]?.full).toBe(false);
    expect(second[0]?.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventId: moved.id, title: 'Interview: Fabrikam (moved)' }),
        { provider: 'microsoft', eventId: first[1]?.changes[0]?.eventId, removed: true },
      ]),
    );
  });

  it('a dropped delta state (410 syncStateNotFound) asks the core for a full listing', async () => {
    server.addAccount({ email: 'lee@contoso.com' });
    const connection = await connect('lee@contoso.com');
    const token = (await pages(connection)).at(-1)?.nextSyncToken ?? '';
    server.dropDeltaTokens();
    await expect(pages(connection, token)).rejects.toBeInstanceOf(SyncTokenExpiredError);
  });

  it('a window that runs short is renewed through a full listing', async () => {
    server.addAccount({ email: 'max@contoso.com' });
    const connection = await connect('max@contoso.com');
    const old = JSON.stringify({
      v: 1,
      deltaLink: `${server.graphBase}/v1.0/me/calendarView/delta?$deltatoken=x`,
      windowStart: '2020-01-01T00:00:00Z',
    });
    await expect(pages(connection, old)).rejects.toThrow(/window runs short/);
    const foreign = JSON.stringify({
      v: 1,
      deltaLink: 'https://evil.example/v1.0/me/calendarView/delta',
      windowStart: new Date().toISOString(),
    });
    await expect(pages(connection, foreign)).rejects.toThrow(/not on the Graph origin/);
  });

  it('honours Retry-After on 429 and 503, and reports throttling that lasts', async () => {
    server.addAccount({ email: 'joe@contoso.com' });
    interview('joe@contoso.com', 'Interview: Northwind', Date.now() + 5 * HOUR);
    const connection = await connect('joe@contoso.com');
    server.throttle(2, 1, 429);
    const listed = await pages(connection);
    expect(listed.flatMap((p) => p.changes)).toHaveLength(1);
    server.throttle(2, 1, 503);
    expect((await pages(connection)).flatMap((p) => p.changes)).toHaveLength(1);
    server.throttle(10, 1, 429);
    const error = await pages(connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(1);
    server.throttle(0);
  });

  it('refreshes through MSAL and persists the rotated cache; a revoked grant becomes GrantRevokedError', async () => {
    server.addAccount({ email: 'eve@contoso.com' });
    const connection = await connect('eve@contoso.com');
    const refreshesBefore = server.identity.tokenRequests.filter((t) => t === 'refresh_token').length;
    await pages(connection);
    const stored = await store.get('connection', connection.userId, connection.id);
    expect(server.identity.tokenRequests.filter((t) => t === 'refresh_token').length).toBe(
      refreshesBefore + 1,
    );
    expect(stored?.encryptedRefreshToken).not.toBe(connection.encryptedRefreshToken);

    server.setGrant('eve@contoso.com', 'invalid_grant');
    await expect(pages(connection)).rejects.toBeInstanceOf(GrantRevokedError);
    server.setGrant('eve@contoso.com', 'interaction_required');
    await expect(pages(connection)).rejects.toThrow(/sign in again/);
  });
});
