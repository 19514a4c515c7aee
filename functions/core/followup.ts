/**
 * The `followup` use cases, fired by one-time schedules: prep before an
 * interview, thank-you after it (per loop), and the status check after the
 * waiting window. Each checks the payload's version first: a stale firing
 * does nothing (invariant 2). Each is idempotent under duplicate and
 * concurrent firings (deliverPrompt).
 */

import { sendAsk } from './ask.js';
import {
  askAddressTaskId,
  prepPromptId,
  statusPromptId,
  statusTaskId,
  thankYouPromptId,
  thankYouTaskId,
} from './ids.js';
import { FOUND_TOGETHER_WAIT_MS, lastOfLoop, loopOf, thankYouPeople } from './loops.js';
import type { Application, FollowupPayload, Interview, Settings, Task } from './model.js';
import { deliverPrompt, type PromptDeps } from './prompts/delivery.js';
import { sendDigest } from './prompts/digest.js';
import { prepView, statusCheckView, thankYouView } from './prompts/views.js';
import { retryOnConflict } from './retry.js';
import { isPaused } from './settings.js';
import { toInstant } from './timing.js';

/** The followup function's ports: it composes and sends prompts, and schedules nothing. */
export type FollowupDeps = PromptDeps;

export type FollowupOutcome =
  | 'sent'
  | 'duplicate'
  | 'stale'
  | 'not-applicable'
  | 'paused'
  | 'waiting-for-loop'
  | 'waiting-for-sync'
  | 'superseded'
  | 'held'
  | 'deferred';

/** Schedulers may fire a little early; more than this is treated as not yet due. */
const EARLY_TOLERANCE_MS = 2 * 60 * 1000;

export async function handleFollowup(deps: FollowupDeps, payload: FollowupPayload): Promise<FollowupOutcome> {
  const settings = await deps.store.get('settings', payload.userId, payload.userId);
  if (!settings) return 'not-applicable';
  switch (payload.kind) {
    case 'prep':
      return onPrep(deps, settings, payload.interviewId, payload.version);
    case 'interview-ended':
      return onInterviewEnded(deps, settings, payload.interviewId, payload.version);
    case 'status-check':
      return onStatusCheck(deps, settings, payload.applicationId, payload.version);
    case 'digest':
      return sendDigest(deps, settings);
  }
}

async function onPrep(deps: FollowupDeps, settings: Settings, interviewId: string, version: number) {
  const interview = await deps.store.get('interview', settings.userId, interviewId);
  if (!interview || interview.version !== version) return 'stale';
  if (interview.state !== 'scheduled' || !settings.prepEnabled) return 'not-applicable';
  if (deps.clock.now().getTime() >= Date.parse(interview.start)) return 'not-applicable';
  if (isPaused(settings, deps.clock.now())) return 'paused';
  return deliverPrompt(
    deps,
    {
      userId: settings.userId,
      id: prepPromptId(interview.id, interview.start),
      kind: 'prep',
      interviewIds: [interview.id],
    },
    () => prepView(deps, settings, interview),
  );
}

async function onInterviewEnded(
  deps: FollowupDeps,
  settings: Settings,
  interviewId: string,
  version: number,
) {
  const interview = await deps.store.get('interview', settings.userId, interviewId);
  if (!interview || interview.version !== version) return 'stale';
  if (interview.state === 'asking') {
    if (Date.parse(interview.end) - deps.clock.now().getTime() > EARLY_TOLERANCE_MS) return 'not-applicable';
    if (isPaused(settings, deps.clock.now())) return 'paused';
    const asked = await sendAsk(deps, settings, interview);
    return asked === 'limited' ? 'not-applicable' : asked;
  }
  if (interview.state !== 'scheduled' || interview.thankYouWaived || interview.thankYouPromptId) {
    return 'not-applicable';
  }
  const now = deps.clock.now().getTime();
  if (Date.parse(interview.end) - now > EARLY_TOLERANCE_MS) return 'not-applicable';
  if (await foundBySyncInProgress(deps, interview)) return 'waiting-for-sync';
  const all = await deps.store.list('interview', settings.userId);
  const loop = loopOf(interview, all, settings.timeZone);
  if (loop.some((i) => Date.parse(i.end) - now > EARLY_TOLERANCE_MS)) return 'waiting-for-loop';
  const covered = loop.filter((i) => !i.thankYouPromptId);
  if (covered.length === 0) return 'duplicate';
  if (isPaused(settings, deps.clock.now())) return 'paused';
  const promptId = thankYouPromptId(lastOfLoop(loop).id);
  const app = await deps.store.get('application', settings.userId, interview.applicationId);
  return deliverPrompt(
    deps,
    {
      userId: settings.userId,
      id: promptId,
      kind: 'thank-you',
      applicationId: interview.applicationId,
      interviewIds: covered.map((i) => i.id),
    },
    async (claim) => {
      // In loop order, so that the mail's first and last are the loop's.
      const members = all
        .filter((i) => claim.interviewIds.includes(i.id))
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id));
      const tasks = await createThankYouTasks(deps, members);
      return thankYouView(deps, settings, members, app, tasks);
    },
    (claim) => markCovered(deps, settings.userId, claim.interviewIds, promptId),
  );
}

