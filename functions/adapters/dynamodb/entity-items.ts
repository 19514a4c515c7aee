/**
 * Mapping between model entities and table items: keys on the way in,
 * key stripping and zod validation on the way out.
 */

import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { Application, Connection, Interview, Prompt, Settings, Task } from '../../core/model.js';
import type { Entity, EntityKind, EntityTypes } from '../../core/ports.js';
import { describeIssues } from '../../core/zod-issues.js';
import type { Item } from './document-client.js';
import {
  CHANNEL_EXPIRY,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  KEY_ATTRIBUTES,
  KIND_PREFIX,
  kindPrefix,
  PARTITION_KEY,
  SORT_KEY,
  sortableInstant,
  userPk,
} from './table.js';

/** The schema each entity kind is validated with, on write and on read. */
export const ENTITY_SCHEMAS: { [K in EntityKind]: z.ZodType<EntityTypes[K]> } = {
  settings: Settings,
  connection: Connection,
  interview: Interview,
  application: Application,
  task: Task,
  prompt: Prompt,
};

/** DynamoDB caps sort keys at 1024 bytes; calendar ids can be longer. */
const MAX_PLAIN_ID_BYTES = 900;

/**
 * The sort key of an entity. Long ids (provider event ids are up to 1 KiB)
 * are replaced by their SHA-256; the id itself stays in the item.
 */
export function entitySortKey(kind: EntityKind, id: string): string {
  if (Buffer.byteLength(id, 'utf8') <= MAX_PLAIN_ID_BYTES) return `${kindPrefix(kind)}${id}`;
  return `${kindPrefix(kind)}~sha256:${createHash('sha256').update(id).digest('base64url')}`;
}

/** Primary key of an entity. */
export function entityKey(kind: EntityKind, userId: string, id: string): Item {
  return { [PARTITION_KEY]: userPk(userId), [SORT_KEY]: entitySortKey(kind, id) };
}

/** Validates an entity before it is written; throws `ValidationError`. */
export function parseEntity<K extends EntityKind>(kind: K, entity: unknown): Entity<K> {
  const parsed = ENTITY_SCHEMAS[kind].safeParse(entity);
  if (!parsed.success) {
    throw new ValidationError(`invalid ${kind}: ${describeIssues(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The item for an entity: its attributes plus keys (and GSI keys for channel expiry). */
export function entityItem<K extends EntityKind>(kind: K, entity: Entity<K>): Item {
  const item: Item = { ...entity, ...entityKey(kind, entity.userId, entity.id) };
  if (kind === 'connection') {
    const expires = (entity as Entity<'connection'>).channelExpiresAt;
    if (expires) {
      item[GSI1_PARTITION_KEY] = CHANNEL_EXPIRY;
      item[GSI1_SORT_KEY] = sortableInstant(expires);
    }
  }
  return item;
}

/** An item without its key attributes. */
export function stripKeys(item: Item): Item {
  const out: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete out[key];
  return out;
}

/**
 * Validates a stored item as an entity of `kind`. A corrupted item throws a
 * `ValidationError` naming the item and every bad field.
 */
export function readEntity<K extends EntityKind>(kind: K, item: Item): Entity<K> {
  const parsed = ENTITY_SCHEMAS[kind].safeParse(stripKeys(item));
  if (!parsed.success) {
    const where = `${String(item[PARTITION_KEY])} ${String(item[SORT_KEY])}`;
    throw new ValidationError(`stored ${kind} (${where}) is invalid: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** The entity kind an item's sort key belongs to, if any. */
export function kindOfSortKey(sortKey: string): EntityKind | undefined {
  for (const [kind, prefix] of Object.entries(KIND_PREFIX) as Array<[EntityKind, string]>) {
    if (sortKey.startsWith(`${prefix}#`)) return kind;
  }
  return undefined;
}
