/**
 * Applies one calendar change to the stored interviews: classify, upsert,
 * (re)plan schedules, or cancel them. Applying the same change twice is
 * harmless: an unchanged interview is not rewritten, only replanned.
 */

import { applicationIdFor, loadOrNewApplication } from './applications.js';
import { detectInterview } from './detection/detection.js';
import { extractInterviewers } from './detection/interviewers.js';
import { ConflictError } from './errors.js';
import { interviewIdFor } from './ids.js';
import type { CalendarEvent, Connection, EventChange, Interview, Owner, Settings } from './model.js';
import {
  planInterview,
  planStatusCheck,
  rearmEndedInterviews,
  THANK_YOU_FIRST_SIGHT_MS,
} from './planning.js';
import type { Deps } from './ports.js';
import { retryOnConflict } from './retry.js';
import { toInstant } from './timing.js';

export type ApplyDeps = Pick<Deps, 'store' | 'scheduler' | 'clock' | 'log'>;

export interface ApplyContext {
  connection: Connection;
  settings: Settings;
}

export type ApplyOutcome =
  | 'ignored'
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'cancelled'
  | 'kept'
  | 'duplicate';

/** Descriptions are trimmed to what drafts and pages need (least data). */
const STORED_DESCRIPTION = 2_000;

function ownerOf(settings: Settings): Owner {
  return { email: settings.email, timeZone: settings.timeZone };
}

export async function applyChange(
  deps: ApplyDeps,
  ctx: ApplyContext,
  change: EventChange,
): Promise<ApplyOutcome> {
  const { userId } = ctx.settings;
  const id = interviewIdFor(ctx.connection.id, change.eventId);
  return retryOnConflict(async () => {
    const existing = await standingOrPromoted(deps, await deps.store.get('interview', userId, id));
    if ('removed' in change || change.status === 'cancelled') {
      return existing ? endInterview(deps, ctx, existing, 'cancelled') : 'ignored';
    }
    const detection = detectInterview(change, ownerOf(ctx.settings), ctx.settings.rules, existing?.override);
    if (change.ownerResponse === 'declined') {
      return existing ? endInterview(deps, ctx, existing, 'declined') : 'ignored';
    }
    if (existing?.state === 'duplicate') return refreshDuplicate(deps, existing, change);
    if (detection.decision === 'ask' && (!existing || existing.state === 'asking')) {
      return askLater(deps, ctx, change, detection, existing);
    }
    if (!detection.interview) {
      // Once tracked, an interview stays tracked through edits; only the
      // user (override or rule) takes it out.
      const userSaidNo =
        existing && (existing.override === 'not-interview' || matchesNeverRule(change, ctx.settings));
      return userSaidNo ? endInterview(deps, ctx, existing, 'dismissed') : existing ? 'kept' : 'ignored';
    }
    return upsertInterview(
      deps,
      ctx,
      change,
      detection,
      existing?.state === 'asking' ? { ...existing, state: 'scheduled' } : existing,
    );
  });
}

function matchesNeverRule(event: CalendarEvent, settings: Settings): boolean {
  const text = `${event.title}\n${event.description}`.toLowerCase();
  return settings.rules.never.some((word) => text.includes(word.toLowerCase()));
}

async function upsertInterview(
  deps: ApplyDeps,
  ctx: ApplyContext,
  event: CalendarEvent,
  detection: ReturnType<typeof detectInterview>,
  existing: Interview | undefined,
): Promise<ApplyOutcome> {
  const { userId } = ctx.settings;
  const now = deps.clock.now();
  const twin = existing ? undefined : await findTwin(deps, ctx, event);
  if (twin) return storeDuplicate(deps, ctx, event, detection, twin);
  const applicationId = existing?.applicationId || (await resolveApplication(deps, userId, event, detection));
  const next: Interview = {
    userId,
    id: interviewIdFor(ctx.connection.id, event.eventId),
    version: existing?.version ?? 0,
    connectionId: ctx.connection.id,
    eventId: event.eventId,
    iCalUID: event.iCalUID,
    recurringEventId: event.recurringEventId,
    originalStart: event.originalStart,
    state: existing?.state === 'dismissed' ? 'dismissed' : 'scheduled',
    title: event.title,
    description: event.description.slice(0, STORED_DESCRIPTION),
    location: event.location,
    onlineMeetingUrl: event.onlineMeetingUrl,
    start: event.start,
    end: event.end,
    company: detection.company ?? existing?.company,
    role: detection.role ?? existing?.role,
    applicationId,
    interviewers: extractInterviewers(event, ownerOf(ctx.settings)),
    organizer: event.organizer,
    detection,
    override: existing?.override,
    firstSeenAt: existing?.firstSeenAt ?? toInstant(now),
    // The first-sight waiver belongs to the occasion: an event moved to a new end is judged afresh.
    thankYouWaived:
      existing && existing.end === event.end
        ? existing.thankYouWaived
        : Date.parse(event.end) < now.getTime() - THANK_YOU_FIRST_SIGHT_MS,
    thankYouPromptId: existing?.thankYouPromptId,
    askPromptId: existing?.askPromptId,
    notes: existing?.notes ?? {},
  };
  if (existing && JSON.stringify(next) === JSON.stringify(existing)) {
    // Replan everything around it, not just its own schedules: a crash right
    // after the write that stored it would otherwise lose the status check.
    await replanAround(deps, ctx, existing);
    return 'unchanged';
  }
  const saved = await deps.store.put('interview', next);
  await replanAround(deps, ctx, saved);
  return existing ? 'updated' : 'created';
}

