/** The DocumentClient as this adapter uses it, and small helpers around it. */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** One plain DynamoDB item as the DocumentClient returns it. */
export type Item = Record<string, unknown>;

/** A DocumentClient that drops `undefined` attributes (optional model fields). */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** True for the error DynamoDB raises when a write's condition does not hold. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Every item of a Query, page by page (follows `LastEvaluatedKey`). */
export async function* queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<Item> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Every item of a Scan, page by page (maintenance only). */
export async function* scanAll(doc: DynamoDBDocumentClient, input: ScanCommandInput): AsyncGenerator<Item> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
