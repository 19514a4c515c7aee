/**
 * What actions do to tasks and to an application's history: save an edited
 * draft, open the stay-in-touch task after a rejection, close an event's
 * tasks when it is "not an interview" (and reopen them on undo), and note
 * what the user told Afterview. Each is idempotent: repeating it changes
 * nothing more.
 */
import { NotFoundError } from './errors.js';
import { createTask } from './followup.js';
import { stayInTouchTaskId } from './ids.js';
import { type Application, HISTORY_LIMIT, type HistoryEntry, type Settings, type Task } from './model.js';
import { type PlanDeps, planStatusCheck } from './planning.js';
import type { Deps } from './ports.js';
import { retryOnConflict } from './retry.js';
import { toInstant } from './timing.js';

type TaskDeps = Pick<Deps, 'store' | 'clock'>;

/** Saves the user's edit of a task's draft; it replaces the generated text on every page. */
export async function saveTaskDraft(
  deps: TaskDeps,
  userId: string,
  taskId: string,
  text: { subject: string; body: string },
): Promise<Task> {
  return retryOnConflict(async () => {
    const task = await deps.store.get('task', userId, taskId);
    if (!task) throw new NotFoundError('That task no longer exists.');
    const same = task.draft?.subject === text.subject && task.draft?.body === text.body;
    if (same) return task;
    return deps.store.put('task', { ...task, draft: { ...text, savedAt: toInstant(deps.clock.now()) } });
  });
}

/** After "rejected": a task with a gracious note to send, due now. */
export async function openStayInTouch(deps: TaskDeps, app: Application): Promise<Task> {
  return createTask(deps, {
    userId: app.userId,
    id: stayInTouchTaskId(app.id),
    kind: 'stay-in-touch',
    applicationId: app.id,
    dueAt: toInstant(deps.clock.now()),
  });
}

/**
 * "Not an interview": the event's open tasks are dropped, and with them the
 * application's status check when no interview of it is left.
 */
export async function dropEventTasks(deps: TaskDeps, userId: string, interviewId: string): Promise<void> {
  const interview = await deps.store.get('interview', userId, interviewId);
  if (!interview) return;
  const interviews = await deps.store.list('interview', userId);
  const appLeft = interviews.some(
    (i) => i.applicationId === interview.applicationId && i.id !== interviewId && i.state === 'scheduled',
  );
  for (const task of await deps.store.list('task', userId)) {
    const ofEvent = task.interviewId === interviewId;
    const ofEmptyApp =
      !appLeft && task.kind === 'status-check' && task.applicationId === interview.applicationId;
    if (task.state === 'open' && (ofEvent || ofEmptyApp)) {
      await updateTask(deps, userId, task.id, (t) =>
        t.state === 'open' ? { ...t, state: 'dropped', droppedFor: 'not-interview' } : undefined,
      );
    }
  }
}

/** Undo of "not an interview": the tasks it dropped are open again. */
export async function reopenEventTasks(deps: TaskDeps, userId: string, interviewId: string): Promise<void> {
  const interview = await deps.store.get('interview', userId, interviewId);
  if (!interview) return;
  for (const task of await deps.store.list('task', userId)) {
    const ofEvent = task.interviewId === interviewId;
    const ofApp = task.kind === 'status-check' && task.applicationId === interview.applicationId;
    if (task.droppedFor === 'not-interview' && (ofEvent || ofApp)) {
      await updateTask(deps, userId, task.id, (t) =>
        t.droppedFor ? { ...t, state: 'open', droppedFor: undefined } : undefined,
      );
    }
  }
}

async function updateTask(
  deps: TaskDeps,
  userId: string,
  taskId: string,
  change: (task: Task) => Task | undefined,
): Promise<void> {
  await retryOnConflict(async () => {
    const fresh = await deps.store.get('task', userId, taskId);
    const next = fresh && change(fresh);
    if (next) await deps.store.put('task', next);
  });
}

/**
 * Adds one entry to the application's history (the oldest drop off past the
 * limit). The write bumps the application's version, so its status-check
 * schedule is planned again with it: a stale firing would do nothing.
 */
export async function recordHistory(
  deps: PlanDeps,
  settings: Settings,
  applicationId: string,
  entry: Omit<HistoryEntry, 'at'>,
): Promise<void> {
  const saved = await retryOnConflict(async () => {
    const app = await deps.store.get('application', settings.userId, applicationId);
    if (!app) return undefined;
    const history = [...(app.history ?? []), { ...entry, at: toInstant(deps.clock.now()) }];
    return deps.store.put('application', { ...app, history: history.slice(-HISTORY_LIMIT) });
  });
  if (saved) await planStatusCheck(deps, settings.userId, applicationId, settings);
}
