/** The thin Lambda handlers: validate the event, call the core, shape the result. */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.js';
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

describe('followup handler', () => {
  it('rejects a malformed payload with a ValidationError (the scheduler retries, then dead-letters it)', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z' });
    const handler = makeFollowupHandler(h.deps);
    await expect(handler({ kind: 'interview-ended', userId: h.userId })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(handler('not an object')).rejects.toBeInstanceOf(ValidationError);
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('answers a stale payload with "stale" and sends nothing', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z' });
    const handler = makeFollowupHandler(h.deps);
    const out = await handler({ kind: 'interview-ended', userId: h.userId, interviewId: 'gone', version: 1 });
    expect(out).toEqual({ outcome: 'stale' });
    expect(h.mailer.sent).toHaveLength(0);
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
});
