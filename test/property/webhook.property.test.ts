/**
 * Webhooks are open to the internet. Random headers and bodies on both
 * routes get a 4xx (or the Graph handshake's echo), never a 5xx, enqueue
 * nothing and change no stored item; only the genuine secret enqueues.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncQueue } from '../../functions/core/ports.js';
import { channelSecret, createWebhookApp } from '../../functions/web/routes/webhook-routes.js';
import { MemoryStore } from '../../sim/fakes/memory-store.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const userId = 'u-hook';
const connectionId = 'google-hook';
const secret = channelSecret(userId, connectionId, 'a'.repeat(32));

let store: MemoryStore;
let enqueued: Array<Parameters<SyncQueue['enqueue']>[0]>;
let app: ReturnType<typeof createWebhookApp>;

beforeEach(async () => {
  store = new MemoryStore();
  enqueued = [];
  app = createWebhookApp({ store, queue: { enqueue: async (r) => void enqueued.push(r) }, log: quiet });
  await store.put('connection', {
    userId,
    id: connectionId,
    version: 0,
    provider: 'google',
    calendarId: 'primary',
    status: 'active',
    channelId: 'chan-1',
    channelToken: secret,
  });
});

const headerName = fc.oneof(
  fc.constantFrom(
    'x-goog-channel-id',
    'x-goog-channel-token',
    'x-goog-resource-state',
    'x-goog-message-number',
    'content-type',
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
);
const headerValue = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,300}$/),
  fc.constantFrom(
    'sync',
    'exists',
    'not_exists',
    'chan-1',
    secret,
    `${secret}x`,
    'v1.u-hook.google-hook.bbbbbbbbbbbbbbbbbbbb',
  ),
);
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 6 });
const body = fc.oneof(
  fc.string({ maxLength: 2000 }),
  fc.json(),
  fc
    .record({
      value: fc.array(
        fc.record(
          {
            subscriptionId: fc.string(),
            clientState: fc.oneof(fc.string(), fc.constant(`${secret}x`)),
            changeType: fc.string(),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 5 },
      ),
    })
    .map((v) => JSON.stringify(v)),
);

describe('webhooks under hostile input', () => {
  it('answers random requests with a 4xx and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/google', '/microsoft'), headers, body, async (path, h, b) => {
        enqueued.length = 0;
        const before = store.snapshot();
        const res = await app.request(path, { method: 'POST', headers: h, body: b });
        const genuine = h['x-goog-channel-token'] === secret && h['x-goog-channel-id'] === 'chan-1';
        if (!genuine) {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(enqueued).toEqual([]);
        }
        expect(res.status).toBeLessThan(500);
        expect(store.snapshot()).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('echoes the Graph validation handshake as plain text and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 2000 }), async (token) => {
        const res = await app.request(`/microsoft?validationToken=${encodeURIComponent(token)}`, {
          method: 'POST',
        });
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) {
          expect(await res.text()).toBe(token);
          expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
        }
        expect(enqueued).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('enqueues a sync for the genuine channel (the property is not vacuous)', async () => {
    const res = await app.request('/google', {
      method: 'POST',
      headers: {
        'x-goog-channel-id': 'chan-1',
        'x-goog-channel-token': secret,
        'x-goog-resource-state': 'exists',
      },
    });
    expect(res.status).toBe(200);
    expect(enqueued).toHaveLength(1);
  });
});
