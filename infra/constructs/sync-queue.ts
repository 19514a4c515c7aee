import { Duration } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Receives before a message goes to the dead-letter queue. */
export const SYNC_MAX_RECEIVES = 5;

/**
 * The consumer works through a batch one message at a time (one calendar at
 * a time, in FIFO order), so the batch is small: each sync of one calendar
 * is given `SYNC_MESSAGE_BUDGET` (an ICS fetch alone may take 20 seconds).
 */
export const SYNC_BATCH_SIZE = 3;
export const SYNC_MESSAGE_BUDGET = Duration.seconds(30);
/** The consumer's timeout: the whole batch in sequence, and a margin to report it. */
export const SYNC_TIMEOUT = Duration.seconds(SYNC_MESSAGE_BUDGET.toSeconds() * SYNC_BATCH_SIZE + 10);

export interface SyncQueueProps {
  /** The consumer's timeout: the queue's visibility timeout is derived from it. */
  consumerTimeout: Duration;
}

/**
 * The calendar sync queue: SQS FIFO, one message group per calendar so one
 * calendar syncs at a time, with a FIFO dead-letter queue. Deduplication is
 * by explicit id, never by content: a notification that arrives while a sync
 * runs must lead to another sync, even when its body is the same.
 */
export class SyncQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SyncQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      contentBasedDeduplication: false,
      // AWS advises six times the consumer's timeout so retries of a batch
      // do not overlap a still-running invocation.
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: SYNC_MAX_RECEIVES },
    });
  }

  /** Lets a function enqueue syncs (`SYNC_QUEUE_URL`). */
  grantEnqueue(fn: LambdaFunction): void {
    this.queue.grantSendMessages(fn);
    fn.addEnvironment('SYNC_QUEUE_URL', this.queue.queueUrl);
  }

  /** Makes `fn` the consumer; it reports partial batch failures (the failed message and all after it). */
  addConsumer(fn: LambdaFunction): void {
    fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: SYNC_BATCH_SIZE, reportBatchItemFailures: true }),
    );
  }
}
