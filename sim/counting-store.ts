/**
 * A `Store` wrapper that counts DynamoDB capacity units and injects the
 * store-side faults: transient errors, and crashes of the running handler
 * just before or just after one of its writes.
 */
import type { Entity, EntityKind, Store } from '../functions/core/ports.js';
import { SimulatedCrashError } from './fakes/crashing-store.js';
import { type FaultPlan, TransientStoreError } from './faults.js';

export interface StoreCounts {
  /** Read requests and read request units (strongly consistent: 1 RRU per 4 KB). */
  reads: number;
  readUnits: number;
  /** Write requests and write request units (1 WRU per 1 KB). */
  writes: number;
  writeUnits: number;
}

/** Bytes DynamoDB counts for an item: attribute names and values, plus the keys we add. */
function itemBytes(value: unknown): number {
  return JSON.stringify(value ?? null).length + 60;
}

const readUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096));
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export class CountingStore implements Store {
  readonly counts: StoreCounts = { reads: 0, readUnits: 0, writes: 0, writeUnits: 0 };

  constructor(
    private readonly inner: Store,
    private readonly faults: FaultPlan,
  ) {}

  async get<K extends EntityKind>(kind: K, userId: string, id: string): Promise<Entity<K> | undefined> {
    this.beforeRead();
    const found = await this.inner.get(kind, userId, id);
    this.read(itemBytes(found));
    return found;
  }

  async list<K extends EntityKind>(kind: K, userId: string): Promise<Entity<K>[]> {
    this.beforeRead();
    const found = await this.inner.list(kind, userId);
    this.read(found.reduce((sum, item) => sum + itemBytes(item), 0));
    return found;
  }

  put<K extends EntityKind>(kind: K, entity: Entity<K>): Promise<Entity<K>> {
    return this.write(itemBytes(entity), () => this.inner.put(kind, entity));
  }

  delete(kind: EntityKind, userId: string, id: string): Promise<void> {
    return this.write(100, () => this.inner.delete(kind, userId, id));
  }

  async findUserByEmail(email: string) {
    this.beforeRead();
    const found = await this.inner.findUserByEmail(email);
    this.read(itemBytes(found) * 2);
    return found;
  }

  async listConnectionsExpiringBefore(before: string) {
    this.beforeRead();
    const found = await this.inner.listConnectionsExpiringBefore(before);
    this.read(found.reduce((sum, item) => sum + itemBytes(item), 0));
    return found;
  }

  async listAllConnections() {
    this.beforeRead();
    const found = await this.inner.listAllConnections();
    this.read(found.reduce((sum, item) => sum + itemBytes(item), 0));
    return found;
  }

  useOnce(key: string, expiresAt: string): Promise<boolean> {
    return this.write(150, () => this.inner.useOnce(key, expiresAt));
  }

  countUse(key: string, expiresAt: string): Promise<number> {
    return this.write(100, () => this.inner.countUse(key, expiresAt));
  }

  async wasUsed(key: string): Promise<boolean> {
    this.beforeRead();
    const used = await this.inner.wasUsed(key);
    this.read(100);
    return used;
  }

  deleteUser(userId: string): Promise<void> {
    return this.write(100, () => this.inner.deleteUser(userId));
  }

  private read(bytes: number): void {
    this.counts.reads += 1;
    this.counts.readUnits += readUnits(bytes);
  }

  private beforeRead(): void {
    const invocation = this.faults.invocation.getStore();
    if (
      this.faultsApply() &&
      (!invocation?.justSent || this.faults.crashAfterSend) &&
      this.faults.hit('store-transient')
    ) {
      throw new TransientStoreError('ProvisionedThroughputExceededException (simulated)');
    }
  }

  private async write<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    const invocation = this.faults.invocation.getStore();
    // Between a mail send and the write that records it lies the at-least-once
    // window of any mailer without provider-side deduplication: a failure there
    // re-sends. It is exercised only with `crashAfterSend`.
    const armed = this.faultsApply() && (!invocation?.justSent || this.faults.crashAfterSend);
    if (armed && this.faults.hit('store-transient'))
      throw new TransientStoreError('InternalServerError (simulated)');
    if (armed && this.faults.hit('crash-before-write'))
      throw new SimulatedCrashError('crashed before a write');
    const result = await work();
    this.counts.writes += 1;
    this.counts.writeUnits += writeUnits(bytes);
    if (invocation) invocation.justSent = false;
    if (armed && this.faults.hit('crash-after-write')) throw new SimulatedCrashError('crashed after a write');
    return result;
  }

  private faultsApply(): boolean {
    const kind = this.faults.invocation.getStore()?.kind;
    return kind !== undefined && kind !== 'setup';
  }
}
