/**
 * A `Store` in memory with the DynamoDB adapter's semantics: entities are
 * validated with the adapter's own schemas on the way in, copied through
 * JSON (undefined attributes vanish as in DynamoDB), and every put is
 * conditional on the version read. For full-size simulation runs, where an
 * embedded DynamoDB server would take hours; small runs and the test use
 * the real adapter on dynalite.
 */
import { parseEntity } from '../../functions/adapters/dynamodb/entity-items.js';
import { ConflictError } from '../../functions/core/errors.js';
import type { Connection, Settings } from '../../functions/core/model.js';
import type { Entity, EntityKind, Store } from '../../functions/core/ports.js';

export class MemoryStore implements Store {
  readonly #items = new Map<string, string>();
  readonly #once = new Set<string>();
  readonly #counts = new Map<string, number>();

  async get<K extends EntityKind>(kind: K, userId: string, id: string): Promise<Entity<K> | undefined> {
    const json = this.#items.get(key(kind, userId, id));
    return json === undefined ? undefined : parseEntity(kind, JSON.parse(json));
  }

  async list<K extends EntityKind>(kind: K, userId: string): Promise<Entity<K>[]> {
    const prefix = `${userId}\u0000${kind}\u0000`;
    const found: Entity<K>[] = [];
    for (const [k, json] of this.#items)
      if (k.startsWith(prefix)) found.push(parseEntity(kind, JSON.parse(json)));
    return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async put<K extends EntityKind>(kind: K, entity: Entity<K>): Promise<Entity<K>> {
    const valid = parseEntity(kind, entity);
    const k = key(kind, valid.userId, valid.id);
    const current = this.#items.get(k);
    const storedVersion = current === undefined ? 0 : (JSON.parse(current) as { version: number }).version;
    if (storedVersion !== valid.version) {
      throw new ConflictError(
        `${kind} ${valid.id}: expected version ${valid.version}, found ${storedVersion}`,
      );
    }
    const stored = { ...valid, version: valid.version + 1 };
    this.#items.set(k, JSON.stringify(stored));
    return parseEntity(kind, JSON.parse(JSON.stringify(stored)));
  }

  async delete(kind: EntityKind, userId: string, id: string): Promise<void> {
    this.#items.delete(key(kind, userId, id));
  }

  async findUserByEmail(email: string): Promise<Settings | undefined> {
    const wanted = email.trim().toLowerCase();
    for (const [k, json] of this.#items) {
      if (k.includes('\u0000settings\u0000')) {
        const settings = parseEntity('settings', JSON.parse(json));
        if (settings.email.toLowerCase() === wanted) return settings;
      }
    }
    return undefined;
  }

  async listConnectionsExpiringBefore(before: string): Promise<Connection[]> {
    return (await this.listAllConnections()).filter(
      (c) => c.channelExpiresAt !== undefined && c.channelExpiresAt < before,
    );
  }

  async listAllConnections(): Promise<Connection[]> {
    const found: Connection[] = [];
    for (const [k, json] of this.#items) {
      if (k.includes('\u0000connection\u0000')) found.push(parseEntity('connection', JSON.parse(json)));
    }
    return found;
  }

  async useOnce(onceKey: string): Promise<boolean> {
    if (this.#once.has(onceKey)) return false;
    this.#once.add(onceKey);
    return true;
  }

  async countUse(countKey: string): Promise<number> {
    const count = (this.#counts.get(countKey) ?? 0) + 1;
    this.#counts.set(countKey, count);
    return count;
  }

  async wasUsed(onceKey: string): Promise<boolean> {
    return this.#once.has(onceKey);
  }

  /** Every stored item and one-time key, as one comparable string (tests: "nothing changed"). */
  snapshot(): string {
    return JSON.stringify([[...this.#items].sort(), [...this.#once].sort()]);
  }

  async deleteUser(userId: string): Promise<void> {
    for (const k of [...this.#items.keys()]) if (k.startsWith(`${userId}\u0000`)) this.#items.delete(k);
  }
}

function key(kind: EntityKind, userId: string, id: string): string {
  return `${userId}\u0000${kind}\u0000${id}`;
}
