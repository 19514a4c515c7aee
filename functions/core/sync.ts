/**
 * Incremental sync of one calendar connection (invariant 3): apply every
 * change of a page, then save the page's cursor. An expired cursor leads to
 * one full listing and a reconcile; a revoked grant marks the connection
 * broken and tells the user once, without crash-looping.
 */
import {
  type ApplyContext,
  type ApplyDeps,
  type ApplyOutcome,
  applyChange,
  endInterview,
} from './apply-change.js';
import {
  CalendarUnavailableError,
  CalendarUnreadableError,
  GrantRevokedError,
  RateLimitedError,
  SyncTokenExpiredError,
} from './errors.js';
import { FOUND_TOGETHER_WAIT_MS } from './loops.js';
import type { Connection, EventChange, Settings } from './model.js';
import { rearmEndedInterviews } from './planning.js';
import type { CalendarProvider } from './ports.js';
import { armDigest, notifyConnectionBroken, type PromptDeps } from './prompts/delivery.js';
import { retryOnConflict } from './retry.js';
import { toInstant } from './timing.js';

/** The window a full listing covers; adapters list exactly this range. */
export const SYNC_WINDOW = { pastDays: 30, futureDays: 180 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The sync function's ports: it applies changes, plans schedules and may tell the user a calendar broke. */
export interface SyncDeps extends ApplyDeps, PromptDeps {
  /** The calendar source for a connection (Google, Graph, ICS, demo); the owner is "you" in it. */
  calendars(connection: Connection, settings: Settings): CalendarProvider;
}

/** Transient failures back off from 5 minutes, doubling up to 6 hours... */
const BACKOFF = { firstMs: 5 * 60 * 1000, maxMs: 6 * 60 * 60 * 1000 };
/** ...and a calendar that has not answered for this long is broken: one mail, no more tries. */
const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

export interface SyncReport {
  status: 'synced' | 'resynced' | 'skipped' | 'broken' | 'backing-off';
  changes: number;
  outcomes: Partial<Record<ApplyOutcome, number>>;
}

export async function syncConnection(
  deps: SyncDeps,
  userId: string,
  connectionId: string,
): Promise<SyncReport> {
  const connection = await deps.store.get('connection', userId, connectionId);
  const settings = await deps.store.get('settings', userId, userId);
  if (connection?.status === 'broken' && settings && !connection.brokenNotifiedAt) {
    // A crash came between marking it broken and telling the user: finish telling them.
    await markBroken(deps, settings, connectionId, connection.brokenReason ?? 'grant revoked');
    return { status: 'broken', changes: 0, outcomes: {} };
  }
  if (!connection || !settings || connection.status !== 'active') {
    return { status: 'skipped', changes: 0, outcomes: {} };
  }
  if (connection.retryAt && Date.parse(connection.retryAt) > deps.clock.now().getTime()) {
    return { status: 'backing-off', changes: 0, outcomes: {} };
  }
  const report: SyncReport = { status: 'synced', changes: 0, outcomes: {} };
  try {
    try {
      await runListing(deps, { connection, settings }, connection.syncToken, report);
    } catch (error) {
      if (!(error instanceof SyncTokenExpiredError)) throw error;
      deps.log.warn('sync token expired; full resync', { userId, connectionId });
      report.status = 'resynced';
      // One full listing only: if that fails too, the error surfaces and the queue retries later.
      await runListing(deps, { connection, settings }, undefined, report);
    }
  } catch (error) {
    if (error instanceof GrantRevokedError || error instanceof CalendarUnreadableError) {
      await markBroken(deps, settings, connectionId, error.message);
      return { ...report, status: 'broken' };
    }
    if (!(error instanceof CalendarUnavailableError || error instanceof RateLimitedError)) throw error;
    return backOff(deps, settings, connectionId, error, report);
  }
  if (connection.failures) await clearFailures(deps, connection);
  await armDigest(deps, settings);
  return report;
}

/**
 * A calendar that did not answer is tried again later, each time later, and
 * the failure is not an error of ours (no alarm, no dead letter). After
 * GIVE_UP_AFTER_MS of failures it is broken, and the user told once.
 */
async function backOff(
  deps: SyncDeps,
  settings: Settings,
  connectionId: string,
  error: CalendarUnavailableError | RateLimitedError,
  report: SyncReport,
): Promise<SyncReport> {
  const now = deps.clock.now().getTime();
  const reason = (
    error instanceof RateLimitedError ? String(error.cause ?? error.message) : error.message
  ).slice(0, 500);
  const saved = await retryOnConflict(async () => {
    const fresh = await deps.store.get('connection', settings.userId, connectionId);
    if (fresh?.status !== 'active') return fresh;
    const failures = (fresh.failures ?? 0) + 1;
    const waitMs = Math.max(
      Math.min(BACKOFF.firstMs * 2 ** (failures - 1), BACKOFF.maxMs),
      error instanceof RateLimitedError ? error.retryAfterSeconds * 1000 : 0,
    );
    return deps.store.put('connection', {
      ...fresh,
      failures,
      failingSince: fresh.failingSince ?? toInstant(new Date(now)),
      failureReason: reason,
      retryAt: toInstant(new Date(now + waitMs)),
    });
  });
  deps.log.warn('calendar did not answer; backing off', {
    userId: settings.userId,
    connectionId,
    reason,
    retryAt: saved?.retryAt,
  });
  if (saved?.failingSince && now - Date.parse(saved.failingSince) >= GIVE_UP_AFTER_MS) {
    await markBroken(deps, settings, connectionId, `the calendar has not answered for 3 days (${reason})`);
    return { ...report, status: 'broken' };
  }
  return { ...report, status: 'backing-off' };
}

async function clearFailures(deps: SyncDeps, connection: Connection): Promise<void> {
  await retryOnConflict(async () => {
    const fresh = await deps.store.get('connection', connection.userId, connection.id);
    if (!fresh?.failures) return;
    const { failures: _f, failingSince: _s, failureReason: _r, retryAt: _a, ...rest } = fresh;
    await deps.store.put('connection', rest);
  });
}

async function runListing(
  deps: SyncDeps,
  ctx: ApplyContext,
  syncToken: string | undefined,
  report: SyncReport,
): Promise<void> {
  const seen = new Set<string>();
  let full = false;
  let ownerName: string | undefined;
  for await (const page of deps
    .calendars(ctx.connection, ctx.settings)
    .listChanges(ctx.connection, syncToken)) {
    full ||= page.full;
    for (const change of page.changes) {
      seen.add(change.eventId);
      ownerName ??= ownerNameIn(change, ctx.settings.email);
      const outcome = await applyChange(deps, ctx, change);
      report.changes += 1;
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    }
    if (page.nextSyncToken !== undefined) {
      if (full) await reconcile(deps, ctx, seen);
      await saveCursor(deps, ctx.connection, page.nextSyncToken);
      if (seen.size > 0) await rearmFoundTogether(deps, ctx);
    }
  }
  if (ownerName && ownerName !== ctx.settings.accountName)
    await saveAccountName(deps, ctx.settings, ownerName);
}

/**
 * Interviews this sync found after they had ended waited for it to finish
 * (followup's `foundBySyncInProgress`): now that every one is stored, their
 * thank-you fires, and a loop found together gets one prompt.
 */
async function rearmFoundTogether(deps: SyncDeps, ctx: ApplyContext): Promise<void> {
  const now = deps.clock.now().getTime();
  const found = (await deps.store.list('interview', ctx.settings.userId)).filter(
    (i) =>
      i.connectionId === ctx.connection.id &&
      Date.parse(i.firstSeenAt) >= Date.parse(i.end) &&
      now - Date.parse(i.firstSeenAt) <= FOUND_TOGETHER_WAIT_MS,
  );
  await rearmEndedInterviews(deps, found);
}

/**
 * The calendar account's display name, as the calendar shows the owner on
 * an event: the default name drafts are signed with. An address is no name.
 */
function ownerNameIn(change: EventChange, ownerEmail: string): string | undefined {
  if ('removed' in change) return undefined;
  const email = ownerEmail.toLowerCase();
  const self = change.attendees.find((a) => a.self || a.email?.toLowerCase() === email);
  const organizer = change.organizer?.email?.toLowerCase() === email ? change.organizer : undefined;
  const name = (self?.name ?? organizer?.name)?.trim();
  return name && !name.includes('@') ? name.slice(0, 200) : undefined;
}

async function saveAccountName(deps: SyncDeps, settings: Settings, name: string): Promise<void> {
  await retryOnConflict(async () => {
    const fresh = await deps.store.get('settings', settings.userId, settings.userId);
    if (fresh && fresh.accountName !== name)
      await deps.store.put('settings', { ...fresh, accountName: name });
  });
}

/**
 * After a full listing, an interview we track that the listing no longer has
 * was deleted while we were not looking. Only interviews inside the listed
 * window are judged; ended ones keep their follow-ups (endInterview).
 */
async function reconcile(deps: SyncDeps, ctx: ApplyContext, seenEventIds: Set<string>): Promise<void> {
  const now = deps.clock.now().getTime();
  const from = now - SYNC_WINDOW.pastDays * DAY_MS;
  const to = now + (SYNC_WINDOW.futureDays - 1) * DAY_MS;
  const interviews = await deps.store.list('interview', ctx.settings.userId);
  for (const interview of interviews) {
    const start = Date.parse(interview.start);
    const inWindow = start >= from && start <= to;
    if (interview.connectionId === ctx.connection.id && inWindow && !seenEventIds.has(interview.eventId)) {
      await retryOnConflict(async () => {
        const fresh = await deps.store.get('interview', interview.userId, interview.id);
        if (fresh) await endInterview(deps, ctx, fresh, 'cancelled');
      });
    }
  }
}

async function saveCursor(deps: SyncDeps, connection: Connection, syncToken: string): Promise<void> {
  await retryOnConflict(async () => {
    const fresh = await deps.store.get('connection', connection.userId, connection.id);
    if (!fresh) return;
    await deps.store.put('connection', { ...fresh, syncToken, lastSyncAt: toInstant(deps.clock.now()) });
  });
}

/** Marks the connection broken and emails the user once (invariant 8). */
async function markBroken(
  deps: SyncDeps,
  settings: Settings,
  connectionId: string,
  reason: string,
): Promise<void> {
  const saved = await retryOnConflict(async () => {
    const fresh = await deps.store.get('connection', settings.userId, connectionId);
    if (!fresh || fresh.status === 'broken') return fresh;
    return deps.store.put('connection', { ...fresh, status: 'broken', brokenReason: reason });
  });
  if (saved && !saved.brokenNotifiedAt) {
    await notifyConnectionBroken(deps, settings, saved);
    await retryOnConflict(async () => {
      const fresh = await deps.store.get('connection', settings.userId, connectionId);
      if (fresh && !fresh.brokenNotifiedAt) {
        await deps.store.put('connection', { ...fresh, brokenNotifiedAt: toInstant(deps.clock.now()) });
      }
    });
  }
}
