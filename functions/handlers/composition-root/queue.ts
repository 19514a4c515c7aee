/** The sync queue on SQS FIFO. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { requireEnv } from '../../adapters/config.js';
import { SqsSyncQueue } from '../../adapters/queue/sqs-sync-queue.js';
import { clock, ids } from './container.js';

export function cloudQueue(): SqsSyncQueue {
  return new SqsSyncQueue({ client: new SQSClient({}), queueUrl: requireEnv('SYNC_QUEUE_URL'), ids, clock });
}
