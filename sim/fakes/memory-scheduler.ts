/**
 * One-time schedules in memory with EventBridge Scheduler's behaviour:
 * names are unique (upsert replaces; the same request again changes
 * nothing), a due schedule fires at least once, a failed firing is retried
 * after a back-off, and a schedule deletes itself after a successful firing
 * unless it was replaced meanwhile. The simulation's stand-in for the local
 * scheduler in full-size runs.
 */
import type { FollowupPayload, ScheduleRequest } from '../../functions/core/model.js';
import type { Clock, Scheduler } from '../../functions/core/ports.js';

interface Pending {
  at: string;
  payload: FollowupPayload;
  dueAt: number;
  attempts: number;
  revision: number;
}

export interface MemorySchedulerOptions {
  clock: Clock;
  fire: (payload: FollowupPayload) => Promise<void>;
  backoff: { baseMs: number; maxMs: number };
}

export class MemoryScheduler implements Scheduler {
  readonly #pending = new Map<string, Pending>();
  #revision = 0;

  constructor(private readonly options: MemorySchedulerOptions) {}

  async upsert(request: ScheduleRequest): Promise<void> {
    const existing = this.#pending.get(request.name);
    const at = new Date(request.at).toISOString();
    if (
      existing &&
      existing.at === at &&
      JSON.stringify(existing.payload) === JSON.stringify(request.payload)
    )
      return;
    this.#pending.set(request.name, {
      at,
      payload: request.payload,
      dueAt: Date.parse(at),
      attempts: 0,
      revision: ++this.#revision,
    });
  }

  async cancel(name: string): Promise<void> {
    this.#pending.delete(name);
  }

  /** Fires every schedule due now, once each. */
  async runDue(): Promise<number> {
    const now = this.options.clock.now().getTime();
    const due = [...this.#pending].filter(([, p]) => p.dueAt <= now).sort((a, b) => a[1].dueAt - b[1].dueAt);
    for (const [name, pending] of due) {
      // Claimed: no second firing while this one runs.
      pending.dueAt = Number.POSITIVE_INFINITY;
      try {
        await this.options.fire(pending.payload);
        if (this.#pending.get(name)?.revision === pending.revision) this.#pending.delete(name);
      } catch {
        pending.attempts += 1;
        const { baseMs, maxMs } = this.options.backoff;
        pending.dueAt =
          this.options.clock.now().getTime() + Math.min(maxMs, baseMs * 2 ** (pending.attempts - 1));
      }
    }
    return due.length;
  }
}
