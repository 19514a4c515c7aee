/**
 * Retries a Google call that failed for a reason worth retrying (429, 403
 * rate limits, 5xx, timeouts): exponential backoff with full jitter, or the
 * server's `Retry-After` when it gives one, within a time budget. What does
 * not succeed within the budget fails; the queue retries the whole sync
 * later, and nothing is half applied because the cursor is saved last.
 */
import { RateLimitedError } from '../../../core/errors.js';
import { classifyGoogleError } from './google-errors.js';

export interface BackoffPolicy {
  /** Total time that waiting may take, from the first attempt. */
  budgetMs: number;
  baseMs: number;
  maxMs: number;
  /** Injected for tests: waiting, randomness and the wall clock. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** About half of the sync function's 60 s: room for the pages themselves. */
export const DEFAULT_BACKOFF: BackoffPolicy = { budgetMs: 25_000, baseMs: 500, maxMs: 8_000 };

/** Everything `withBackoff` waited, for logs and tests. */
export interface BackoffLog {
  waits: Array<{ ms: number; why: string }>;
}

export async function withBackoff<T>(
  call: () => Promise<T>,
  policy: BackoffPolicy,
  log?: BackoffLog,
): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = policy.random ?? Math.random;
  const now = policy.now ?? Date.now;
  const deadline = now() + policy.budgetMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const failure = classifyGoogleError(error, now);
      if (failure.kind !== 'retry') throw error;
      const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
      const wait = failure.retryAfterMs ?? Math.round(random() * ceiling);
      if (now() + wait > deadline) {
        // Out of budget: the queue retries the sync later, after at least what Google asked for.
        throw new RateLimitedError(Math.ceil(wait / 1000), { cause: error });
      }
      log?.waits.push({ ms: wait, why: failure.why });
      await sleep(wait);
    }
  }
}
