/**
 * Invariant 7: webhooks with a wrong channel token or clientState are
 * rejected and change nothing; genuine ones enqueue a sync and answer at once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../functions/core/model.js';
import type { Store, SyncQueue } from '../../functions/core/ports.js';
import { channelSecret, createWebhookApp } from '../../functions/web/routes/webhook-routes.js';
import { MemoryLog } from '../../sim/fakes/log.js';

const SECRET = channelSecret('u-alice', 'google-abc', 'R4nd0mR4nd0mR4nd0m');
const CONNECTION: Connection = {
  userId: 'u-alice',
  id: 'google-abc',
  version: 3,
  provider: 'google',
  calendarId: 'primary',
  status: 'active',
  channelId: 'chan-1',
  channelToken: SECRET,
};

class QueueFake implements SyncQueue {
  readonly requests: Array<Parameters<SyncQueue['enqueue']>[0]> = [];
  async enqueue(request: Parameters<SyncQueue['enqueue']>[0]): Promise<void> {
    this.requests.push(request);
  }
}

const store: Pick<Store, 'get'> = {
  get: (async (kind: string, userId: string, id: string) =>
    kind === 'connection' && userId === CONNECTION.userId && id === CONNECTION.id
      ? CONNECTION
      : undefined) as Store['get'],
};

let queue: QueueFake;
let app: ReturnType<typeof createWebhookApp>;
beforeEach(() => {
  queue = new QueueFake();
  app = createWebhookApp({ store, queue, log: new MemoryLog() });
});

function google(headers: Record<string, string>) {
  return app.request('/google', { method: 'POST', headers });
}

const GOOD_GOOGLE = {
  'x-goog-channel-id': 'chan-1',
  'x-goog-channel-token': SECRET,
  'x-goog-resource-state': 'exists',
  'x-goog-message-number': '7',
};

describe('Google channel notifications', () => {
  it('enqueues a sync for a genuine notification', async () => {
    const res = await google(GOOD_GOOGLE);
    expect(res.status).toBe(200);
    expect(queue.requests).toEqual([{ userId: 'u-alice', connectionId: 'google-abc', reason: 'google:7' }]);
  });

  it('answers the "sync" handshake without syncing', async () => {
    const res = await google({ ...GOOD_GOOGLE, 'x-goog-resource-state': 'sync' });
    expect(res.status).toBe(200);
    expect(queue.requests).toHaveLength(0);
  });

  it.each([
    [
      'a wrong token',
      { 'x-goog-channel-token': channelSecret('u-alice', 'google-abc', 'WrongWrongWrongWrong') },
    ],
    ['another channel id', { 'x-goog-channel-id': 'chan-2' }],
    [
      'a token for an unknown connection',
      { 'x-goog-channel-token': channelSecret('u-bob', 'google-abc', 'R4nd0mR4nd0mR4nd0m') },
    ],
    ['a malformed token', { 'x-goog-channel-token': 'not a token' }],
  ])('rejects %s with 403 and enqueues nothing', async (_, override) => {
    const res = await google({ ...GOOD_GOOGLE, ...override });
    expect(res.status).toBe(403);
    expect(queue.requests).toHaveLength(0);
  });

  it('rejects missing headers with 400', async () => {
    const res = await google({ 'x-goog-channel-id': 'chan-1' });
    expect(res.status).toBe(400);
    expect(queue.requests).toHaveLength(0);
  });
});

describe('Microsoft Graph notifications', () => {
  it('echoes the validation token as plain text (the subscription handshake)', async () => {
    const token = 'Validation: Testing client application reachability <script>';
    const res = await app.request(`/microsoft?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
  });

  function graph(body: unknown) {
    return app.request('/microsoft', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  it('accepts a notification with the right clientState and subscription', async () => {
    const res = await graph({
      value: [{ subscriptionId: 'chan-1', clientState: SECRET, changeType: 'updated' }],
    });
    expect(res.status).toBe(202);
    expect(queue.requests).toEqual([
      { userId: 'u-alice', connectionId: 'google-abc', reason: 'graph:change' },
    ]);
  });

  it('turns a batch for one calendar into one sync, named for its weightiest lifecycle event', async () => {
    const note = (extra: Record<string, string>) => ({
      subscriptionId: 'chan-1',
      clientState: SECRET,
      ...extra,
    });
    const res = await graph({
      value: [
        note({ changeType: 'created' }),
        note({ lifecycleEvent: 'missed' }),
        note({ changeType: 'deleted' }),
      ],
    });
    expect(res.status).toBe(202);
    expect(queue.requests).toEqual([
      { userId: 'u-alice', connectionId: 'google-abc', reason: 'graph:missed' },
    ]);
  });

  it('takes lifecycle notifications on their own URL too', async () => {
    for (const lifecycleEvent of ['reauthorizationRequired', 'subscriptionRemoved']) {
      const res = await app.request('/microsoft/lifecycle', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: [{ subscriptionId: 'chan-1', clientState: SECRET, lifecycleEvent }] }),
      });
      expect(res.status).toBe(202);
    }
    expect(queue.requests.map((r) => r.reason)).toEqual([
      'graph:reauthorizationRequired',
      'graph:subscriptionRemoved',
    ]);
  });

  it('rejects a wrong clientState or subscription and enqueues nothing', async () => {
    const wrong = channelSecret('u-alice', 'google-abc', 'WrongWrongWrongWrong');
    expect((await graph({ value: [{ subscriptionId: 'chan-1', clientState: wrong }] })).status).toBe(403);
    expect((await graph({ value: [{ subscriptionId: 'other', clientState: SECRET }] })).status).toBe(403);
    expect((await graph({ value: [{ subscriptionId: 'chan-1' }] })).status).toBe(403);
    expect(queue.requests).toHaveLength(0);
  });

  it('rejects malformed bodies with 400 and oversized ones with 413', async () => {
    expect((await graph('{not json')).status).toBe(400);
    expect((await graph({ value: [] })).status).toBe(400);
    expect((await graph({ value: 'x'.repeat(300 * 1024) })).status).toBe(413);
    expect(queue.requests).toHaveLength(0);
  });
});
