/**
 * A bound on ical.js's recurrence walk in steps and time. A rule that never
 * yields (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`) spins inside one call of
 * ical.js's iterator, where a caller's own step count never runs, so the
 * count is taken where ical.js loops: every candidate date it tries passes
 * `check_contracting_rules`. Time zone expansions (VTIMEZONE rules) go
 * through the same iterator and are bounded too.
 */
import ICAL from 'ical.js';

/** Thrown from inside ical.js when a walk used up its budget. */
export class ExpansionLimitError extends Error {
  override name = 'ExpansionLimitError';
  constructor(readonly limit: 'steps' | 'time') {
    super(
      limit === 'steps'
        ? 'recurrence expansion step limit reached'
        : 'recurrence expansion time limit reached',
    );
  }
}

export class ExpansionBudget {
  #steps: number;
  readonly #deadline: number;

  constructor(steps: number, deadline: number) {
    this.#steps = steps;
    this.#deadline = deadline;
  }

  get stepsLeft(): number {
    return this.#steps;
  }

  /** A child budget: at most `steps` and `ms`, and never more than this one has left. */
  child(steps: number, ms: number): ExpansionBudget {
    return new ExpansionBudget(
      Math.min(steps, this.#steps),
      Math.min(performance.now() + ms, this.#deadline),
    );
  }

  /** Counts one step; throws when steps or time ran out (time is read every 256 steps). */
  step(): void {
    this.#steps -= 1;
    if (this.#steps < 0) throw new ExpansionLimitError('steps');
    if ((this.#steps & 255) === 0) this.checkTime();
  }

  checkTime(): void {
    if (performance.now() > this.#deadline) throw new ExpansionLimitError('time');
  }

  /** Spends what `child` spent. */
  charge(child: ExpansionBudget, granted: number): void {
    this.#steps -= granted - Math.max(child.stepsLeft, 0);
  }
}

let active: ExpansionBudget | undefined;

type Iterator = { check_contracting_rules(): boolean };
const iteratorPrototype = ICAL.RecurIterator.prototype as unknown as Iterator;
const checkContractingRules = iteratorPrototype.check_contracting_rules;
iteratorPrototype.check_contracting_rules = function (this: Iterator) {
  active?.step();
  return checkContractingRules.call(this);
};

/** Runs `walk` (synchronous ical.js work) with every iterator step charged to `budget`. */
export function withinBudget<T>(budget: ExpansionBudget, walk: () => T): T {
  const previous = active;
  active = budget;
  try {
    return walk();
  } finally {
    active = previous;
  }
}
