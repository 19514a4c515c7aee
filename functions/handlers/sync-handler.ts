/**
 * The `sync` Lambda's logic: one SQS FIFO message per calendar sync, worked
 * through one at a time in the batch's order (Powertools' FIFO processor),
 * so two messages of one calendar never sync at once. At the first failure
 * the rest of the batch is reported failed unprocessed and comes back in
 * order; what succeeded before it is not retried. A burst of notifications
 * for one calendar arrives as one batch of its group and becomes one sync; a
 * notification sent while that sync runs arrives in a later batch and leads
 * to one more (invariant 4).
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { SyncMessage } from '../adapters/queue/sync-message.js';
import { channelNeedsCare, keepChannel } from '../core/channels.js';
import { ValidationError } from '../core/errors.js';
import type { Connection } from '../core/model.js';
import type { ChannelKeeper, SyncQueue } from '../core/ports.js';
import { type SyncDeps, type SyncReport, syncConnection } from '../core/sync.js';
import { describeIssues } from '../core/zod-issues.js';

/** Push channels to renew or re-create after a lifecycle notification's sync. */
export interface SyncChannels {
  keeperFor(connection: Connection): ChannelKeeper | undefined;
  queue: SyncQueue;
}

export function makeSyncHandler(deps: SyncDeps, channels?: SyncChannels) {
  const processor = new SqsFifoPartialProcessorAsync();
  let inBatch = new Map<string, Promise<SyncReport>>();
  const record = async (item: SQSRecord) => {
    let body: unknown;
    try {
      body = JSON.parse(item.body);
    } catch (error) {
      throw new ValidationError('sync message is not JSON', { cause: error });
    }
    const message = SyncMessage.safeParse(body);
    if (!message.success) throw new ValidationError(`invalid sync message: ${describeIssues(message.error)}`);
    const { userId, connectionId } = message.data;
    const key = `${userId}#${connectionId}`;
    // The same calendar earlier in this batch: that sync covers this request too.
    const earlier = inBatch.get(key);
    const sync = earlier ?? syncConnection(deps, userId, connectionId);
    inBatch.set(key, sync);
    const report = await sync;
    if (!earlier)
      deps.log.info('synced', { ...message.data, status: report.status, changes: report.changes });
    if (channels && report.status !== 'broken' && channelNeedsCare(message.data.reason)) {
      const connection = await deps.store.get('connection', message.data.userId, message.data.connectionId);
      if (connection) {
        const outcome = await keepChannel(
          { log: deps.log, queue: channels.queue },
          channels.keeperFor(connection),
          connection,
        );
        deps.log.info('channel after lifecycle notification', { connectionId: connection.id, outcome });
      }
    }
  };
  return async (event: SQSEvent) => {
    inBatch = new Map();
    return processPartialResponse(event, record, processor);
  };
}
