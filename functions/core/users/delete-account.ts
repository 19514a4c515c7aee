/**
 * Deleting a person's account and everything about it (invariant 10): their
 * pending schedules are cancelled first (while the items that name them
 * still exist), then every item of theirs goes, sessions included, so every
 * browser they were signed in with is signed out.
 */
import { scheduleName } from '../ids.js';
import type { Deps } from '../ports.js';

export async function deleteAccount(deps: Pick<Deps, 'store' | 'scheduler'>, userId: string): Promise<void> {
  const [interviews, applications] = await Promise.all([
    deps.store.list('interview', userId),
    deps.store.list('application', userId),
  ]);
  // Schedule names do not depend on the version: any version names the same schedule.
  for (const interview of interviews) {
    await deps.scheduler.cancel(
      scheduleName({ kind: 'prep', userId, interviewId: interview.id, version: 0 }),
    );
    await deps.scheduler.cancel(
      scheduleName({ kind: 'interview-ended', userId, interviewId: interview.id, version: 0 }),
    );
  }
  for (const application of applications) {
    await deps.scheduler.cancel(
      scheduleName({ kind: 'status-check', userId, applicationId: application.id, version: 0 }),
    );
  }
  await deps.store.deleteUser(userId);
}