/**
 * Keeps an unsure event to ask about after it ends: no application, no
 * prep, only the question. One first seen long after it ended is not asked.
 */
async function askLater(
  deps: ApplyDeps,
  ctx: ApplyContext,
  event: CalendarEvent,
  detection: ReturnType<typeof detectInterview>,
  existing: Interview | undefined,
): Promise<ApplyOutcome> {
  const now = deps.clock.now();
  if (!existing && Date.parse(event.end) < now.getTime() - THANK_YOU_FIRST_SIGHT_MS) return 'ignored';
  const next: Interview = {
    userId: ctx.settings.userId,
    id: interviewIdFor(ctx.connection.id, event.eventId),
    version: existing?.version ?? 0,
    connectionId: ctx.connection.id,
    eventId: event.eventId,
    iCalUID: event.iCalUID,
    recurringEventId: event.recurringEventId,
    state: 'asking',
    title: event.title,
    description: event.description.slice(0, STORED_DESCRIPTION),
    location: event.location,
    onlineMeetingUrl: event.onlineMeetingUrl,
    start: event.start,
    end: event.end,
    company: detection.company,
    role: detection.role,
    applicationId: '',
    interviewers: extractInterviewers(event, ownerOf(ctx.settings)),
    organizer: event.organizer,
    detection,
    firstSeenAt: existing?.firstSeenAt ?? toInstant(now),
    thankYouWaived: false,
    askPromptId: existing?.askPromptId,
    notes: existing?.notes ?? {},
  };
  if (existing && JSON.stringify(next) === JSON.stringify(existing)) {
    await planInterview(deps, existing, ctx.settings);
    return 'unchanged';
  }
  const saved = await deps.store.put('interview', next);
  await planInterview(deps, saved, ctx.settings);
  return existing ? 'updated' : 'created';
}

async function resolveApplication(
  deps: ApplyDeps,
  userId: string,
  event: Pick<CalendarEvent, 'eventId' | 'title'>,
  detection: { company?: string; role?: string },
): Promise<string> {
  const apps = await deps.store.list('application', userId);
  const { id, company } = applicationIdFor(detection, apps, event.eventId);
  const app = await loadOrNewApplication(deps.store, userId, id, company || event.title, detection.role);
  if (app.version === 0) {
    await deps.store.put('application', app).catch(ignoreConflict);
  } else if (app.status === 'heard-back') {
    // The next round arrived: the application is live again and gets a status check after it.
    await deps.store.put('application', { ...app, status: 'active', outcome: undefined });
  }
  return id;
}

function ignoreConflict(error: unknown): void {
  // Another writer created the same application first: same id, same data.
  if (!(error instanceof ConflictError)) throw error;
}

/** Plans the interview, re-arms its loop, and recomputes the status check. */
async function replanAround(deps: ApplyDeps, ctx: ApplyContext, interview: Interview): Promise<void> {
  await planInterview(deps, interview, ctx.settings);
  const siblings = (await deps.store.list('interview', interview.userId)).filter(
    (i) => interview.applicationId && i.applicationId === interview.applicationId && i.id !== interview.id,
  );
  await rearmEndedInterviews(deps, siblings);
  // An event only asked about belongs to no application.
  if (interview.applicationId)
    await planStatusCheck(deps, interview.userId, interview.applicationId, ctx.settings);
}

/**
 * Cancels, declines or dismisses an interview. One that already ended keeps
 * its follow-ups: the meeting happened, whatever the calendar says later.
 * Dismissal ("not an interview") always applies.
 */
