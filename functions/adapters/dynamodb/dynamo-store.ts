/**
 * `Store` on one DynamoDB table (see `table.ts` for the layout). Optimistic
 * concurrency by conditional writes; no transactions and no reliance on TTL:
 * every multi-item change is ordered so that a retry repairs a crash.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '../../core/errors.js';
import { type Connection, Instant, type Settings } from '../../core/model.js';
import type { Entity, EntityKind, Store } from '../../core/ports.js';
import { type BatchRetry, batchDelete, DEFAULT_BATCH_RETRY } from './batch-delete.js';
import {
  collect,
  documentClient,
  type Item,
  isConditionFailed,
  queryAll,
  scanAll,
} from './document-client.js';
import { EmailLookups } from './email-lookup.js';
import { entityItem, entityKey, kindOfSortKey, parseEntity, readEntity, stripKeys } from './entity-items.js';
import {
  CHANNEL_EXPIRY,
  COUNT_SORT,
  countPk,
  EMAIL_REF_PREFIX,
  GSI1_NAME,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  KIND_PREFIX,
  kindPrefix,
  normalizeEmail,
  ONCE_SORT,
  oncePk,
  PARTITION_KEY,
  SORT_KEY,
  sortableInstant,
  TTL_ATTRIBUTE,
  ttlSeconds,
  userPk,
} from './table.js';

export interface DynamoStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Items per Query/Scan page; DynamoDB's 1 MB page limit applies either way. */
  pageSize?: number;
  batchRetry?: BatchRetry;
}

/** One item of a user's data export: its kind and its attributes without keys. */
export interface ExportedItem {
  /** An entity kind, or `email-ref` for the markers of the email lookup. */
  kind: EntityKind | 'email-ref';
  data: Item;
}

const MAX_ONCE_KEY_LENGTH = 512;

export class DynamoStore implements Store {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly pageSize: number | undefined;
  private readonly batchRetry: BatchRetry;
  private readonly lookups: EmailLookups;

  constructor(options: DynamoStoreOptions) {
    this.doc = documentClient(options.client);
    this.tableName = options.tableName;
    this.pageSize = options.pageSize;
    this.batchRetry = options.batchRetry ?? DEFAULT_BATCH_RETRY;
    this.lookups = new EmailLookups(this.doc, this.tableName, async (userId, id) => {
      return (await this.get('settings', userId, id))?.email;
    });
  }

