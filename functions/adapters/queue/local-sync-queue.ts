/**
 * In-process sync queue for the local runner: one sync per connection at a
 * time, like the cloud's FIFO message groups. A request that arrives while
 * that connection syncs marks it dirty, and it syncs again once more after
 * (invariant 4); further requests meanwhile coalesce into that one.
 */
import type { Log, SyncQueue } from '../../core/ports.js';

type SyncRequest = Parameters<SyncQueue['enqueue']>[0];

export class LocalSyncQueue implements SyncQueue {
  readonly #running = new Map<string, Promise<void>>();
  readonly #dirty = new Set<string>();
  #closed = false;

  constructor(
    private readonly sync: (request: SyncRequest) => Promise<unknown>,
    private readonly log: Log,
  ) {}

  async enqueue(request: SyncRequest): Promise<void> {
    if (this.#closed) return;
    const key = `${request.userId}#${request.connectionId}`;
    if (this.#running.has(key)) {
      this.#dirty.add(key);
      return;
    }
    const run = this.#drain(key, request).finally(() => this.#running.delete(key));
    this.#running.set(key, run);
  }

  async #drain(key: string, request: SyncRequest): Promise<void> {
    do {
      this.#dirty.delete(key);
      try {
        await this.sync(request);
      } catch (error) {
        if (this.#closed) return; // stopped mid-sync: the next start reads the calendar again
        this.log.error('sync failed; the next poll retries', { ...request, error: String(error) });
      }
    } while (this.#dirty.has(key) && !this.#closed);
  }

  /** Takes no more requests (shutdown); syncs in flight finish or abort on their own. */
  close(): void {
    this.#closed = true;
  }

  /** Resolves when every sync in flight (and its reruns) has finished. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }
}
