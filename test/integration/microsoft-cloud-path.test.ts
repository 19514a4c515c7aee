/**
 * The cloud path for Outlook, wired as the cloud composition root wires it,
 * against the local Microsoft server: maintenance creates and renews the
 * Graph subscription (Graph's validation handshake reaches the webhook
 * routes), a batch of change notifications becomes one queued sync, the sync
 * handler reads the calendar and prompts, lifecycle notifications renew or
 * re-create the subscription, and a revoked grant found by maintenance ends
 * in one mail.
 */

import { readFile } from 'node:fs/promises';
import type { SQSEvent } from 'aws-lambda';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MicrosoftCalendar } from '../../functions/adapters/calendar/microsoft/microsoft-calendar.js';
import type { MicrosoftConfig } from '../../functions/adapters/calendar/microsoft/microsoft-config.js';
import { subscriptionKeeper } from '../../functions/adapters/calendar/microsoft/microsoft-subscriptions.js';
import { calendarRegistry } from '../../functions/adapters/calendar/registry.js';
import { LocalTokenVault } from '../../functions/adapters/vault/local-token-vault.js';
import { channelsToKeep, renewChannels } from '../../functions/core/channels.js';
import { runMaintenance } from '../../functions/core/maintenance.js';
import type { Connection } from '../../functions/core/model.js';
import type { ChannelKeeper, SyncQueue } from '../../functions/core/ports.js';
import { makeSyncHandler } from '../../functions/handlers/sync-handler.js';
import { channelSecret, createWebhookApp } from '../../functions/web/routes/webhook-routes.js';
import { CoreHarness } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';
import { connectOutlook } from '../support/microsoft-server/connect-outlook.js';
import { MicrosoftServer, TEST_CLIENT } from '../support/microsoft-server/server.js';

const dynalite = useDynalite();
const API = 'https://afterview.test';
const HOUR = 3_600_000;
const EMAIL = 'sam.seeker@mail.test';
const vault = new LocalTokenVault(Buffer.alloc(32, 9));

