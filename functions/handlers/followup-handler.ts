/** The `followup` Lambda's logic: validate the schedule's payload, run the use case, settle its record. */
import type { FollowupLedger } from '../core/due-followups.js';
import { ValidationError } from '../core/errors.js';
import { type FollowupDeps, type FollowupOutcome, handleFollowup } from '../core/followup.js';
import { FollowupPayload } from '../core/model.js';
import { describeIssues } from '../core/zod-issues.js';

/**
 * Any failure throws: Lambda retries the asynchronous invocation twice, then
 * records it in the function's failure queue (with the error), where it can
 * be seen. `PromptInProgressError` throws too, so a retry comes after the
 * other worker is done. A firing that finishes, whatever its outcome,
 * settles the follow-up's record; one that never finishes leaves it for the
 * maintenance sweep, which re-arms it (invariant 11). A malformed payload
 * has no record to settle: it only ever reaches the failure queue.
 */
export function makeFollowupHandler(deps: FollowupDeps, ledger: Pick<FollowupLedger, 'settle'>) {
  return async (event: unknown): Promise<{ outcome: FollowupOutcome }> => {
    const payload = FollowupPayload.safeParse(event);
    if (!payload.success) {
      throw new ValidationError(`invalid followup payload: ${describeIssues(payload.error)}`);
    }
    const outcome = await handleFollowup(deps, payload.data);
    deps.log.info('followup', { kind: payload.data.kind, outcome });
    await ledger.settle(payload.data);
    return { outcome };
  };
}
