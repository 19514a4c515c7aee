/** The thin Lambda handlers: validate the event, call the core, shape the result. */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.js';
import type { FollowupPayload } from '../../functions/core/model.js';
import { makeFollowupHandler } from '../../functions/handlers/followup-handler.js';
import { makeSyncHandler } from '../../functions/handlers/sync-handler.js';
import { CoreHarness, calendarEvent } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

function record(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764061200000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764061200000',
      MessageGroupId: 'g',
      MessageDeduplicationId: messageId,
    },
    messageAttributes: {},
    md5OfBody: '0',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:afterview-sync.fifo',
    awsRegion: 'us-east-1',
  };
}

/** The ledger's `settle` as a list of what was settled. */
function settled() {
  const payloads: FollowupPayload[] = [];
  return { payloads, settle: async (payload: FollowupPayload) => void payloads.push(payload) };
}

describe('followup handler', () => {
  it('rejects a malformed payload with a ValidationError (Lambda retries, then records it in the failure queue)', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z' });
    const ledger = settled();
    const handler = makeFollowupHandler(h.deps, ledger);
    await expect(handler({ kind: 'interview-ended', userId: h.userId })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(handler('not an object')).rejects.toBeInstanceOf(ValidationError);
    expect(h.mailer.sent).toHaveLength(0);
    expect(ledger.payloads).toEqual([]);
  });

  it('answers a stale payload with "stale", sends nothing, and settles the follow-up', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z' });
    const ledger = settled();
    const handler = makeFollowupHandler(h.deps, ledger);
    const payload = { kind: 'interview-ended', userId: h.userId, interviewId: 'gone', version: 1 } as const;
    const out = await handler(payload);
    expect(out).toEqual({ outcome: 'stale' });
    expect(h.mailer.sent).toHaveLength(0);
    expect(ledger.payloads).toEqual([payload]);
  });

  it('leaves the follow-up unsettled when the firing fails, for the sweep to re-arm', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z' });
    const ledger = settled();
    const failing = {
      ...h.deps,
      store: { ...h.deps.store, get: async () => Promise.reject(new Error('throttled')) },
    };
    const handler = makeFollowupHandler(failing, ledger);
    await expect(
      handler({ kind: 'interview-ended', userId: h.userId, interviewId: 'x', version: 1 }),
    ).rejects.toThrow('throttled');
    expect(ledger.payloads).toEqual([]);
  });
});

describe('sync handler', () => {
  it('syncs good records and reports only the bad ones as batch item failures', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    h.calendar.page(
      [
        calendarEvent({
          id: 'evt-h',
          start: '2026-03-04T13:00:00Z',
          end: '2026-03-04T14:00:00Z',
          people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
        }),
      ],
      'tok-1',
      true,
    );
    const good = JSON.stringify({
      userId: h.userId,
      connectionId: h.connectionId,
      reason: 'test',
      requestedAt: '2026-03-02T08:00:00Z',
    });
    const event: SQSEvent = {
      Records: [
        record('m-good', good),
        record('m-json', '{oops'),
        record('m-shape', JSON.stringify({ userId: 1 })),
      ],
    };
    const result = await makeSyncHandler(h.deps)(event);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-json', 'm-shape']);
    expect(await h.deps.store.list('interview', h.userId)).toHaveLength(1);
  });

  it('works through a FIFO batch one message at a time and returns the rest after a failure', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const store = h.deps.store;
    // The store with a `get` that notes overlap: a sync starts by reading its connection.
    const tracked = Object.assign(Object.create(store) as typeof store, {
      get: (async (...args: Parameters<typeof store.get>) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        if (args[0] === 'connection') order.push(args[2]);
        return store.get(...args);
      }) as typeof store.get,
    });
    const body = (reason: string) =>
      JSON.stringify({
        userId: h.userId,
        connectionId: h.connectionId,
        reason,
        requestedAt: '2026-03-02T08:00:00Z',
      });
    const event: SQSEvent = {
      Records: [
        record('m-1', body('a')),
        record('m-2', body('b')),
        record('m-bad', '{oops'),
        record('m-4', body('c')),
      ],
    };
    const result = await makeSyncHandler({ ...h.deps, store: tracked })(event);

    expect(most).toBe(1);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-bad', 'm-4']);
    expect(new Set(order)).toEqual(new Set([h.connectionId]));
  });
});