/** The SQS queue between the webhook (or maintenance) and the sync function. */
class RecordingQueue implements SyncQueue {
  requests: Array<{ userId: string; connectionId: string; reason: string }> = [];
  async enqueue(request: { userId: string; connectionId: string; reason: string }): Promise<void> {
    this.requests.push(request);
  }
  /** Takes what is queued as the SQS event the sync function receives. */
  take(): SQSEvent {
    const records = this.requests.splice(0).map((request, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `rh-${i}`,
      body: JSON.stringify({ ...request, requestedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '0',
        MessageGroupId: `${request.userId}#${request.connectionId}`,
        MessageDeduplicationId: `m-${i}`,
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

let server: MicrosoftServer;
let config: MicrosoftConfig;
let h: CoreHarness;
let queue: RecordingQueue;
let keeper: ChannelKeeper;
let sync: ReturnType<typeof makeSyncHandler>;
let connection: Connection;
const webhook = new Hono();

beforeAll(async () => {
  // Graph posts to the API's public URL; here the "network" hands those requests to the webhook routes.
  server = await new MicrosoftServer({
    deliver: async (url, init) => {
      const target = new URL(url);
      if (target.origin !== API) throw new Error(`Graph cannot reach ${url}`);
      return webhook.request(target.pathname + target.search, init);
    },
  }).start();
  config = { ...TEST_CLIENT, tenant: 'common', loginBase: server.loginBase, graphBase: server.graphBase };
  server.addAccount({ email: EMAIL });
  h = await CoreHarness.create(dynalite, {
    start: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    prepEnabled: false,
  });
  queue = new RecordingQueue();
  webhook.route('/webhooks', createWebhookApp({ store: h.store, queue, log: h.log }));
  keeper = subscriptionKeeper({
    config,
    store: h.store,
    vault,
    clock: h.clock,
    log: h.log,
    notificationUrl: `${API}/webhooks/microsoft`,
    lifecycleNotificationUrl: `${API}/webhooks/microsoft/lifecycle`,
    newClientState: (c) => channelSecret(c.userId, c.id, 'R4nd0mClientState0123456789'),
  });
  const microsoft = new MicrosoftCalendar({ config, store: h.store, vault, clock: h.clock, log: h.log });
  h.deps.calendars = calendarRegistry({ clock: h.clock, log: h.log, local: false, microsoft });
  sync = makeSyncHandler(h.deps, {
    queue,
    keeperFor: (c) => (c.provider === 'microsoft' ? keeper : undefined),
  });
  connection = await connectOutlook({
    server,
    config,
    store: h.store,
    vault,
    log: h.log,
    userId: h.userId,
    email: EMAIL,
  });
  // The demo connection of the harness plays no part here.
  await h.store.put('connection', { ...(await h.connection()), status: 'deleted' });
});
afterAll(async () => server?.stop());

async function maintenance() {
  const report = await runMaintenance({ store: h.store, queue, clock: h.clock, log: h.log });
  const due = channelsToKeep(await h.store.listAllConnections(), report.channelsDue, ['microsoft']);
  return renewChannels({ log: h.log, queue }, due, (c) => (c.provider === 'microsoft' ? keeper : undefined));
}

async function stored(): Promise<Connection> {
  const found = await h.store.get('connection', h.userId, connection.id);
  if (!found) throw new Error('connection gone');
  return found;
}

describe('Outlook in the cloud', () => {
  it('maintenance creates the subscription after Graph validated both webhook URLs', async () => {
    expect(await maintenance()).toEqual({ renewed: 1 });
    const [sub] = server.subscriptions();
    const saved = await stored();
    expect(sub).toMatchObject({
      resource: 'me/events',
      changeType: 'created,updated,deleted',
      notificationUrl: `${API}/webhooks/microsoft`,
      lifecycleNotificationUrl: `${API}/webhooks/microsoft/lifecycle`,
      clientState: saved.channelToken,
    });
    expect(saved.channelId).toBe(sub?.id);
    const lifetime = Date.parse(saved.channelExpiresAt ?? '') - Date.now();
    expect(lifetime).toBeGreaterThan(6.5 * 24 * HOUR);
    expect(lifetime).toBeLessThan(7 * 24 * HOUR);
    // Maintenance also queued the first (safety) sync; run it.
    await sync(queue.take());
  });

  it('a batch of notifications becomes one sync, which finds the ended interview and prompts once', async () => {
    const now = Date.now();
    server.upsertEvent(EMAIL, {
      subject: 'Interview: Backend Engineer at Contoso',
      start: new Date(now - 2 * HOUR).toISOString(),
      end: new Date(now - HOUR).toISOString(),
      organizer: { emailAddress: { name: 'Rita Recruiter', address: 'rita@contoso.com' } },
      attendees: [
        {
          type: 'required',
          status: { response: 'accepted' },
          emailAddress: { name: 'Jane Doe', address: 'jane@contoso.com' },
        },
        { type: 'required', status: { response: 'accepted' }, emailAddress: { name: 'Sam', address: EMAIL } },
      ],
    });
    server.upsertEvent(EMAIL, {
      subject: 'Dentist',
      start: new Date(now + 24 * HOUR).toISOString(),
      end: new Date(now + 25 * HOUR).toISOString(),
    });
    expect(await server.flushNotifications()).toEqual([202]);
    expect(queue.requests).toEqual([
      { userId: h.userId, connectionId: connection.id, reason: 'graph:change' },
    ]);
    const result = await sync(queue.take());
    expect(result).toEqual({ batchItemFailures: [] });
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    expect((await h.list('interview')).map((i) => i.title)).toEqual([
      'Interview: Backend Engineer at Contoso',
    ]);
  });

  it('rejects forged notifications and queues nothing', async () => {
    const sub = server.subscriptions()[0];
    const forged = await webhook.request('/webhooks/microsoft', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [
          {
            subscriptionId: sub?.id,
            clientState: channelSecret(h.userId, connection.id, 'GuessedGuessedGuessed00'),
            changeType: 'created',
          },
        ],
      }),
    });
    expect(forged.status).toBe(403);
    expect(queue.requests).toHaveLength(0);
  });

  it('re-creates a subscription Graph removed, and renews one that needs reauthorization', async () => {
    const first = server.subscriptions()[0]?.id ?? '';
    expect(await server.sendLifecycle(first, 'subscriptionRemoved')).toBe(202);
    expect(queue.requests.map((r) => r.reason)).toEqual(['graph:subscriptionRemoved']);
    await sync(queue.take());
    const [second] = server.subscriptions();
    expect(second?.id).not.toBe(first);
    expect((await stored()).channelId).toBe(second?.id);

    const before = second?.expirationDateTime;
    expect(await server.sendLifecycle(second?.id ?? '', 'reauthorizationRequired')).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    h.clock.set(new Date());
    await sync(queue.take());
    expect(server.subscriptions().map((s) => s.id)).toEqual([second?.id]);
    expect(server.subscriptions()[0]?.expirationDateTime).not.toBe(before);

    expect(await server.sendLifecycle(second?.id ?? '', 'missed')).toBe(202);
    expect(queue.requests.map((r) => r.reason)).toEqual(['graph:missed']);
    await sync(queue.take());
  });

  it('maintenance renews a subscription about to lapse (PATCH) and leaves others alone', async () => {
    const id = (await stored()).channelId;
    expect(await maintenance()).toEqual({});
    queue.take();
    // Time passes: the subscription now lapses within the renewal horizon.
    await h.store.put('connection', {
      ...(await stored()),
      channelExpiresAt: new Date(Date.now() + 2 * HOUR).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    expect(await maintenance()).toEqual({ renewed: 1 });
    queue.take();
    const renewed = await stored();
    expect(renewed.channelId).toBe(id);
    expect(Date.parse(renewed.channelExpiresAt ?? '') - Date.now()).toBeGreaterThan(6.5 * 24 * HOUR);
    expect(server.graph.requests.filter((r) => r.method === 'PATCH').length).toBeGreaterThanOrEqual(2);
  });

  it('a grant revoked while renewing marks the connection broken and mails the user once', async () => {
    server.setGrant(EMAIL, 'invalid_grant');
    await h.store.put('connection', {
      ...(await stored()),
      channelExpiresAt: new Date(Date.now() + HOUR).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    expect(await maintenance()).toEqual({ 'grant-gone': 1 });
    const event = queue.take();
    // Maintenance hands the dead grant to a sync (a safety sync may come along, by cadence).
    expect(event.Records.map((r) => JSON.parse(r.body).reason)).toContain('grant-check');
    await sync(event);
    expect((await stored()).status).toBe('broken');
    expect(h.mailer.ofKind('connection-broken')).toHaveLength(1);
    // Later runs leave a broken connection alone: no retries, no second mail.
    expect(await maintenance()).toEqual({});
    await sync(queue.take());
    expect(h.mailer.ofKind('connection-broken')).toHaveLength(1);
  });

  it('takes the sample Graph payloads in events/webhook through the webhook Lambda handler', async () => {
    server.setGrant(EMAIL, 'ok');
    const lambda = handle(webhook);
    const current = await stored();
    const load = async (name: string) =>
      JSON.parse(
        (await readFile(`events/webhook/${name}.json`, 'utf8'))
          .replaceAll('{{subscriptionId}}', current.channelId ?? '')
          .replaceAll('{{clientState}}', current.channelToken ?? ''),
      );
    await h.store.put('connection', { ...current, status: 'active' });
    const validation = await lambda(await load('graph-validation'), {} as never);
    expect(validation).toMatchObject({
      statusCode: 200,
      body: expect.stringContaining('Validation: Testing'),
    });
    for (const name of [
      'graph-change',
      'graph-lifecycle-missed',
      'graph-lifecycle-reauthorizationRequired',
      'graph-lifecycle-subscriptionRemoved',
    ]) {
      expect((await lambda(await load(name), {} as never)).statusCode).toBe(202);
    }
    expect(queue.take().Records.map((r) => JSON.parse(r.body).reason)).toEqual([
      'graph:change',
      'graph:missed',
      'graph:reauthorizationRequired',
      'graph:subscriptionRemoved',
    ]);
  });
});
