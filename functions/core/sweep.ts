/**
 * Least data: an application closed more than a year ago is swept with its
 * interviews, tasks and prompts, and the hourly mail slots of past hours go
 * too (they only count this hour's mails). The application goes last, so a
 * crash mid-way is finished by the next sweep. Correctness never depends on it.
 */
import type { Deps } from './ports.js';
import { SLOT_PREFIX } from './prompts/ceiling.js';

export const RETENTION_MS = 365 * 24 * 60 * 60 * 1000;
/** A mail slot counts only within its hour; a day later it is dead weight. */
const SLOT_RETENTION_MS = 24 * 60 * 60 * 1000;

export async function sweepClosedApplications(
  deps: Pick<Deps, 'store' | 'clock'>,
  userId: string,
): Promise<number> {
  const now = deps.clock.now().getTime();
  const cutoff = now - RETENTION_MS;
  for (const prompt of await deps.store.list('prompt', userId)) {
    if (prompt.id.startsWith(SLOT_PREFIX) && Date.parse(prompt.claimedAt) < now - SLOT_RETENTION_MS)
      await deps.store.delete('prompt', userId, prompt.id);
  }
  const stale = (await deps.store.list('application', userId)).filter(
    (app) => app.status === 'closed' && app.closedAt !== undefined && Date.parse(app.closedAt) < cutoff,
  );
  if (stale.length === 0) return 0;
  const ids = new Set(stale.map((app) => app.id));
  for (const kind of ['task', 'prompt', 'interview'] as const) {
    for (const item of await deps.store.list(kind, userId)) {
      if (item.applicationId !== undefined && ids.has(item.applicationId))
        await deps.store.delete(kind, userId, item.id);
    }
  }
  for (const app of stale) await deps.store.delete('application', userId, app.id);
  return stale.length;
}
