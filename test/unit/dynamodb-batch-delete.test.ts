import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BatchRetry,
  BatchWriteIncompleteError,
  batchDelete,
} from '../../functions/adapters/dynamodb/batch-delete.js';

// dynalite never leaves items unprocessed, so the retry path is checked at the SDK seam.
const TABLE = 'afterview';
const key = (n: number) => ({ pk: 'USER#u1', sk: `TASK#t${n}` });
const del = (n: number) => ({ DeleteRequest: { Key: key(n) } });

describe('batchDelete', () => {
  const ddb = mockClient(DynamoDBDocumentClient);

  const doc = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  const waits: number[] = [];
  const retry: BatchRetry = {
    attempts: 3,
    baseDelayMs: 50,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
  afterEach(() => {
    ddb.reset();
    waits.length = 0;
  });

  it('splits keys into chunks of 25', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    await batchDelete(
      doc(),
      TABLE,
      Array.from({ length: 60 }, (_, n) => key(n)),
      retry,
    );
    const calls = ddb
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems?.[TABLE]?.length);
    expect(calls).toEqual([25, 25, 10]);
  });

  it('retries exactly the unprocessed items with a doubling back-off', async () => {
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [del(1), del(2)] } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [del(2)] } })
      .resolvesOnce({ UnprocessedItems: {} });
    await batchDelete(doc(), TABLE, [key(0), key(1), key(2)], retry);
    const inputs = ddb.commandCalls(BatchWriteCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { RequestItems: { [TABLE]: [del(0), del(1), del(2)] } },
      { RequestItems: { [TABLE]: [del(1), del(2)] } },
      { RequestItems: { [TABLE]: [del(2)] } },
    ]);
    expect(waits).toEqual([50, 100]);
  });

  it('gives up with a named error after the last attempt', async () => {
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [del(1)] } });
    const error = await batchDelete(doc(), TABLE, [key(1)], retry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchWriteIncompleteError);
    expect((error as BatchWriteIncompleteError).unprocessed).toBe(1);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('does nothing for no keys', async () => {
    await batchDelete(doc(), TABLE, [], retry);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });
});
