/**
 * Counts the core's scheduler calls (EventBridge Scheduler API calls in the
 * cloud) and remembers when something may be due, so the run only asks the
 * local scheduler to fire at instants where a schedule or a retry waits.
 */
import type { ScheduleRequest } from '../functions/core/model.js';
import type { Scheduler } from '../functions/core/ports.js';

export class CountingScheduler implements Scheduler {
  upserts = 0;
  cancels = 0;
  #wakes: number[] = [];

  constructor(private readonly inner: Scheduler) {}

  async upsert(request: ScheduleRequest): Promise<void> {
    this.upserts += 1;
    await this.inner.upsert(request);
    this.wakeAt(Date.parse(request.at));
  }

  async cancel(name: string): Promise<void> {
    this.cancels += 1;
    await this.inner.cancel(name);
  }

  /** Asks for a look at the schedules at `ms` (a retry after a failed firing). */
  wakeAt(ms: number): void {
    this.#wakes.push(ms);
  }

  /** The earliest instant something may be due, if any. */
  nextWake(): number | undefined {
    let min: number | undefined;
    for (const ms of this.#wakes) if (min === undefined || ms < min) min = ms;
    return min;
  }

  /** Forgets the wake-ups at or before `ms` (the caller fired what was due). */
  woke(ms: number): void {
    this.#wakes = this.#wakes.filter((wake) => wake > ms);
  }
}
