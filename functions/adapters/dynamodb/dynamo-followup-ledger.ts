/**
 * `FollowupLedger` on the one table: one item per armed follow-up, keyed by
 * its schedule name (`DUE#<name>`). While armed it projects into the GSI as
 * `FOLLOWUP_DUE` / `<check time>`, so the sweep finds overdue ones with a
 * Query; a failed one moves to `FOLLOWUP_FAILED` / `<due time>`, out of the
 * sweep's way but found again when the operator re-arms failed ones. Writes are conditional: a replan of
 * the same payload leaves the re-arm count alone, and settling removes only
 * the payload that fired.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { DueFollowup, FollowupLedger } from '../../core/due-followups.js';
import { scheduleName } from '../../core/ids.js';
import { FollowupPayload, Instant } from '../../core/model.js';
import { documentClient, type Item, isConditionFailed, queryAll } from './document-client.js';
import {
  DUE_SORT,
  duePk,
  FOLLOWUP_DUE,
  FOLLOWUP_FAILED,
  GSI1_NAME,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  PARTITION_KEY,
  SORT_KEY,
  sortableInstant,
} from './table.js';

const StoredDue = z.object({
  userId: z.string().min(1),
  name: z.string().min(1),
  at: Instant,
  payload: FollowupPayload,
  checkAt: Instant.optional(),
  rearms: z.number().int().min(0),
  state: z.enum(['armed', 'failed']),
  version: z.number().int().min(1),
});

/** The payload as one comparable string (attribute order fixed by the schema). */
function payloadKey(payload: FollowupPayload): string {
  return JSON.stringify(FollowupPayload.parse(payload));
}

export class DynamoFollowupLedger implements FollowupLedger {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.#doc = documentClient(options.client);
    this.#tableName = options.tableName;
  }

  async arm(entry: {
    userId: string;
    name: string;
    at: string;
    payload: FollowupPayload;
    checkAt: string;
  }): Promise<void> {
    const key = payloadKey(entry.payload);
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { [PARTITION_KEY]: duePk(entry.name), [SORT_KEY]: DUE_SORT },
          UpdateExpression:
            'SET userId = :userId, #name = :name, #at = :at, payload = :payload, payloadKey = :key, checkAt = :checkAt, rearms = :zero, #state = :armed, #version = if_not_exists(#version, :zero) + :one, #gpk = :gpk, #gsk = :gsk',
          ConditionExpression: 'attribute_not_exists(#pk) OR payloadKey <> :key',
          ExpressionAttributeNames: {
            '#pk': PARTITION_KEY,
            '#name': 'name',
            '#at': 'at',
            '#state': 'state',
            '#version': 'version',
            '#gpk': GSI1_PARTITION_KEY,
            '#gsk': GSI1_SORT_KEY,
          },
          ExpressionAttributeValues: {
            ':userId': entry.userId,
            ':name': entry.name,
            ':at': entry.at,
            ':payload': entry.payload,
            ':key': key,
            ':checkAt': entry.checkAt,
            ':zero': 0,
            ':one': 1,
            ':armed': 'armed',
            ':gpk': FOLLOWUP_DUE,
            ':gsk': sortableInstant(entry.checkAt),
          },
        }),
      );
    } catch (error) {
      // The same payload is armed already: a replan, not a new follow-up.
      if (!isConditionFailed(error)) throw error;
    }
  }

  async disarm(name: string): Promise<void> {
    await this.#doc.send(
      new DeleteCommand({
        TableName: this.#tableName,
        Key: { [PARTITION_KEY]: duePk(name), [SORT_KEY]: DUE_SORT },
      }),
    );
  }

  async settle(payload: FollowupPayload): Promise<void> {
    try {
      await this.#doc.send(
        new DeleteCommand({
          TableName: this.#tableName,
          Key: { [PARTITION_KEY]: duePk(scheduleName(payload)), [SORT_KEY]: DUE_SORT },
          ConditionExpression: '#payloadKey = :key',
          ExpressionAttributeNames: { '#payloadKey': 'payloadKey' },
          ExpressionAttributeValues: { ':key': payloadKey(payload) },
        }),
      );
    } catch (error) {
      // Gone already, or armed anew with another payload (which still has to fire).
      if (!isConditionFailed(error)) throw error;
    }
  }

  async listOverdue(now: string, limit: number): Promise<DueFollowup[]> {
    return this.#fromIndex(FOLLOWUP_DUE, sortableInstant(now), limit);
  }

  async listFailed(limit: number): Promise<DueFollowup[]> {
    return this.#fromIndex(FOLLOWUP_FAILED, undefined, limit);
  }

  async #fromIndex(partition: string, upTo: string | undefined, limit: number): Promise<DueFollowup[]> {
    const found: DueFollowup[] = [];
    const items = queryAll(this.#doc, {
      TableName: this.#tableName,
      IndexName: GSI1_NAME,
      KeyConditionExpression: upTo === undefined ? '#gpk = :part' : '#gpk = :part AND #gsk <= :upTo',
      ExpressionAttributeNames:
        upTo === undefined
          ? { '#gpk': GSI1_PARTITION_KEY }
          : { '#gpk': GSI1_PARTITION_KEY, '#gsk': GSI1_SORT_KEY },
      ExpressionAttributeValues:
        upTo === undefined ? { ':part': partition } : { ':part': partition, ':upTo': upTo },
      Limit: limit,
    });
    for await (const item of items) {
      found.push(readDue(item));
      if (found.length >= limit) break;
    }
    return found;
  }

  async update(entry: DueFollowup): Promise<boolean> {
    const valid = StoredDue.parse(entry);
    const item: Item = {
      ...valid,
      version: valid.version + 1,
      payloadKey: payloadKey(valid.payload),
      [PARTITION_KEY]: duePk(valid.name),
      [SORT_KEY]: DUE_SORT,
    };
    if (valid.state === 'armed' && valid.checkAt) {
      item[GSI1_PARTITION_KEY] = FOLLOWUP_DUE;
      item[GSI1_SORT_KEY] = sortableInstant(valid.checkAt);
    } else if (valid.state === 'failed') {
      item[GSI1_PARTITION_KEY] = FOLLOWUP_FAILED;
      item[GSI1_SORT_KEY] = sortableInstant(valid.at);
    }
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: item,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': valid.version },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** One record by schedule name. */
  async get(name: string): Promise<DueFollowup | undefined> {
    const out = await this.#doc.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [PARTITION_KEY]: duePk(name), [SORT_KEY]: DUE_SORT },
        ConsistentRead: true,
      }),
    );
    return out.Item ? readDue(out.Item) : undefined;
  }
}

function readDue(item: Item): DueFollowup {
  const parsed = StoredDue.safeParse(item);
  if (!parsed.success) {
    throw new Error(
      `stored follow-up record ${String(item[PARTITION_KEY])} is invalid: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
