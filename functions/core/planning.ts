/**
 * Turns stored interviews and applications into one-time schedules. Names
 * are deterministic and payloads carry the entity's version, so replanning
 * replaces a schedule and a stale firing does nothing (invariant 2).
 * Planning is idempotent and always safe to repeat: a crash between a write
 * and its schedule is repaired by the retry that re-applies the change.
 */
import { DateTime } from 'luxon';
import { contactFor } from './applications.js';
import { scheduleName, statusPromptId } from './ids.js';
import type { Application, FollowupPayload, Interview, Settings } from './model.js';
import type { Deps } from './ports.js';
import { retryOnConflict } from './retry.js';
import { isDaytime, nextBusinessMorning, statusCheckDue, toInstant, weekdayMorning } from './timing.js';

/** A thank-you for an interview first seen later than this after it ended is waived. */
export const THANK_YOU_FIRST_SIGHT_MS = 24 * 60 * 60 * 1000;
/** A status check first found due longer ago than this is waived. */
export const STATUS_CHECK_GRACE_MS = 3 * 24 * 60 * 60 * 1000;

export type PlanDeps = Pick<Deps, 'store' | 'scheduler' | 'clock'>;

function prepPayload(interview: Interview): FollowupPayload {
  return { kind: 'prep', userId: interview.userId, interviewId: interview.id, version: interview.version };
}

function endedPayload(interview: Interview): FollowupPayload {
  return {
    kind: 'interview-ended',
    userId: interview.userId,
    interviewId: interview.id,
    version: interview.version,
  };
}

export function needsThankYou(interview: Interview): boolean {
  return interview.state === 'scheduled' && !interview.thankYouWaived && !interview.thankYouPromptId;
}

/** Upserts or cancels the prep and interview-ended schedules of one interview. */
export async function planInterview(deps: PlanDeps, interview: Interview, settings: Settings): Promise<void> {
  const now = deps.clock.now();
  const start = new Date(interview.start);
  const prep = prepPayload(interview);
  if (interview.state === 'scheduled' && settings.prepEnabled && now < start) {
    const at = new Date(Math.max(start.getTime() - settings.prepMinutesBefore * 60_000, now.getTime()));
    await deps.scheduler.upsert({ name: scheduleName(prep), at: toInstant(at), payload: prep });
  } else if (interview.state !== 'scheduled') {
    await deps.scheduler.cancel(scheduleName(prep));
  }
  const ended = endedPayload(interview);
  if (interview.state === 'asking') {
    // The one question goes out when it ends (see ask.ts); the same schedule name, the same payload.
    if (!interview.askPromptId)
      await deps.scheduler.upsert({ name: scheduleName(ended), at: interview.end, payload: ended });
    return;
  }
  if (needsThankYou(interview)) {
    await deps.scheduler.upsert({ name: scheduleName(ended), at: interview.end, payload: ended });
  } else if (interview.state !== 'scheduled') {
    await deps.scheduler.cancel(scheduleName(ended));
  }
}

/**
 * Re-arms the thank-you of interviews that ended while waiting for a later
 * interview of their loop: if that one was cancelled or moved away, the
 * earlier ones must still be thanked. Firing at once is harmless: the handler
 * waits again if the loop still has a later interview.
 */
export async function rearmEndedInterviews(deps: PlanDeps, interviews: Interview[]): Promise<void> {
  const now = deps.clock.now().getTime();
  for (const interview of interviews) {
    if (needsThankYou(interview) && Date.parse(interview.end) <= now) {
      const payload = endedPayload(interview);
      await deps.scheduler.upsert({ name: scheduleName(payload), at: interview.end, payload });
    }
  }
}

function statusPayload(app: Application): FollowupPayload {
  return { kind: 'status-check', userId: app.userId, applicationId: app.id, version: app.version };
}

/** What the application's status-check fields should be now. */
function wantedStatusCheck(
  app: Application,
  interviews: Interview[],
  settings: Settings,
  now: Date,
): Pick<Application, 'statusCheckAt' | 'statusCheckWaived' | 'contact'> | undefined {
  const active = interviews.filter((i) => i.state === 'scheduled');
  if (app.status !== 'active' || active.length === 0) return undefined;
  const lastEnd = new Date(Math.max(...active.map((i) => Date.parse(i.end))));
  const due = statusCheckDue(lastEnd, settings.timeZone, app.timeline, settings.waitingWindowDays);
  const contact = app.contact ?? contactFor(active);
  if (!app.statusCheckAt && due.getTime() < now.getTime() - STATUS_CHECK_GRACE_MS) {
    return { statusCheckAt: undefined, statusCheckWaived: true, contact };
  }
  return {
    statusCheckAt: toInstant(landing(app, due, now, settings.timeZone)),
    statusCheckWaived: false,
    contact,
  };
}

/**
 * A due time already past (first sight, or the later interview that had
 * postponed it was cancelled) lands at once during the day, else on the next
 * weekday morning: never at night. A landing chosen earlier is kept when it
 * lies between the due time and that fresh landing, so a replan does not move
 * it again; a later one (planned while a since-cancelled round postponed the
 * check) is not kept, or the check would go out days late.
 */
function landing(app: Application, due: Date, now: Date, zone: string): Date {
  if (due.getTime() >= now.getTime()) return due;
  const fresh = freshLanding(now, zone);
  const kept = app.statusCheckAt ? Date.parse(app.statusCheckAt) : undefined;
  if (kept !== undefined && kept >= due.getTime() && kept <= fresh.getTime()) return new Date(kept);
  return fresh;
}

function freshLanding(now: Date, zone: string): Date {
  if (isDaytime(now, zone)) return now;
  const today = weekdayMorning(DateTime.fromJSDate(now, { zone })).toJSDate();
  return today.getTime() >= now.getTime() ? today : nextBusinessMorning(now, zone);
}

/**
 * Recomputes when the application's status check is due (latest interview
 * end + waiting window) and upserts or cancels its schedule.
 */
export async function planStatusCheck(
  deps: PlanDeps,
  userId: string,
  applicationId: string,
  settings: Settings,
): Promise<Application | undefined> {
  return retryOnConflict(async () => {
    const app = await deps.store.get('application', userId, applicationId);
    if (!app) return undefined;
    const interviews = (await deps.store.list('interview', userId)).filter((i) => i.applicationId === app.id);
    const wanted = wantedStatusCheck(app, interviews, settings, deps.clock.now());
    const name = scheduleName(statusPayload(app));
    if (!wanted?.statusCheckAt) {
      const saved = await saveIfChanged(deps, app, {
        statusCheckAt: undefined,
        statusCheckWaived: wanted?.statusCheckWaived ?? app.statusCheckWaived,
      });
      await deps.scheduler.cancel(name);
      return saved;
    }
    const saved = await saveIfChanged(deps, app, wanted);
    if (saved.statusCheckPromptId !== statusPromptId(saved.id, wanted.statusCheckAt)) {
      await deps.scheduler.upsert({ name, at: wanted.statusCheckAt, payload: statusPayload(saved) });
    }
    return saved;
  });
}

async function saveIfChanged(
  deps: PlanDeps,
  app: Application,
  patch: Partial<Application>,
): Promise<Application> {
  const next = { ...app, ...patch };
  if (JSON.stringify(next) === JSON.stringify(app)) return app;
  return deps.store.put('application', next);
}
