/** Paginated BatchWriteItem deletes with retry of unprocessed items. */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './document-client.js';

/** DynamoDB's limit of requests per BatchWriteItem. */
export const BATCH_SIZE = 25;

export interface BatchRetry {
  /** Calls per chunk before giving up (default 8). */
  attempts: number;
  /** First back-off; doubles on each retry (default 50 ms). */
  baseDelayMs: number;
  /** Injected so tests need not wait. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_BATCH_RETRY: BatchRetry = {
  attempts: 8,
  baseDelayMs: 50,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Some items stayed unprocessed after every retry; a later retry of the caller finishes the job. */
export class BatchWriteIncompleteError extends Error {
  override name = 'BatchWriteIncompleteError';
  constructor(
    readonly unprocessed: number,
    options?: { cause?: unknown },
  ) {
    super(`${unprocessed} delete(s) still unprocessed after retries`, options);
  }
}

type DeleteRequest = { DeleteRequest: { Key: Item } };

/** Deletes every key, 25 per call, retrying unprocessed items with exponential back-off. */
export async function batchDelete(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Item[],
  retry: BatchRetry = DEFAULT_BATCH_RETRY,
): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH_SIZE) {
    const chunk = keys.slice(i, i + BATCH_SIZE).map((Key): DeleteRequest => ({ DeleteRequest: { Key } }));
    await writeChunk(doc, tableName, chunk, retry);
  }
}

async function writeChunk(
  doc: DynamoDBDocumentClient,
  tableName: string,
  requests: DeleteRequest[],
  retry: BatchRetry,
): Promise<void> {
  let pending = requests;
  for (let attempt = 0; attempt < retry.attempts; attempt++) {
    if (attempt > 0) await retry.sleep(retry.baseDelayMs * 2 ** (attempt - 1));
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (out.UnprocessedItems?.[tableName] ?? []) as DeleteRequest[];
    if (pending.length === 0) return;
  }
  throw new BatchWriteIncompleteError(pending.length);
}