  async get<K extends EntityKind>(kind: K, userId: string, id: string): Promise<Entity<K> | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: entityKey(kind, userId, id), ConsistentRead: true }),
    );
    return out.Item ? readEntity(kind, out.Item) : undefined;
  }

  async list<K extends EntityKind>(kind: K, userId: string): Promise<Entity<K>[]> {
    const items = queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
      ExpressionAttributeValues: { ':pk': userPk(userId), ':prefix': kindPrefix(kind) },
      ConsistentRead: true,
      Limit: this.pageSize,
    });
    return (await collect(items)).map((item) => readEntity(kind, item));
  }

  async put<K extends EntityKind>(kind: K, entity: Entity<K>): Promise<Entity<K>> {
    const valid = parseEntity(kind, entity);
    if (kind === 'settings') return (await this.putSettings(valid as Settings)) as Entity<K>;
    return (await this.putEntity(kind, valid)).stored;
  }

  async delete(kind: EntityKind, userId: string, id: string): Promise<void> {
    const out = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: entityKey(kind, userId, id),
        ReturnValues: 'ALL_OLD',
      }),
    );
    const email = out.Attributes?.email;
    if (kind === 'settings' && typeof email === 'string') await this.lookups.release(userId, email);
  }

  async findUserByEmail(email: string): Promise<Settings | undefined> {
    const lookup = await this.lookups.read(email);
    if (!lookup) return undefined;
    const settings = await this.get('settings', lookup.userId, lookup.settingsId);
    // A lookup left behind by an interrupted email change points at settings
    // that no longer carry the address.
    if (!settings || normalizeEmail(settings.email) !== normalizeEmail(email)) return undefined;
    return settings;
  }

  async listConnectionsExpiringBefore(before: string): Promise<Connection[]> {
    const items = queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: GSI1_NAME,
      KeyConditionExpression: '#gpk = :expiry AND #gsk < :before',
      ExpressionAttributeNames: { '#gpk': GSI1_PARTITION_KEY, '#gsk': GSI1_SORT_KEY },
      ExpressionAttributeValues: {
        ':expiry': CHANNEL_EXPIRY,
        ':before': sortableInstant(parseInstant(before)),
      },
      Limit: this.pageSize,
    });
    return (await collect(items)).map((item) => readEntity('connection', item));
  }

  async listAllConnections(): Promise<Connection[]> {
    const items = scanAll(this.doc, {
      TableName: this.tableName,
      FilterExpression: 'begins_with(#pk, :user) AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
      ExpressionAttributeValues: { ':user': 'USER#', ':prefix': kindPrefix('connection') },
      Limit: this.pageSize,
    });
    return (await collect(items)).map((item) => readEntity('connection', item));
  }

  async useOnce(key: string, expiresAt: string): Promise<boolean> {
    if (key.length === 0 || key.length > MAX_ONCE_KEY_LENGTH) {
      throw new ValidationError(`one-time key must be 1..${MAX_ONCE_KEY_LENGTH} characters`);
    }
    const until = parseInstant(expiresAt);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [PARTITION_KEY]: oncePk(key),
            [SORT_KEY]: ONCE_SORT,
            version: 1,
            usedUntil: until,
            expiresAt: ttlSeconds(until),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async countUse(key: string, expiresAt: string): Promise<number> {
    if (key.length === 0 || key.length > MAX_ONCE_KEY_LENGTH) {
      throw new ValidationError(`counter key must be 1..${MAX_ONCE_KEY_LENGTH} characters`);
    }
    const until = parseInstant(expiresAt);
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [PARTITION_KEY]: countPk(key), [SORT_KEY]: COUNT_SORT },
        UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':ttl': ttlSeconds(until) },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = out.Attributes?.count;
    if (typeof count !== 'number') throw new Error(`counter ${key} returned no count`);
    return count;
  }

  async wasUsed(key: string): Promise<boolean> {
    if (key.length === 0 || key.length > MAX_ONCE_KEY_LENGTH) return false;
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PARTITION_KEY]: oncePk(key), [SORT_KEY]: ONCE_SORT },
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  /**
   * Deletes the user's email lookups first (while the settings and markers
   * that name them still exist), then every item of the user's partition. A
   * crash part way leaves enough behind for a retry to finish.
   */
  async deleteUser(userId: string): Promise<void> {
    const items = await this.userItems(userId, [PARTITION_KEY, SORT_KEY, 'email']);
    const emails = new Set<string>();
    for (const item of items) {
      const sk = String(item[SORT_KEY]);
      const isOwner = sk.startsWith(`${EMAIL_REF_PREFIX}#`) || sk.startsWith(`${KIND_PREFIX.settings}#`);
      if (isOwner && typeof item.email === 'string') emails.add(normalizeEmail(item.email));
    }
    for (const email of emails) await this.lookups.release(userId, email);
    const keys = items.map((item) => ({ [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: item[SORT_KEY] }));
    await batchDelete(this.doc, this.tableName, keys, this.batchRetry);
  }

  /** Every item of a user as plain objects (keys stripped), for data export. */
  async exportUser(userId: string): Promise<ExportedItem[]> {
    const items = await this.userItems(userId);
    return items.map((item) => ({
      kind: kindOfSortKey(String(item[SORT_KEY])) ?? 'email-ref',
      data: stripKeys(item),
    }));
  }

  /** Every item of the user's partition, optionally projected to a few attributes. */
  private userItems(userId: string, attributes?: string[]): Promise<Item[]> {
    const names: Record<string, string> = { '#pk': PARTITION_KEY };
    for (const [i, name] of (attributes ?? []).entries()) names[`#a${i}`] = name;
    const projection = attributes?.map((_, i) => `#a${i}`).join(', ');
    return collect(
      queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: projection,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':pk': userPk(userId) },
        ConsistentRead: true,
        Limit: this.pageSize,
      }),
    );
  }

  /**
   * Settings carry the email lookup. Order: claim the new address (marker,
   * then lookup), write the settings, then release the old address. Readers
   * verify a lookup against the settings, so each intermediate state is
   * harmless and a retry completes it.
   */
  private async putSettings(settings: Settings): Promise<Settings> {
    await this.lookups.claim(settings.userId, settings.id, settings.email);
    const { stored, previous } = await this.putEntity('settings', settings);
    const oldEmail = previous?.email;
    if (typeof oldEmail === 'string' && normalizeEmail(oldEmail) !== normalizeEmail(settings.email)) {
      await this.lookups.release(settings.userId, oldEmail);
    }
    return stored;
  }

  /** Conditional put: must not exist at version 0, else must be at `version`; writes `version + 1`. */
  private async putEntity<K extends EntityKind>(
    kind: K,
    entity: Entity<K>,
  ): Promise<{ stored: Entity<K>; previous: Item | undefined }> {
    const stored = { ...entity, version: entity.version + 1 };
    const condition: Pick<
      PutCommandInput,
      'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    > =
      entity.version === 0
        ? {
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': entity.version },
          };
    try {
      const out = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: entityItem(kind, stored),
          ReturnValues: 'ALL_OLD',
          ...condition,
        }),
      );
      return { stored, previous: out.Attributes };
    } catch (error) {
      if (isConditionFailed(error)) {
        const expected = entity.version === 0 ? 'absent' : `at version ${entity.version}`;
        throw new ConflictError(`${kind} ${entity.userId}/${entity.id} is not ${expected}`, { cause: error });
      }
      throw error;
    }
  }
}

function parseInstant(value: string): string {
  const parsed = Instant.safeParse(value);
  if (!parsed.success) throw new ValidationError(`not a UTC instant: ${JSON.stringify(value).slice(0, 80)}`);
  return parsed.data;
}
