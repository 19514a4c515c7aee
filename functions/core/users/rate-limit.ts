/**
 * Fixed-window rate limits on store counters, so a limit holds across every
 * Lambda container and the local runner alike.
 */
import { digest } from '../ids.js';
import type { Deps } from '../ports.js';
import { toInstant } from '../timing.js';

export interface RateLimit {
  /** Uses allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Counts one use of `subject` under `name` and says whether it is within the
 * limit. Subjects (addresses, client addresses) are hashed: counters are no
 * list of who asked.
 */
export async function withinLimit(
  deps: Pick<Deps, 'store' | 'clock'>,
  name: string,
  subject: string,
  rule: RateLimit,
): Promise<boolean> {
  const window = Math.floor(deps.clock.now().getTime() / rule.windowMs);
  const expiresAt = toInstant(new Date((window + 1) * rule.windowMs));
  const count = await deps.store.countUse(`${name}#${digest(subject, 22)}#${window}`, expiresAt);
  return count <= rule.limit;
}
