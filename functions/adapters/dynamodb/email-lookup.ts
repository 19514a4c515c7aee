/**
 * The email lookup items behind `findUserByEmail`, kept without transactions.
 *
 * Invariant: a lookup item `EMAIL#<e>` owned by user `u` exists only while a
 * marker `EMAILREF#<e>` exists in u's partition (markers are written before
 * lookups and deleted after them). So data deletion finds every lookup a user
 * owns, even after a crash in the middle of an email change. A lookup may
 * outlive its reason (a crash, a lost race): readers check that the settings
 * it points to still carry the email, and a stale lookup may be taken over.
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors.js';
import { isConditionFailed } from './document-client.js';
import { EMAIL_SORT, emailPk, emailRefSk, normalizeEmail, PARTITION_KEY, SORT_KEY, userPk } from './table.js';

/** What a lookup item holds. */
export interface EmailLookup {
  userId: string;
  settingsId: string;
  email: string;
}

/** Reads the settings a lookup points to: injected to keep this file about lookups only. */
export type SettingsEmailOf = (userId: string, settingsId: string) => Promise<string | undefined>;

export class EmailLookups {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly emailOf: SettingsEmailOf,
  ) {}

  /** The lookup item for an email, if any (strongly consistent). */
  async read(email: string): Promise<EmailLookup | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PARTITION_KEY]: emailPk(email), [SORT_KEY]: EMAIL_SORT },
        ConsistentRead: true,
      }),
    );
    const item = out.Item;
    if (!item || typeof item.userId !== 'string' || typeof item.settingsId !== 'string') return undefined;
    return { userId: item.userId, settingsId: item.settingsId, email: String(item.email ?? '') };
  }

  /**
   * Makes `email` point at this user: marker first, then the lookup. Throws
   * `ConflictError` when another user's settings carry the email.
   */
  async claim(userId: string, settingsId: string, email: string): Promise<void> {
    const current = await this.read(email);
    if (current?.userId === userId && current.settingsId === settingsId) return;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [PARTITION_KEY]: userPk(userId),
          [SORT_KEY]: emailRefSk(email),
          email: normalizeEmail(email),
          version: 1,
        },
      }),
    );
    if (current && current.userId !== userId) await this.ensureStale(current, email);
    await this.writeLookup(userId, settingsId, email, current?.userId);
  }

  /** Removes the lookup (only if this user owns it), then the marker. Tolerates absence. */
  async release(userId: string, email: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: emailPk(email), [SORT_KEY]: EMAIL_SORT },
          ConditionExpression: 'attribute_not_exists(#pk) OR userId = :user',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ExpressionAttributeValues: { ':user': userId },
        }),
      );
    } catch (error) {
      // Another user took the address over: their lookup stays.
      if (!isConditionFailed(error)) throw error;
    }
    await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { [PARTITION_KEY]: userPk(userId), [SORT_KEY]: emailRefSk(email) },
      }),
    );
  }

  private async ensureStale(current: EmailLookup, email: string): Promise<void> {
    const ownersEmail = await this.emailOf(current.userId, current.settingsId);
    if (ownersEmail !== undefined && normalizeEmail(ownersEmail) === normalizeEmail(email)) {
      throw new ConflictError(`email ${normalizeEmail(email)} already belongs to another user`);
    }
  }

  /** Conditional on the owner we saw, so that two claimants cannot both win. */
  private async writeLookup(
    userId: string,
    settingsId: string,
    email: string,
    previousOwner: string | undefined,
  ): Promise<void> {
    const condition =
      previousOwner === undefined
        ? {
            ConditionExpression: 'attribute_not_exists(#pk) OR userId = :me',
            ExpressionAttributeValues: { ':me': userId },
          }
        : {
            ConditionExpression: 'userId = :previous OR userId = :me',
            ExpressionAttributeValues: { ':previous': previousOwner, ':me': userId },
          };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [PARTITION_KEY]: emailPk(email),
            [SORT_KEY]: EMAIL_SORT,
            userId,
            settingsId,
            email: normalizeEmail(email),
            version: 1,
          },
          ExpressionAttributeNames: previousOwner === undefined ? { '#pk': PARTITION_KEY } : undefined,
          ...condition,
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) {
        throw new ConflictError(`email ${normalizeEmail(email)} was claimed concurrently`, { cause: error });
      }
      throw error;
    }
  }
}
