/**
 * The Google adapter through the real `google-auth-library` and
 * `@googleapis/calendar` against the local Google server: consent with PKCE,
 * ID-token verification, paging, sync tokens, 410, rate limits with backoff,
 * a revoked grant, watch and stop, revoke.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../functions/adapters/calendar/google/google-backoff.js';
import type { GoogleClientConfig } from '../../functions/adapters/calendar/google/google-config.js';
import { GoogleConnector } from '../../functions/adapters/calendar/google/google-connector.js';
import { GoogleCalendarProvider } from '../../functions/adapters/calendar/google/google-provider.js';
import { GooglePush } from '../../functions/adapters/calendar/google/google-push.js';
import { LocalTokenVault } from '../../functions/adapters/vault/local-token-vault.js';
import { GrantRevokedError, RateLimitedError, SyncTokenExpiredError } from '../../functions/core/errors.js';
import type { CalendarEvent, Connection, EventChange, RemovedEvent } from '../../functions/core/model.js';
import { OAuthFlowError } from '../../functions/core/oauth-ports.js';
import type { ChangePage } from '../../functions/core/ports.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { MemoryLog } from '../../sim/fakes/log.js';
import { consent } from '../support/google-server/consent.js';
import { type EventInput, GoogleServer } from '../support/google-server/google-server.js';

const REDIRECT = 'http://localhost:3999/oauth/google/callback';
const NOW = '2026-11-25T14:00:00Z';

let server: GoogleServer;
let config: GoogleClientConfig;
const vault = new LocalTokenVault(Buffer.alloc(32, 7));
const clock = new VirtualClock(NOW);
const log = new MemoryLog();

function event(id: string, start: string, extra: Partial<EventInput> = {}): EventInput {
  const end = new Date(Date.parse(start) + 45 * 60_000).toISOString();
  return {
    id,
    summary: `Interview ${id}`,
    start: { dateTime: start, timeZone: 'Europe/Berlin' },
    end: { dateTime: end, timeZone: 'Europe/Berlin' },
    attendees: [
      { email: 'alex@gmail.test', self: true, responseStatus: 'accepted' },
      { email: 'jane@acme.test', displayName: 'Jane Doe', organizer: true, responseStatus: 'accepted' },
    ],
    ...extra,
  };
}

async function connection(): Promise<Connection> {
  const { account } = await consent(new GoogleConnector({ config, log }), REDIRECT);
  return {
    userId: 'u-alex',
    id: 'google-alex',
    version: 1,
    provider: 'google',
    calendarId: 'primary',
    accountEmail: account.email,
    status: 'active',
    encryptedRefreshToken: await vault.encrypt(account.secret),
  };
}

function provider(backoff?: BackoffPolicy): GoogleCalendarProvider {
  return new GoogleCalendarProvider({
    config,
    vault,
    owner: { email: 'alex@gmail.test', timeZone: 'Europe/Berlin' },
    clock,
    log,
    ...(backoff ? { backoff } : {}),
  });
}

async function pages(iterable: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of iterable) out.push(page);
  return out;
}

const ids = (changes: EventChange[]) => changes.map((c) => c.eventId).sort();

beforeAll(async () => {
  server = await GoogleServer.start({ redirectUris: [REDIRECT], deliverPushes: false });
  const env = server.env();
  config = {
    clientId: env.GOOGLE_CLIENT_ID!,
    clientSecret: env.GOOGLE_CLIENT_SECRET!,
    apiBaseUrl: env.GOOGLE_API_BASE_URL!,
    oauthBaseUrl: env.GOOGLE_OAUTH_BASE_URL!,
  };
});

afterAll(async () => server?.close());

beforeEach(() => {
  server.calendar.pageCap = 2500;
});

describe('Google consent', () => {
  it('asks for offline access with PKCE S256 and the least scopes, and returns the verified account with its zone', async () => {
    const { account, authUrl } = await consent(new GoogleConnector({ config, log }), REDIRECT);
    const q = authUrl.searchParams;
    expect(authUrl.pathname).toBe('/o/oauth2/v2/auth');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('scope')?.split(' ').sort()).toEqual([
      'email',
      'https://www.googleapis.com/auth/calendar.events.readonly',
      'openid',
      'profile',
    ]);
    expect(account).toMatchObject({
      email: 'alex@gmail.test',
      emailVerified: true,
      displayName: 'Alex Kim',
      timeZone: 'Europe/Berlin',
      calendarId: 'primary',
    });
    expect(account.secret).toMatch(/^1\/\//);
    const exchange = server.oauth.calls.filter((c) => c.path === '/token').at(-1);
    expect(exchange?.params.code_verifier).toBe('<code_verifier>');
  });

  it('refuses a code exchanged with the wrong PKCE verifier', async () => {
    const connector = new GoogleConnector({ config, log });
    const { url } = await connector.authorize({ state: 'state-xxxxxxxxxxxxxxxx', redirectUri: REDIRECT });
    const code = new URL(
      (await fetch(url, { redirect: 'manual' })).headers.get('location')!,
    ).searchParams.get('code')!;
    const wrong = 'w'.repeat(64);
    const failure = await connector
      .exchange({ code, codeVerifier: wrong, redirectUri: REDIRECT })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(OAuthFlowError);
    expect(failure.reason).toBe('exchange-refused');
  });

  it('reports an unverified address as such', async () => {
    server.oauth.account = { sub: '2002', email: 'new@example.test', emailVerified: false };
    try {
      const { account } = await consent(new GoogleConnector({ config, log }), REDIRECT);
      expect(account).toMatchObject({ email: 'new@example.test', emailVerified: false });
    } finally {
      server.oauth.account = {
        sub: '1000001',
        email: 'alex@gmail.test',
        emailVerified: true,
        name: 'Alex Kim',
      };
    }
  });

  it('reports a consent without a refresh token, and revokes the grant', async () => {
    server.oauth.withholdNextRefreshToken = true;
    const failure = await consent(new GoogleConnector({ config, log }), REDIRECT).catch((e) => e);
    expect(failure).toBeInstanceOf(OAuthFlowError);
    expect(failure.reason).toBe('no-refresh-token');
  });

  it('revokes a grant; revoking it again is not an error', async () => {
    const connector = new GoogleConnector({ config, log });
    const { account } = await consent(connector, REDIRECT);
    await connector.revoke(account.secret);
    expect(server.oauth.grants().find((g) => g.refreshToken === account.secret)?.revoked).toBe(true);
    await expect(connector.revoke(account.secret)).resolves.toBeUndefined();
  });
});

describe('Google events', () => {
  it('lists the window page by page with singleEvents, showDeleted and 250 a page, the sync token on the last page only', async () => {
    const conn = await connection();
    for (let i = 0; i < 5; i += 1) server.calendar.put(event(`page${i}`, `2026-12-0${i + 1}T09:00:00Z`));
    server.calendar.put(event('too-far', '2027-09-01T09:00:00Z'));
    server.calendar.pageCap = 2;
    const listed = await pages(provider().listChanges(conn, undefined));
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.slice(0, -1).every((p) => p.nextSyncToken === undefined)).toBe(true);
    expect(listed.at(-1)?.nextSyncToken).toBeTruthy();
    expect(listed.every((p) => p.full)).toBe(true);
    const all = listed.flatMap((p) => p.changes);
    expect(ids(all)).toEqual(expect.arrayContaining(['page0', 'page1', 'page2', 'page3', 'page4']));
    expect(ids(all)).not.toContain('too-far');
    const first = server.calendar.listCalls.filter((c) => !c.pageToken).at(-1)!;
    expect(first).toMatchObject({ singleEvents: 'true', showDeleted: 'true', maxResults: '250' });
    expect(Date.parse(first.timeMin!)).toBeLessThan(Date.parse(NOW));
    expect(Date.parse(first.timeMax!)).toBeGreaterThan(Date.parse('2027-04-01T00:00:00Z'));
  });

  it('lists only what changed since the sync token: new, moved, deleted, and a cancelled recurring instance', async () => {
    const conn = await connection();
    server.calendar.put(event('move-me', '2026-12-10T09:00:00Z'));
    server.calendar.put(event('delete-me', '2026-12-11T09:00:00Z'));
    server.calendar.put(
      event('weekly', '2026-12-14T09:00:00Z', { recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'] }),
    );
    const token = (await pages(provider().listChanges(conn, undefined))).at(-1)!.nextSyncToken!;

    server.calendar.put(event('move-me', '2026-12-10T15:00:00Z'));
    server.calendar.delete('delete-me');
    server.calendar.put(event('brand-new', '2026-12-12T09:00:00Z'));
    server.calendar.overrideInstance('weekly', '2026-12-21T09:00:00Z', { cancelled: true });
    const changed = await pages(provider().listChanges(conn, token));
    const changes = changed.flatMap((p) => p.changes);
    const incremental = server.calendar.listCalls.at(-1)!;
    expect(incremental.syncToken).toBe(token);
    expect(incremental.timeMin).toBeUndefined();
    expect(incremental.timeMax).toBeUndefined();
    expect(changed.every((p) => !p.full)).toBe(true);
    expect(ids(changes)).toEqual(['brand-new', 'delete-me', 'move-me', 'weekly_20261221T090000Z']);
    const moved = changes.find((c) => c.eventId === 'move-me') as CalendarEvent;
    expect(moved.start).toBe('2026-12-10T15:00:00Z');
    expect((changes.find((c) => c.eventId === 'delete-me') as RemovedEvent).removed).toBe(true);
    expect((changes.find((c) => c.eventId === 'weekly_20261221T090000Z') as RemovedEvent).removed).toBe(true);
  });

  it('turns 410 for an expired sync token into SyncTokenExpiredError', async () => {
    const conn = await connection();
    const token = (await pages(provider().listChanges(conn, undefined))).at(-1)!.nextSyncToken!;
    server.calendar.expireSyncTokens();
    await expect(pages(provider().listChanges(conn, token))).rejects.toBeInstanceOf(SyncTokenExpiredError);
  });

  it('waits as long as Retry-After says on 429, backs off with jitter on 403 rateLimitExceeded and 503, then succeeds', async () => {
    const conn = await connection();
    const waits: number[] = [];
    const policy: BackoffPolicy = {
      budgetMs: 60_000,
      baseMs: 1_000,
      maxMs: 8_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    };
    server.failNext(
      { status: 429, retryAfter: '7' },
      { status: 403, reason: 'rateLimitExceeded' },
      { status: 403, reason: 'userRateLimitExceeded' },
      { status: 503 },
    );
    const listed = await pages(provider(policy).listChanges(conn, undefined));
    expect(listed.at(-1)?.nextSyncToken).toBeTruthy();
    expect(waits).toEqual([7_000, 1_000, 2_000, 4_000]);
  });

  it('gives up with RateLimitedError when Retry-After is beyond the budget (the queue retries later)', async () => {
    const conn = await connection();
    server.failNext({ status: 429, retryAfter: '120' });
    const error = await pages(
      provider({ budgetMs: 10_000, baseMs: 100, maxMs: 1_000 }).listChanges(conn, undefined),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(120);
  });

  it('turns a revoked grant (invalid_grant on refresh) into GrantRevokedError', async () => {
    const conn = await connection();
    server.oauth.revokeAccount('alex@gmail.test');
    await expect(pages(provider().listChanges(conn, undefined))).rejects.toBeInstanceOf(GrantRevokedError);
  });
});

describe('Google push channels', () => {
  it('opens a channel with our token, address and lifetime; Google sends the sync handshake; stop ends it', async () => {
    const conn = await connection();
    const push = new GooglePush({
      config,
      vault,
      webhookUrl: 'https://afterview.test/webhooks/google',
      clock,
    });
    const token = `v1.u-alex.google-alex.${'s'.repeat(32)}`;
    const opened = await push.open(conn, token);
    const channel = server.calendar.channels.find((c) => c.id === opened.channelId)!;
    expect(channel).toMatchObject({
      token,
      address: 'https://afterview.test/webhooks/google',
      resourceId: opened.resourceId,
    });
    expect(Date.parse(opened.expiresAt) - Date.parse(NOW)).toBe(7 * 24 * 60 * 60 * 1000);
    const handshake = server.calendar.pushes.filter(
      (p) => p.headers['x-goog-channel-id'] === opened.channelId,
    );
    expect(handshake.map((p) => p.headers['x-goog-resource-state'])).toEqual(['sync']);
    await push.close(conn, opened);
    expect(channel.stopped).toBe(true);
    // Stopping a channel Google no longer knows is fine.
    await expect(push.close(conn, opened)).resolves.toBeUndefined();
  });
});
