/** Simulated time: the run moves it forward; every component reads it. */
import type { Clock } from '../core/ports.js';

export class VirtualClock implements Clock {
  #now: number;

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Milliseconds since the epoch. */
  get ms(): number {
    return this.#now;
  }

  /** Moves time forward (never back: a scheduler must not see time run backwards). */
  advanceTo(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }
}
