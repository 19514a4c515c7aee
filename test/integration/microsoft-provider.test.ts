/**
 * The Outlook adapter through the real `@azure/msal-node` and
 * `@microsoft/microsoft-graph-client`, against the local HTTPS Microsoft
 * server, with the token cache kept encrypted on a connection in dynalite.
 */
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
import { connectOutlook } from '../support/microsoft-server/connect-outlook.js';
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

function connect(email: string): Promise<Connection> {
  return connectOutlook({ server, config, store, vault, log, userId: 'u-1', email });
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
  it('redeems the code with the PKCE verifier and gives a token cache with a refresh token, no access token', async () => {
    server.addAccount({ email: 'ana@contoso.com', mailboxTimeZone: 'Pacific Standard Time' });
    const connector = new MicrosoftConnector({ config, log });
    server.signInNext('ana@contoso.com');
    const request = await connector.authorize({ redirectUri: REDIRECT, state: 's' });
    const scopes = new URL(request.url).searchParams.get('scope') ?? '';
    expect(scopes).toContain('Calendars.Read');
    expect(scopes).toContain('offline_access');
    expect(new URL(request.url).searchParams.get('code_challenge_method')).toBe('S256');
    const code = (await followAuthorize(request.url)).searchParams.get('code') ?? '';
    await expect(
      connector.exchange({ code, codeVerifier: 'x'.repeat(43), redirectUri: REDIRECT }),
    ).rejects.toThrow(/Code_Verifier does not match/);

    const again = await followAuthorize(request.url);
    const account = await connector.exchange({
      code: again.searchParams.get('code') ?? '',
      codeVerifier: request.codeVerifier,
      redirectUri: REDIRECT,
    });
    expect(account).toMatchObject({
      email: 'ana@contoso.com',
      timeZone: 'America/Los_Angeles',
      emailVerified: true,
    });
    const cache = JSON.parse(account.secret);
    expect(Object.keys(cache.RefreshToken)).toHaveLength(1);
    expect(cache.AccessToken).toEqual({});
  });

  it('a work address from a domain its tenant did not verify is not vouched for', async () => {
    server.addAccount({ email: 'kai@unverified.example', verifiedDomain: false });
    const connector = new MicrosoftConnector({ config, log });
    server.signInNext('kai@unverified.example');
    const request = await connector.authorize({ redirectUri: REDIRECT, state: 's' });
    const code = (await followAuthorize(request.url)).searchParams.get('code') ?? '';
    const account = await connector.exchange({
      code,
      codeVerifier: request.codeVerifier,
      redirectUri: REDIRECT,
    });
    expect(account.emailVerified).toBe(false);
  });

  it('declined consent comes back as access_denied with the state', async () => {
    const connector = new MicrosoftConnector({ config, log });
    server.denyNextConsent();
    const back = await followAuthorize(
      (await connector.authorize({ redirectUri: REDIRECT, state: 'st' })).url,
    );
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st');
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
