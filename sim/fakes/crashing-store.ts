/** A store that dies after its N-th write, as a process can between two writes. */
import type { Entity, EntityKind, Store } from '../../functions/core/ports.js';

/** The error a `CrashingStore` throws to simulate a process dying after a write. */
export class SimulatedCrashError extends Error {
  override name = 'SimulatedCrashError';
}

/**
 * Wraps a real store. Counts writes (put, delete, useOnce); when armed with
 * `crashAfter(n)`, lets the n-th write happen and then throws, as if the
 * process died right after it. A dead process does nothing more: every later
 * call throws too (even if the code under test caught the first error) until
 * `restart()`. Other fakes call `assertAlive()` to die with it.
 */
export class CrashingStore implements Store {
  writes = 0;
  crashed = false;
  private crashAt: number | undefined;
  /** Every write, in order, as "kind:id" (for messages when a test fails). */
  readonly log: string[] = [];

  constructor(private readonly inner: Store) {}

  /** Crash after the n-th write from now on (1 = the next write). */
  crashAfter(n: number): void {
    this.crashAt = this.writes + n;
    this.crashed = false;
  }

  /** A new process: calls work again. */
  restart(): void {
    this.crashed = false;
  }

  assertAlive(): void {
    if (this.crashed) throw new SimulatedCrashError('the process crashed earlier');
  }

  private async write<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.assertAlive();
    const result = await work();
    this.writes += 1;
    this.log.push(label);
    if (this.crashAt !== undefined && this.writes === this.crashAt) {
      this.crashAt = undefined;
      this.crashed = true;
      throw new SimulatedCrashError(`crash after write ${this.writes} (${label})`);
    }
    return result;
  }

  async get<K extends EntityKind>(kind: K, userId: string, id: string): Promise<Entity<K> | undefined> {
    this.assertAlive();
    return this.inner.get(kind, userId, id);
  }
  async list<K extends EntityKind>(kind: K, userId: string): Promise<Entity<K>[]> {
    this.assertAlive();
    return this.inner.list(kind, userId);
  }
  put<K extends EntityKind>(kind: K, entity: Entity<K>): Promise<Entity<K>> {
    return this.write(`${kind}:${entity.id}`, () => this.inner.put(kind, entity));
  }
  delete(kind: EntityKind, userId: string, id: string): Promise<void> {
    return this.write(`delete ${kind}:${id}`, () => this.inner.delete(kind, userId, id));
  }
  findUserByEmail(email: string) {
    return this.inner.findUserByEmail(email);
  }
  listConnectionsExpiringBefore(before: string) {
    return this.inner.listConnectionsExpiringBefore(before);
  }
  listAllConnections() {
    return this.inner.listAllConnections();
  }
  useOnce(key: string, expiresAt: string): Promise<boolean> {
    return this.write(`once:${key}`, () => this.inner.useOnce(key, expiresAt));
  }
  countUse(key: string, expiresAt: string): Promise<number> {
    return this.write(`count:${key}`, () => this.inner.countUse(key, expiresAt));
  }

  wasUsed(key: string): Promise<boolean> {
    return this.inner.wasUsed(key);
  }
  deleteUser(userId: string): Promise<void> {
    return this.inner.deleteUser(userId);
  }
}
