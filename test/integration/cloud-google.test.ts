/**
 * The cloud path for Google, wired as the cloud composition root wires it
 * (`cloudOAuthRoutes` for `api`, `createWebhookApp` for `webhook`,
 * `calendarRegistry` + `makeSyncHandler` for `sync`, `makeMaintenanceHandler`
 * with Google's channel keeper for `maintenance`) on dynalite, against the local Google server.
 * The queue keeps what is sent to it and hands it to the sync handler as
 * SQS batches. Only the KMS vault is swapped for the local one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { SQSEvent } from 'aws-lambda';
import { Hono } from 'hono';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoogleClientConfig } from '../../functions/adapters/calendar/google/google-config.js';
import { calendarRegistry } from '../../functions/adapters/calendar/registry.js';
import { LocalTokenVault } from '../../functions/adapters/vault/local-token-vault.js';
import { CADENCE, HOUR_MS } from '../../functions/contracts/cadence.js';
import { createActions } from '../../functions/core/actions.js';
import { userIdFor } from '../../functions/core/ids.js';
import { runMaintenance } from '../../functions/core/maintenance.js';
import type { Connection } from '../../functions/core/model.js';
import type { SyncQueue } from '../../functions/core/ports.js';
import type { SyncDeps } from '../../functions/core/sync.js';
import { parseAllowList } from '../../functions/core/users/allow-list.js';
import { cloudPush, googleKeeper } from '../../functions/handlers/composition-root/oauth.js';
import { cloudOAuthRoutes } from '../../functions/handlers/composition-root/oauth-routes.js';
import { makeMaintenanceHandler } from '../../functions/handlers/maintenance-handler.js';
import { makeSyncHandler } from '../../functions/handlers/sync-handler.js';
import { createWebApp } from '../../functions/web/app.js';
import { createWebhookApp } from '../../functions/web/routes/webhook-routes.js';
import { CoreHarness } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';
import { type EventInput, GoogleServer } from '../support/google-server/google-server.js';
import { TestBrowser } from '../support/oauth-browser.js';

const dynalite = useDynalite();
const ALEX = 'alex@gmail.test';
const alexId = userIdFor(ALEX);

/** The sync queue as the functions see it: messages wait here until the test delivers a batch. */
class HeldQueue implements SyncQueue {
  readonly messages: Array<{ userId: string; connectionId: string; reason: string }> = [];
  async enqueue(request: { userId: string; connectionId: string; reason: string }): Promise<void> {
    this.messages.push(request);
  }
  /** Everything queued, as one SQS batch (FIFO: in order), and the queue emptied. */
  batch(): SQSEvent {
    const records = this.messages.splice(0).map((m, i) => ({
      messageId: `m${i}`,
      receiptHandle: `rh${i}`,
      body: JSON.stringify({ ...m, requestedAt: '2026-11-25T14:00:00Z' }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '0',
        MessageGroupId: `${m.userId}#${m.connectionId}`,
        MessageDeduplicationId: `d${i}`,
      },
      messageAttributes: {},
      md5OfBody: '0',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:afterview-sync.fifo',
      awsRegion: 'us-east-1',
    }));
    return { Records: records };
  }
}

function invite(
  id: string,
  start: string,
  summary = 'Interview: Staff Engineer at Acme Robotics',
): EventInput {
  return {
    id,
    summary,
    start: { dateTime: start },
    end: { dateTime: new Date(Date.parse(start) + 45 * 60_000).toISOString() },
    attendees: [
      { email: ALEX, self: true, responseStatus: 'accepted' },
      { email: 'jane.doe@acmerobotics.com', displayName: 'Jane Doe', responseStatus: 'accepted' },
    ],
  };
}

function listen(app: Hono): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

