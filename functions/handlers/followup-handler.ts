/** The `followup` Lambda's logic: validate the schedule's payload, run the use case. */

import { ValidationError } from '../core/errors.js';
import { type FollowupDeps, type FollowupOutcome, handleFollowup } from '../core/followup.js';
import { FollowupPayload } from '../core/model.js';
import { describeIssues } from '../core/zod-issues.js';

/**
 * A malformed payload throws: the scheduler's retries run out and the event
 * lands in the dead-letter queue, where it can be seen. `PromptInProgressError`
 * throws too, so the scheduler retries after the other worker is done.
 */
export function makeFollowupHandler(deps: FollowupDeps) {
  return async (event: unknown): Promise<{ outcome: FollowupOutcome }> => {
    const payload = FollowupPayload.safeParse(event);
    if (!payload.success) {
      throw new ValidationError(`invalid followup payload: ${describeIssues(payload.error)}`);
    }
    const outcome = await handleFollowup(deps, payload.data);
    deps.log.info('followup', { kind: payload.data.kind, outcome });
    return { outcome };
  };
}
