/**
 * No prompt is ever forgotten (invariant 11). Every follow-up armed through
 * the scheduler also leaves a record, found by the time the sweep should
 * check on it (an index, never a scan). A firing that finishes, whatever its
 * outcome, settles the record. A record still there at its check time means
 * no firing finished: Lambda's retries ran out, the function could not
 * start, the schedule was never created. The sweep re-arms it, bounded (see
 * `rearm-policy.ts`), and tells the operator once when it keeps failing.
 */

import { OVERDUE_AFTER_MS, REARM_LIMIT, rearmPauseMs, SWEEP_BATCH } from '../contracts/rearm-policy.js';
import { type FollowupPayload, type Instant, ScheduleRequest } from './model.js';
import type { Clock, Log, Scheduler } from './ports.js';
import { toInstant } from './timing.js';

/** One armed follow-up, as the ledger keeps it. */
export interface DueFollowup {
  userId: string;
  /** The schedule's name (deterministic from what it is for). */
  name: string;
  /** When it is due: the schedule's time, or the last re-arm. */
  at: Instant;
  payload: FollowupPayload;
  /** When the sweep looks at it next; absent once given up. */
  checkAt?: Instant;
  /** Times the sweep has re-armed it. */
  rearms: number;
  /** `failed`: re-armed `REARM_LIMIT` times and still not settled; the operator was told. */
  state: 'armed' | 'failed';
  /** Optimistic concurrency, as in the store: writes are conditional on it. */
  version: number;
}

/**
 * Where armed follow-ups are recorded (the table). Records are keyed by the
 * schedule's name, which is unique across users; a deleted user's record
 * settles itself (its next firing finds no user).
 */
export interface FollowupLedger {
  /**
   * Records a follow-up that was just armed. The same payload armed again
   * (a replan) leaves the record, and its re-arm count, as it is; another
   * payload under the name replaces it.
   */
  arm(entry: {
    userId: string;
    name: string;
    at: Instant;
    payload: FollowupPayload;
    checkAt: Instant;
  }): Promise<void>;
  /** Forgets a follow-up whose schedule was cancelled (names are unique across users). */
  disarm(name: string): Promise<void>;
  /** Forgets the follow-up if it still holds this payload; a newer arming under the name stays. */
  settle(payload: FollowupPayload): Promise<void>;
  /** Armed (not failed) follow-ups whose check time is at or before `now`, soonest first. */
  listOverdue(now: Instant, limit: number): Promise<DueFollowup[]>;
  /** Failed follow-ups, oldest first. */
  listFailed(limit: number): Promise<DueFollowup[]>;
  /** Writes the entry if it is still at `entry.version`; false when it changed or went. */
  update(entry: DueFollowup): Promise<boolean>;
}

/** Tells the operator (the deployer) that one follow-up keeps failing. */
export interface OperatorAlerts {
  followupFailing(entry: DueFollowup): Promise<void>;
}

/**
 * A scheduler that records what it arms: `upsert` records first and then
 * creates the schedule, so a schedule that failed to be created is still
 * found by the sweep; `cancel` deletes the schedule, then the record (a
 * record left behind only costs one harmless, stale firing).
 */
export class TrackedScheduler implements Scheduler {
  readonly #inner: Scheduler;
  readonly #ledger: FollowupLedger;

  constructor(inner: Scheduler, ledger: FollowupLedger) {
    this.#inner = inner;
    this.#ledger = ledger;
  }

  async upsert(request: ScheduleRequest): Promise<void> {
    const valid = ScheduleRequest.parse(request);
    const checkAt = toInstant(new Date(Date.parse(valid.at) + OVERDUE_AFTER_MS));
    await this.#ledger.arm({
      userId: valid.payload.userId,
      name: valid.name,
      at: valid.at,
      payload: valid.payload,
      checkAt,
    });
    await this.#inner.upsert(valid);
  }

  async cancel(name: string): Promise<void> {
    await this.#inner.cancel(name);
    await this.#ledger.disarm(name);
  }
}

/** Settles the record of a firing that finished (any outcome: sent, stale, paused...). */
export async function settleFollowup(ledger: FollowupLedger, payload: FollowupPayload): Promise<void> {
  await ledger.settle(payload);
}

export interface SweepDeps {
  ledger: FollowupLedger;
  /** The plain scheduler (not the tracked one): a re-arm must not reset the record. */
  scheduler: Scheduler;
  alerts: OperatorAlerts;
  clock: Clock;
  log: Log;
}

export interface SweepReport {
  rearmed: number;
  failed: number;
}

/**
 * Re-arms overdue follow-ups: each is written back first (conditionally, so
 * a firing that settles meanwhile wins), then its schedule is created to
 * fire at once. After `REARM_LIMIT` re-arms the operator gets one mail and
 * the follow-up is marked failed, out of the sweep's way. A failure on one
 * entry is logged and left for the next run; the others go on.
 */
export async function sweepOverdueFollowups(deps: SweepDeps): Promise<SweepReport> {
  const now = deps.clock.now();
  const report: SweepReport = { rearmed: 0, failed: 0 };
  for (const entry of await deps.ledger.listOverdue(toInstant(now), SWEEP_BATCH)) {
    try {
      if (entry.rearms >= REARM_LIMIT) {
        // The mail first: if it fails, the entry stays due and the next run tries again.
        // Marking it failed then takes it out of the sweep's way, so the mail goes once.
        deps.log.error('follow-up keeps failing: giving up re-arming it', describe(entry));
        await deps.alerts.followupFailing(entry);
        if (await deps.ledger.update({ ...entry, state: 'failed', checkAt: undefined })) report.failed += 1;
        continue;
      }
      const rearms = entry.rearms + 1;
      const at = toInstant(now);
      const next: DueFollowup = {
        ...entry,
        at,
        rearms,
        checkAt: toInstant(new Date(now.getTime() + rearmPauseMs(rearms))),
      };
      if (!(await deps.ledger.update(next))) continue;
      await deps.scheduler.upsert({ name: entry.name, at, payload: entry.payload });
      report.rearmed += 1;
      deps.log.warn('re-armed an overdue follow-up', { ...describe(entry), rearms });
    } catch (error) {
      deps.log.error('could not re-arm an overdue follow-up', { ...describe(entry), error: String(error) });
    }
  }
  return report;
}

/**
 * After the operator fixed the cause: every failed follow-up is armed again
 * with a fresh count and checked at once by the next sweep.
 */
export async function rearmFailedFollowups(
  deps: Pick<SweepDeps, 'ledger' | 'clock' | 'log'>,
): Promise<number> {
  const now = toInstant(deps.clock.now());
  let count = 0;
  for (const entry of await deps.ledger.listFailed(SWEEP_BATCH)) {
    if (await deps.ledger.update({ ...entry, state: 'armed', rearms: 0, checkAt: now })) count += 1;
  }
  deps.log.info('failed follow-ups armed again', { count });
  return count;
}

function describe(entry: DueFollowup): Record<string, unknown> {
  return {
    name: entry.name,
    kind: entry.payload.kind,
    userId: entry.userId,
    at: entry.at,
    rearms: entry.rearms,
  };
}
