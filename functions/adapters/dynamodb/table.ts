/**
 * The one table's layout, shared by the store, the local scheduler (through
 * the composition root), the embedded server and the CDK stack.
 *
 * Partitions:
 * - `USER#<userId>`: every entity of one user, `sk = <KIND>#<id>`, plus
 *   `EMAILREF#<email>` markers naming the email lookup items the user owns
 *   (so data deletion finds them even after an interrupted email change).
 * - `EMAIL#<lower-cased email>`, `sk = EMAIL`: lookup item for `findUserByEmail`.
 * - `ONCE#<key>`, `sk = ONCE`: one-time use records of signed links (TTL).
 * - `COUNT#<key>`, `sk = COUNT`: rate-limit counters, one per key and window (TTL).
 * - `DUE#<schedule name>`, `sk = DUE`: armed follow-ups (`DynamoFollowupLedger`).
 * - `SCHEDULE` / `SCHEDULE_DEAD`: the local scheduler's items (not used in the
 *   cloud), `sk = <name>` / `<name>#<revision>`.
 *
 * The one GSI is sparse: only items that carry `gsi1pk` are projected.
 * Connections with a push channel project as `CHANNEL_EXPIRY` / `<iso>`; armed
 * follow-ups as `FOLLOWUP_DUE` / `<iso of their next check>`; the local
 * scheduler's pending schedules as `SCHEDULE_DUE` / `<iso of next attempt>`.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  GSI1_NAME,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../../contracts/table-keys.js';
import type { EntityKind } from '../../core/ports.js';

// The key names are a contract with the stack (`contracts/table-keys.ts`).
export { GSI1_NAME, GSI1_PARTITION_KEY, GSI1_SORT_KEY, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE };

/** Every key attribute: stripped from items before they are validated and returned. */
export const KEY_ATTRIBUTES = [
  PARTITION_KEY,
  SORT_KEY,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  TTL_ATTRIBUTE,
] as const;

/** GSI partition of connections whose push channel lapses. */
export const CHANNEL_EXPIRY = 'CHANNEL_EXPIRY';

/** GSI partition of armed follow-ups, sorted by when the sweep checks on them. */
export const FOLLOWUP_DUE = 'FOLLOWUP_DUE';
/** GSI partition of follow-ups the sweep gave up on, until the operator re-arms them. */
export const FOLLOWUP_FAILED = 'FOLLOWUP_FAILED';
export const DUE_SORT = 'DUE';
export const duePk = (scheduleName: string): string => `DUE#${scheduleName}`;

/** The local scheduler's partitions: pending schedules, dead letters, and the GSI partition of what is due. */
export const SCHEDULE_PK = 'SCHEDULE';
export const SCHEDULE_DEAD_PK = 'SCHEDULE_DEAD';
export const SCHEDULE_DUE = 'SCHEDULE_DUE';

/** Sort-key prefix of each entity kind. */
export const KIND_PREFIX: Record<EntityKind, string> = {
  settings: 'SETTINGS',
  connection: 'CONNECTION',
  interview: 'INTERVIEW',
  application: 'APPLICATION',
  task: 'TASK',
  prompt: 'PROMPT',
  session: 'SESSION',
};

export const EMAIL_REF_PREFIX = 'EMAILREF';
export const EMAIL_SORT = 'EMAIL';
export const ONCE_SORT = 'ONCE';

export const userPk = (userId: string): string => `USER#${userId}`;
export const kindPrefix = (kind: EntityKind): string => `${KIND_PREFIX[kind]}#`;
/** Emails are matched case-insensitively: the lookup key is lower-cased. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
export const emailPk = (email: string): string => `EMAIL#${normalizeEmail(email)}`;
export const emailRefSk = (email: string): string => `${EMAIL_REF_PREFIX}#${normalizeEmail(email)}`;
export const oncePk = (key: string): string => `ONCE#${key}`;
export const COUNT_SORT = 'COUNT';
export const countPk = (key: string): string => `COUNT#${key}`;

/**
 * An instant as a sortable GSI key: ISO-8601 UTC with milliseconds. Stored
 * instants may carry any number of fraction digits, which does not sort as
 * text ("...00Z" > "...00.5Z"), so keys are always rewritten to one width.
 */
export function sortableInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${iso}`);
  return new Date(ms).toISOString();
}

/** Epoch seconds for the TTL attribute. */
export function ttlSeconds(iso: string): number {
  return Math.ceil(Date.parse(sortableInstant(iso)) / 1000);
}

/**
 * CreateTable input for the embedded server and tests: on-demand, one sparse
 * GSI projecting everything. TTL (`TTL_ATTRIBUTE`) is enabled by the CDK
 * stack; dynalite does not implement it.
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: PARTITION_KEY, AttributeType: 'S' },
      { AttributeName: SORT_KEY, AttributeType: 'S' },
      { AttributeName: GSI1_PARTITION_KEY, AttributeType: 'S' },
      { AttributeName: GSI1_SORT_KEY, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1_NAME,
        KeySchema: [
          { AttributeName: GSI1_PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: GSI1_SORT_KEY, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
