/**
 * The numbers behind "no prompt is ever forgotten" (invariant 11), in one
 * place: the stack (Lambda's async retries), the maintenance sweep and the
 * simulation all read them from here.
 *
 * The path of one firing: EventBridge Scheduler invokes `followup`
 * asynchronously; if the function throws, Lambda retries it
 * `ASYNC_RETRY_ATTEMPTS` times, then hands the event to the function's
 * on-failure destination (a queue an operator can read). Independently, every
 * armed follow-up has a record with the time the sweep should check on it;
 * a record still there at that time was never settled (no firing finished),
 * so the sweep re-arms it, at most `REARM_LIMIT` times with a growing pause,
 * and then alerts the operator once.
 */

/** Lambda's retries of a failed asynchronous invocation (its maximum). */
export const ASYNC_RETRY_ATTEMPTS = 2;

/** How long Lambda keeps a not-yet-run asynchronous event (throttled, say) before it gives up on it. */
export const ASYNC_MAX_EVENT_AGE_MS = 60 * 60 * 1000;

/**
 * A follow-up not settled this long after its time is overdue. The scheduler
 * fires within a minute or two of the time, and Lambda's two retries of a
 * failed invocation come about one and three minutes after the first try.
 */
export const OVERDUE_AFTER_MS = 15 * 60 * 1000;

/** Re-arms of one follow-up before the sweep gives up on it and alerts the operator. */
export const REARM_LIMIT = 5;

/** The sweep's pauses never grow past this. */
export const MAX_REARM_PAUSE_MS = 6 * 60 * 60 * 1000;

/** Overdue follow-ups handled per maintenance run; the rest wait for the next run. */
export const SWEEP_BATCH = 50;

/**
 * How long after its `rearms`-th re-arm (1-based) a follow-up is checked
 * again: 15 minutes, doubling each time (15, 30, 60, 120, 240), at most
 * `MAX_REARM_PAUSE_MS`.
 */
export function rearmPauseMs(rearms: number): number {
  if (!Number.isInteger(rearms) || rearms < 1)
    throw new RangeError(`rearms must be 1 or more, got ${rearms}`);
  return Math.min(OVERDUE_AFTER_MS * 2 ** (rearms - 1), MAX_REARM_PAUSE_MS);
}
