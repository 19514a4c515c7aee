/** Time that moves only when told: the simulation's run and the tests set it. */
import type { Clock } from '../../functions/core/ports.js';

export class VirtualClock implements Clock {
  #now: number;
  /** How often the time was read (tests tell that a loop ticked). */
  reads = 0;

  constructor(start: string | number | Date) {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    this.reads += 1;
    return new Date(this.#now);
  }

  /** Milliseconds since the epoch. */
  get ms(): number {
    return this.#now;
  }

  /** Sets the time, forwards or back (tests of stale and early firings). */
  set(at: string | number | Date): void {
    this.#now = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  /** Moves time forward, never back: a scheduler must not see time run backwards. */
  advanceTo(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }
}
