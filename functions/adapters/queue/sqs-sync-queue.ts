/**
 * The sync queue on SQS FIFO. One message group per calendar, so that one
 * calendar is synced by one consumer at a time. Deduplication ids are unique
 * per request, never content-based: a notification that arrives while a sync
 * runs must queue another sync behind it (invariant 4), and SQS would drop an
 * identical body within its five-minute deduplication window.
 */
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock, Ids, SyncQueue } from '../../core/ports.js';
import { SyncMessage } from './sync-message.js';

/** SQS caps group and deduplication ids at 128 characters. */
const MAX_ID_LENGTH = 128;

/** `SyncQueue` on an SQS FIFO queue. */
export class SqsSyncQueue implements SyncQueue {
  readonly #deps: { client: SQSClient; queueUrl: string; ids: Ids; clock: Clock };

  constructor(deps: { client: SQSClient; queueUrl: string; ids: Ids; clock: Clock }) {
    this.#deps = deps;
  }

  async enqueue(request: { userId: string; connectionId: string; reason: string }): Promise<void> {
    const { client, queueUrl, ids, clock } = this.#deps;
    const body = SyncMessage.parse({ ...request, requestedAt: clock.now().toISOString() });
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: messageGroupId(body.userId, body.connectionId),
        MessageDeduplicationId: boundedId(ids.next()),
      }),
    );
  }
}

/** The FIFO group of one calendar: `${userId}#${connectionId}` (hashed if too long). */
export function messageGroupId(userId: string, connectionId: string): string {
  return boundedId(`${userId}#${connectionId}`);
}

function boundedId(id: string): string {
  if (id.length <= MAX_ID_LENGTH && /^[\x21-\x7e]+$/.test(id)) return id;
  return createHash('sha256').update(id).digest('hex');
}

export { SyncMessage } from './sync-message.js';