export async function endInterview(
  deps: ApplyDeps,
  ctx: ApplyContext,
  interview: Interview,
  state: 'cancelled' | 'declined' | 'dismissed',
): Promise<ApplyOutcome> {
  if (interview.state === 'duplicate') {
    // A cancellation or a decline in either calendar ends the one interview both stand for.
    const primary = interview.twinOf
      ? await deps.store.get('interview', interview.userId, interview.twinOf)
      : undefined;
    return primary && state !== 'dismissed' ? endInterview(deps, ctx, primary, state) : 'kept';
  }
  if (interview.state === state) {
    // A crash may have come between storing the state and replanning: replan (idempotent).
    await replanAround(deps, ctx, interview);
    return 'unchanged';
  }
  const ended = Date.parse(interview.end) <= deps.clock.now().getTime();
  if (state !== 'dismissed' && (ended || interview.state !== 'scheduled')) return 'kept';
  const saved = await deps.store.put('interview', {
    ...interview,
    state,
    override: state === 'dismissed' ? 'not-interview' : interview.override,
  });
  await replanAround(deps, ctx, saved);
  return 'cancelled';
}

/**
 * Undoes "not an interview": the user says this event is one after all. The
 * override makes later syncs keep it, whatever the detector says.
 */
export async function restoreInterview(
  deps: ApplyDeps,
  ctx: ApplyContext,
  interview: Interview,
): Promise<ApplyOutcome> {
  if (interview.state !== 'dismissed' && interview.state !== 'asking' && interview.override === 'interview')
    return 'unchanged';
  // "Yes" to an ask: it joins (or starts) its application now.
  const applicationId =
    interview.applicationId ||
    (await resolveApplication(
      deps,
      interview.userId,
      { eventId: interview.eventId, title: interview.title },
      interview,
    ));
  const saved = await deps.store.put('interview', {
    ...interview,
    applicationId,
    state: interview.state === 'dismissed' || interview.state === 'asking' ? 'scheduled' : interview.state,
    override: 'interview',
  });
  await replanAround(deps, ctx, saved);
  return 'updated';
}

/**
 * The occasion an event stands for across calendars: the invitation's
 * iCalUID, and for a recurring instance its original start in the series.
 */
function occasionOf(item: { iCalUID?: string; originalStart?: string }): string | undefined {
  return item.iCalUID ? `${item.iCalUID}|${item.originalStart ?? ''}` : undefined;
}

/** An interview from another connected calendar that is the same invitation, if any. */
async function findTwin(
  deps: ApplyDeps,
  ctx: ApplyContext,
  event: CalendarEvent,
): Promise<Interview | undefined> {
  const occasion = occasionOf(event);
  if (!occasion) return undefined;
  const interviews = await deps.store.list('interview', ctx.settings.userId);
  return interviews.find(
    (i) => i.connectionId !== ctx.connection.id && i.state !== 'duplicate' && occasionOf(i) === occasion,
  );
}

/** Records the second sighting of an invitation: it prompts nothing, it only links to the first. */
async function storeDuplicate(
  deps: ApplyDeps,
  ctx: ApplyContext,
  event: CalendarEvent,
  detection: ReturnType<typeof detectInterview>,
  twin: Interview,
): Promise<ApplyOutcome> {
  await deps.store.put('interview', {
    userId: ctx.settings.userId,
    id: interviewIdFor(ctx.connection.id, event.eventId),
    version: 0,
    connectionId: ctx.connection.id,
    eventId: event.eventId,
    iCalUID: event.iCalUID,
    originalStart: event.originalStart,
    state: 'duplicate',
    twinOf: twin.id,
    title: event.title,
    description: '',
    start: event.start,
    end: event.end,
    applicationId: twin.applicationId,
    interviewers: [],
    detection,
    firstSeenAt: toInstant(deps.clock.now()),
    thankYouWaived: true,
    notes: {},
  });
  return 'duplicate';
}

/** A later change to a duplicate's event: keep its times current; the first sighting plans everything. */
async function refreshDuplicate(
  deps: ApplyDeps,
  duplicate: Interview,
  event: CalendarEvent,
): Promise<ApplyOutcome> {
  if (duplicate.start === event.start && duplicate.end === event.end && duplicate.title === event.title) {
    return 'unchanged';
  }
  await deps.store.put('interview', { ...duplicate, start: event.start, end: event.end, title: event.title });
  return 'updated';
}

/**
 * A duplicate whose first sighting's calendar was disconnected (or whose
 * first sighting is gone) now stands for the occasion itself: it takes over
 * the first sighting's thank-you, so it neither loses nor repeats it.
 */
async function standingOrPromoted(
  deps: ApplyDeps,
  interview: Interview | undefined,
): Promise<Interview | undefined> {
  if (interview?.state !== 'duplicate') return interview;
  const primary = interview.twinOf
    ? await deps.store.get('interview', interview.userId, interview.twinOf)
    : undefined;
  const primaryConnection =
    primary && (await deps.store.get('connection', primary.userId, primary.connectionId));
  if (primary && primaryConnection?.status !== 'deleted') return interview;
  return {
    ...interview,
    state: 'scheduled',
    twinOf: undefined,
    thankYouWaived: primary?.thankYouWaived ?? false,
    thankYouPromptId: primary?.thankYouPromptId,
    notes: primary?.notes ?? interview.notes,
  };
}
