/**
 * Least data: an application closed more than a year ago is swept with its
 * interviews, tasks and prompts. The application goes last, so a crash
 * mid-way is finished by the next sweep. Correctness never depends on it.
 */
import type { Deps } from './ports.js';
import { SLOT_PREFIX } from './prompts/ceiling.js';

export const RETENTION_MS = 365 * 24 * 60 * 60 * 1000;

export async function sweepClosedApplications(
  deps: Pick<Deps, 'store' | 'clock'>,
  userId: string,
): Promise<number> {
  await sweepMailSlots(deps, userId);
  const cutoff = deps.clock.now().getTime() - RETENTION_MS;
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

/** The hourly ceiling's slot items (`prompts/delivery.ts`) matter for an hour; a day later they go. */
async function sweepMailSlots(deps: Pick<Deps, 'store' | 'clock'>, userId: string): Promise<void> {
  const cutoff = deps.clock.now().getTime() - 24 * 60 * 60 * 1000;
  for (const prompt of await deps.store.list('prompt', userId)) {
    if (prompt.id.startsWith(SLOT_PREFIX) && Date.parse(prompt.claimedAt) < cutoff) {
      await deps.store.delete('prompt', userId, prompt.id);
    }
  }
}