describe('Google in the cloud: connect, push, sync, renew', () => {
  let google: GoogleServer;
  let h: CoreHarness;
  let api: { server: ServerType; url: string };
  let hooks: { server: ServerType; url: string };
  const queue = new HeldQueue();
  const vault = new LocalTokenVault(Buffer.alloc(32, 3));
  let config: GoogleClientConfig;
  let syncDeps: SyncDeps;
  const browser = new TestBrowser();
  const connection = async (): Promise<Connection> =>
    (await h.store.list('connection', alexId)).find((c) => c.provider === 'google')!;
  const sync = async () => makeSyncHandler(syncDeps)(queue.batch());
  /** The maintenance function as `functions/handlers/maintenance.ts` builds it, with Google's keeper. */
  const maintenanceHandler = () => {
    const deps = { store: h.store, queue, clock: h.clock, log: h.log };
    const push = cloudPush({ google: config, vault, baseUrl: hooks.url, clock: h.clock });
    const keeper = googleKeeper({ ...deps, vault, push });
    return makeMaintenanceHandler(deps, {
      pushProviders: ['google'],
      keeperFor: (c) => (c.provider === 'google' ? keeper : undefined),
    });
  };

  beforeAll(async () => {
    h = await CoreHarness.create(dynalite, { start: '2026-11-25T14:00:00Z' });
    // The harness seeds a demo user; a deployment has none.
    await h.store.delete('connection', h.userId, h.connectionId);
    google = await GoogleServer.start({ now: () => h.clock.now().getTime() });
    const env = google.env();
    config = {
      clientId: env.GOOGLE_CLIENT_ID!,
      clientSecret: env.GOOGLE_CLIENT_SECRET!,
      apiBaseUrl: env.GOOGLE_API_BASE_URL!,
      oauthBaseUrl: env.GOOGLE_OAUTH_BASE_URL!,
    };
    // One address, routed as the HTTP API routes it: webhooks to the webhook function, the rest to api.
    const core = { ...h.deps, baseUrl: 'http://placeholder' };
    let web: ReturnType<typeof createWebApp> | undefined;
    const webhook = createWebhookApp({ store: h.store, queue, log: h.log });
    api = await listen(new Hono().route('/webhooks', webhook).all('*', (c) => web!.fetch(c.req.raw)));
    hooks = api;
    core.baseUrl = api.url;
    const oauth = cloudOAuthRoutes({
      core,
      vault,
      queue,
      google: config,
      linkSecret: 'a-link-secret-for-the-cloud-test-0123456789',
      allowList: parseAllowList(`${ALEX},@allowed.test`),
    });
    // As `handlers/api.ts` builds it: sessions (the callback signs the browser in) and OAuth.
    web = createWebApp({
      core,
      actions: createActions(core),
      signIn: {
        allowList: parseAllowList(`${ALEX},@allowed.test`),
        newUser: { timeZone: 'UTC' },
        mailer: h.mailer,
      },
      oauth,
    });
    google.oauth.client.redirectUris.push(`${api.url}/oauth/google/callback`);
    syncDeps = {
      ...core,
      calendars: calendarRegistry({ clock: h.clock, log: h.log, local: false, google: { config, vault } }),
    };
  });

  afterAll(async () => {
    api?.server.close();
    await google?.close();
  });

  it('turns away an address not on the allow-list: a clear page, nothing stored, the grant revoked', async () => {
    google.oauth.account = { sub: '999', email: 'mallory@elsewhere.test', emailVerified: true };
    const page = await browser.open(`${api.url}/connect/google`);
    expect(page.response.status).toBe(403);
    expect(page.body).toContain('not open to mallory@elsewhere.test');
    expect(await h.store.findUserByEmail('mallory@elsewhere.test')).toBeUndefined();
    expect(google.oauth.grants().find((g) => g.account.email === 'mallory@elsewhere.test')?.revoked).toBe(
      true,
    );
    expect(queue.messages).toEqual([]);
  });

  it('refuses an unverified address and stores nothing', async () => {
    google.oauth.account = { sub: '998', email: 'new@allowed.test', emailVerified: false };
    const page = await browser.open(`${api.url}/connect/google`);
    expect(page.response.status).toBe(403);
    expect(page.body).toContain('is not verified');
    expect(await h.store.findUserByEmail('new@allowed.test')).toBeUndefined();
  });

  it('signs up by connecting: user created, grant encrypted, channel opened with our token, first sync queued', async () => {
    google.oauth.account = { sub: '1', email: ALEX, emailVerified: true, name: 'Alex Kim' };
    google.calendar.put(invite('first', '2026-11-27T09:00:00Z'));
    const page = await browser.open(`${api.url}/connect/google`);
    expect(page.response.status).toBe(200);
    // On the dashboard, signed in as Alex.
    expect(page.url).toBe(`${api.url}/?connected=google`);
    expect(page.body).toContain('Google Calendar connected');
    expect(page.body).toContain('Sign out');
    const settings = await h.store.findUserByEmail(ALEX);
    expect(settings).toMatchObject({ userId: alexId, timeZone: 'Europe/Berlin' });
    const conn = await connection();
    expect(conn.encryptedRefreshToken).toMatch(/^gcm1\./);
    expect(conn.channelToken).toMatch(new RegExp(`^v1\\.${alexId}\\.${conn.id}\\.[A-Za-z0-9_-]{32}$`));
    const channel = google.calendar.channels.find((c) => c.id === conn.channelId)!;
    expect(channel).toMatchObject({ address: `${hooks.url}/webhooks/google`, token: conn.channelToken });
    expect(Date.parse(conn.channelExpiresAt!) - h.clock.now().getTime()).toBe(
      CADENCE.googleChannelTtlHours * HOUR_MS,
    );
    // Google's handshake reached the webhook and changed nothing; the first sync is queued.
    expect(queue.messages.map((m) => m.reason)).toEqual(['connected']);
  });

  it('the sync function reads the calendar with the stored grant', async () => {
    const result = await sync();
    expect(result.batchItemFailures).toEqual([]);
    const interviews = await h.store.list('interview', alexId);
    expect(interviews.map((i) => i.eventId)).toEqual(['first']);
    expect((await connection()).syncToken).toBeTruthy();
  });

  it('a burst of notifications becomes one sync; one arriving during the sync leads to one more', async () => {
    google.calendar.put(invite('second', '2026-11-30T09:00:00Z'));
    google.calendar.put(invite('third', '2026-12-01T09:00:00Z'));
    google.calendar.put(invite('fourth', '2026-12-02T09:00:00Z'));
    await expect.poll(() => queue.messages.length).toBe(3);
    const before = google.calendar.listCalls.length;
    await sync();
    expect(google.calendar.listCalls.length - before).toBe(1);
    expect((await h.store.list('interview', alexId)).length).toBe(4);
    // A change while that sync ran: its notification queued one more sync.
    google.calendar.put(invite('fifth', '2026-12-03T09:00:00Z'));
    await expect.poll(() => queue.messages.length).toBe(1);
    await sync();
    expect((await h.store.list('interview', alexId)).length).toBe(5);
  });

  it('rejects a forged notification and queues nothing', async () => {
    const conn = await connection();
    const forged = await fetch(`${hooks.url}/webhooks/google`, {
      method: 'POST',
      headers: {
        'x-goog-channel-id': conn.channelId!,
        'x-goog-channel-token': `v1.${alexId}.${conn.id}.${'f'.repeat(32)}`,
        'x-goog-resource-state': 'exists',
      },
    });
    expect(forged.status).toBe(403);
    expect(queue.messages).toEqual([]);
  });

  it('the webhook Lambda answers the sample pushes in events/: the handshake changes nothing, a change queues a sync', async () => {
    const conn = await connection();
    const handler = handle(
      new Hono().route('/webhooks', createWebhookApp({ store: h.store, queue, log: h.log })),
    );
    const sample = async (name: string) => {
      const text = (await readFile(join('events', 'webhook', name), 'utf8'))
        .replaceAll('{{channelId}}', conn.channelId!)
        .replaceAll('{{channelToken}}', conn.channelToken!)
        .replaceAll('{{resourceId}}', conn.channelResourceId!);
      return handler(JSON.parse(text) as LambdaEvent, {} as LambdaContext);
    };
    expect((await sample('google-push-sync.json')).statusCode).toBe(200);
    expect(queue.messages).toEqual([]);
    expect((await sample('google-push-exists.json')).statusCode).toBe(200);
    expect(queue.messages).toEqual([{ userId: alexId, connectionId: conn.id, reason: 'google:2' }]);
    expect((await sync()).batchItemFailures).toEqual([]);
  });

  it('maintenance leaves a freshly synced push calendar alone, and safety-syncs one silent for hours', async () => {
    const deps = { store: h.store, queue, clock: h.clock, log: h.log };
    const quiet = await runMaintenance(deps);
    expect(quiet.safetySyncs).toBe(0);
    expect(queue.messages).toEqual([]);
    h.clock.advance((CADENCE.pushSafetySyncHours + 0.5) * HOUR_MS);
    const late = await runMaintenance(deps);
    expect(late.safetySyncs).toBe(1);
    expect(queue.messages.map((m) => m.reason)).toEqual(['safety-sync']);
    expect((await sync()).batchItemFailures).toEqual([]);
  });

  it('maintenance renews a channel a day before it lapses: the new channel first, then the old one stopped', async () => {
    const old = await connection();
    const maintenance = maintenanceHandler();
    expect((await maintenance()).channels).toEqual({});
    h.clock.set(new Date(Date.parse(old.channelExpiresAt!) - 20 * HOUR_MS));
    const report = await maintenance();
    expect(report.channels).toEqual({ renewed: 1 });
    const renewed = await connection();
    expect(renewed.channelId).not.toBe(old.channelId);
    expect(renewed.channelToken).not.toBe(old.channelToken);
    expect(google.calendar.channels.find((c) => c.id === old.channelId)?.stopped).toBe(true);
    expect(google.calendar.liveChannels().map((c) => c.id)).toEqual([renewed.channelId]);
    queue.messages.splice(0);
    // The old channel's notifications are refused now; the new one's are taken.
    const stale = await fetch(`${hooks.url}/webhooks/google`, {
      method: 'POST',
      headers: {
        'x-goog-channel-id': old.channelId!,
        'x-goog-channel-token': old.channelToken!,
        'x-goog-resource-state': 'exists',
      },
    });
    expect(stale.status).toBe(403);
    google.calendar.put(invite('sixth', '2026-12-10T09:00:00Z'));
    await expect.poll(() => queue.messages.length).toBe(1);
    await sync();
    expect((await h.store.list('interview', alexId)).some((i) => i.eventId === 'sixth')).toBe(true);
  });

  it('a renewal that finds the grant revoked hands it to a sync: broken, one mail, no crash loop', async () => {
    const conn = await connection();
    const maintenance = maintenanceHandler();
    google.oauth.revokeAccount(ALEX);
    h.clock.set(new Date(Date.parse(conn.channelExpiresAt!) - 20 * HOUR_MS));
    const mailsBefore = h.mailer.sent.length;
    expect((await maintenance()).channels).toEqual({ 'grant-gone': 1 });
    await sync();
    expect((await connection()).status).toBe('broken');
    const mails = h.mailer.sent.slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(JSON.stringify(mails[0])).toContain('Google Calendar');
    // Later runs neither renew nor sync it again, and send nothing more.
    const after = await maintenance();
    expect(after.channels).toEqual({});
    expect(after.broken).toBe(1);
    expect(queue.messages).toEqual([]);
    expect(h.mailer.sent.length).toBe(mailsBefore + 1);
  });
});