/**
 * An interview first seen after it ended was found by a sync that may still
 * be storing the rest of its loop (the next page, the next event): its
 * thank-you waits until that sync has saved its cursor, which re-arms it, so
 * a loop found together gets one prompt; never longer than FOUND_TOGETHER_WAIT_MS.
 */
async function foundBySyncInProgress(deps: FollowupDeps, interview: Interview): Promise<boolean> {
  const firstSeen = Date.parse(interview.firstSeenAt);
  if (firstSeen < Date.parse(interview.end)) return false;
  if (deps.clock.now().getTime() - firstSeen > FOUND_TOGETHER_WAIT_MS) return false;
  const connection = await deps.store.get('connection', interview.userId, interview.connectionId);
  if (connection?.status !== 'active') return false;
  return !connection.lastSyncAt || Date.parse(connection.lastSyncAt) < firstSeen;
}

async function onStatusCheck(deps: FollowupDeps, settings: Settings, applicationId: string, version: number) {
  const app = await deps.store.get('application', settings.userId, applicationId);
  if (!app || app.version !== version) return 'stale';
  if (app.status !== 'active' || !app.statusCheckAt) return 'not-applicable';
  const now = deps.clock.now().getTime();
  if (Date.parse(app.statusCheckAt) - now > EARLY_TOLERANCE_MS) return 'not-applicable';
  const interviews = (await deps.store.list('interview', settings.userId)).filter(
    (i) => i.applicationId === app.id && i.state === 'scheduled',
  );
  // A later interview with the company is the callback: no status check.
  if (interviews.some((i) => Date.parse(i.start) > now)) return 'superseded';
  if (isPaused(settings, deps.clock.now())) return 'paused';
  const dueAt = app.statusCheckAt;
  const promptId = statusPromptId(app.id, dueAt);
  return deliverPrompt(
    deps,
    { userId: settings.userId, id: promptId, kind: 'status-check', applicationId: app.id },
    async () => {
      const task = await createTask(deps, {
        userId: settings.userId,
        id: statusTaskId(app.id, dueAt),
        kind: 'status-check',
        applicationId: app.id,
        dueAt,
      });
      return statusCheckView(deps, settings, app, interviews, task);
    },
    async () => {
      await markStatusPrompt(deps, app, promptId);
    },
  );
}

async function markStatusPrompt(
  deps: FollowupDeps,
  app: Application,
  promptId: string,
): Promise<Application> {
  return retryOnConflict(async () => {
    const fresh = (await deps.store.get('application', app.userId, app.id)) ?? app;
    if (fresh.statusCheckPromptId === promptId) return fresh;
    return deps.store.put('application', { ...fresh, statusCheckPromptId: promptId });
  });
}

/** One thank-you task per interviewer, one ask-address task per interviewer named without an address. */
async function createThankYouTasks(deps: FollowupDeps, interviews: Interview[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const { interview, person } of thankYouPeople(interviews)) {
    const common = {
      userId: interview.userId,
      applicationId: interview.applicationId,
      interviewId: interview.id,
      interviewer: person,
      dueAt: interview.end,
    };
    const thankYouId = thankYouTaskId(interview.id, person.key);
    tasks.push(await createTask(deps, { ...common, id: thankYouId, kind: 'thank-you' }));
    if (!person.email) {
      const askId = askAddressTaskId(interview.id, person.key);
      tasks.push(await createTask(deps, { ...common, id: askId, kind: 'ask-address' }));
    }
  }
  return tasks;
}

type NewTask = Pick<Task, 'userId' | 'id' | 'kind' | 'applicationId' | 'dueAt'> &
  Partial<Pick<Task, 'interviewId' | 'interviewer'>>;

/** Creates a task if absent; returns the stored one either way (idempotent). */
export async function createTask(deps: Pick<FollowupDeps, 'store' | 'clock'>, task: NewTask): Promise<Task> {
  const existing = await deps.store.get('task', task.userId, task.id);
  if (existing) return existing;
  const created: Task = { ...task, version: 0, state: 'open', createdAt: toInstant(deps.clock.now()) };
  try {
    return await deps.store.put('task', created);
  } catch (error) {
    const raced = await deps.store.get('task', task.userId, task.id);
    if (raced) return raced;
    throw error;
  }
}

async function markCovered(
  deps: FollowupDeps,
  userId: string,
  interviewIds: string[],
  promptId: string,
): Promise<void> {
  for (const id of interviewIds) {
    await retryOnConflict(async () => {
      const fresh = await deps.store.get('interview', userId, id);
      if (!fresh || fresh.thankYouPromptId) return;
      await deps.store.put('interview', { ...fresh, thankYouPromptId: promptId });
    });
  }
}
