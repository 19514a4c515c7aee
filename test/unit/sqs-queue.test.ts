import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { messageGroupId, SqsSyncQueue } from '../../functions/adapters/queue/sqs-sync-queue.js';
import { SyncMessage } from '../../functions/adapters/queue/sync-message.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/afterview-sync.fifo';
const NOW = new Date('2030-01-02T03:04:05.000Z');

function sequentialIds() {
  let n = 0;
  return { next: () => `01J0000000000000000000000${++n}` };
}

describe('SqsSyncQueue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  function queue() {
    return new SqsSyncQueue({
      client: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: QUEUE_URL,
      ids: sequentialIds(),
      clock: { now: () => NOW },
    });
  }

  it('sends one message in the calendar group with a parseable body', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await queue().enqueue({ userId: 'u1', connectionId: 'c1', reason: 'webhook' });
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: JSON.stringify({
        userId: 'u1',
        connectionId: 'c1',
        reason: 'webhook',
        requestedAt: '2030-01-02T03:04:05.000Z',
      }),
      MessageGroupId: 'u1#c1',
      MessageDeduplicationId: '01J00000000000000000000001',
    });
    expect(SyncMessage.parse(JSON.parse(input.MessageBody!))).toEqual({
      userId: 'u1',
      connectionId: 'c1',
      reason: 'webhook',
      requestedAt: '2030-01-02T03:04:05.000Z',
    });
  });

  it('gives two identical notifications distinct deduplication ids (a sync behind a sync)', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const q = queue();
    await q.enqueue({ userId: 'u1', connectionId: 'c1', reason: 'webhook' });
    await q.enqueue({ userId: 'u1', connectionId: 'c1', reason: 'webhook' });
    const [first, second] = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(first!.MessageBody).toBe(second!.MessageBody);
    expect(first!.MessageGroupId).toBe(second!.MessageGroupId);
    expect(first!.MessageDeduplicationId).not.toBe(second!.MessageDeduplicationId);
  });

  it('propagates SQS errors', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('QueueDoesNotExist'));
    await expect(queue().enqueue({ userId: 'u1', connectionId: 'c1', reason: 'x' })).rejects.toThrow(
      'QueueDoesNotExist',
    );
  });

  it('rejects an invalid request before calling SQS', async () => {
    await expect(queue().enqueue({ userId: '', connectionId: 'c1', reason: 'x' })).rejects.toThrow();
    expect(sqs.calls()).toHaveLength(0);
  });

  it('keeps group ids within the SQS limit', () => {
    const long = messageGroupId('u'.repeat(100), 'c'.repeat(100));
    expect(long).toMatch(/^[0-9a-f]{64}$/);
    expect(messageGroupId('u'.repeat(100), 'c'.repeat(100))).toBe(long);
    expect(messageGroupId('u1', 'c2')).not.toBe(messageGroupId('u1', 'c3'));
  });
});
