/**
 * The dashboard's read model: one user's applications, each with its
 * interviews, open tasks and the next prompt Afterview will send for it.
 * Pure reads through the `Store`; nothing here writes.
 */
import type { Application, Connection, Instant, Interview, PromptKind, Settings, Task } from './model.js';
import type { Deps, DraftView } from './ports.js';
import { draftForTask } from './prompts/task-drafts.js';

/** The next prompt planned for an application. */
export interface NextPrompt {
  kind: Extract<PromptKind, 'prep' | 'thank-you' | 'status-check'>;
  at: Instant;
  /** The interview it is about (prep and thank-you). */
  interviewId?: string;
}

export interface DashboardTask {
  task: Task;
  draft?: DraftView;
}

export interface DashboardApplication {
  application: Application;
  /** Oldest first. */
  interviews: Interview[];
  /** Open tasks, soonest due first. */
  openTasks: DashboardTask[];
  nextPrompt?: NextPrompt;
}

/** A calendar connection as the dashboard tells of it: working, retrying, or broken and why. */
export interface DashboardCalendar {
  provider: Connection['provider'];
  calendarId: string;
  status: 'active' | 'retrying' | 'broken';
  /** Why it is broken or retrying, in the adapter's words. */
  reason?: string;
  retryAt?: Instant;
  lastSyncAt?: Instant;
}

export interface Dashboard {
  settings?: Settings;
  calendars: DashboardCalendar[];
  /** Active applications first, then by their latest interview, newest first. */
  applications: DashboardApplication[];
}

/** Makes the draft shown with an open task (`task-drafts.ts` by default). */
export type DraftMaker = (settings: Settings, task: Task) => Promise<DraftView | undefined>;

/** Loads the dashboard of one user. */
export async function loadDashboard(
  deps: Pick<Deps, 'store' | 'clock'>,
  userId: string,
  draftFor: DraftMaker = (settings, task) => draftForTask(deps, settings, task.id),
): Promise<Dashboard> {
  const [settingsList, connections, applications, interviews, tasks] = await Promise.all([
    deps.store.list('settings', userId),
    deps.store.list('connection', userId),
    deps.store.list('application', userId),
    deps.store.list('interview', userId),
    deps.store.list('task', userId),
  ]);
  const settings = settingsList[0];
  const now = deps.clock.now().toISOString();
  const views = await Promise.all(
    applications.map(async (application): Promise<DashboardApplication> => {
      const own = interviews
        .filter((i) => i.applicationId === application.id && i.state !== 'duplicate')
        .sort(byStart);
      const open = tasks.filter((t) => t.applicationId === application.id && t.state === 'open').sort(byDue);
      const openTasks = await Promise.all(open.map((task) => withDraft(task, settings, draftFor)));
      const nextPrompt = settings ? nextPromptFor(application, own, settings, now) : undefined;
      return { application, interviews: own, openTasks, ...(nextPrompt ? { nextPrompt } : {}) };
    }),
  );
  return {
    ...(settings ? { settings } : {}),
    calendars: connections.filter((c) => c.status !== 'deleted').map(calendarView),
    applications: views.sort(byActivity),
  };
}

function calendarView(connection: Connection): DashboardCalendar {
  const common = {
    provider: connection.provider,
    calendarId: connection.calendarId,
    ...(connection.lastSyncAt ? { lastSyncAt: connection.lastSyncAt } : {}),
  };
  if (connection.status === 'broken') {
    return { ...common, status: 'broken', reason: connection.brokenReason ?? 'access was revoked' };
  }
  if (connection.failures) {
    return {
      ...common,
      status: 'retrying',
      ...(connection.failureReason ? { reason: connection.failureReason } : {}),
      ...(connection.retryAt ? { retryAt: connection.retryAt } : {}),
    };
  }
  return { ...common, status: 'active' };
}

async function withDraft(
  task: Task,
  settings: Settings | undefined,
  draftFor: DraftMaker,
): Promise<DashboardTask> {
  if (!settings) return { task };
  const draft = await draftFor(settings, task);
  return draft ? { task, draft } : { task };
}

/** Whether an interview still counts: scheduled, and not dismissed by detection or the user. */
function counts(interview: Interview): boolean {
  if (interview.state !== 'scheduled' || interview.override === 'not-interview') return false;
  return interview.override === 'interview' || interview.detection.interview;
}

/**
 * The earliest prompt still ahead for an application: a prep prompt before
 * an interview, a thank-you when one ends, or the status check. None while
 * prompts are paused.
 */
export function nextPromptFor(
  application: Application,
  interviews: Interview[],
  settings: Settings,
  now: Instant,
): NextPrompt | undefined {
  if (settings.paused) return undefined;
  const candidates: NextPrompt[] = [];
  for (const interview of interviews.filter(counts)) {
    if (settings.prepEnabled) {
      const prepAt = new Date(
        Date.parse(interview.start) - settings.prepMinutesBefore * 60_000,
      ).toISOString();
      candidates.push({ kind: 'prep', at: prepAt, interviewId: interview.id });
    }
    if (!interview.thankYouPromptId && !interview.thankYouWaived) {
      candidates.push({ kind: 'thank-you', at: interview.end, interviewId: interview.id });
    }
  }
  const { statusCheckAt, statusCheckPromptId, statusCheckWaived, status } = application;
  if (status === 'active' && statusCheckAt && !statusCheckPromptId && !statusCheckWaived) {
    candidates.push({ kind: 'status-check', at: statusCheckAt });
  }
  const ahead = candidates.filter((c) => Date.parse(c.at) >= Date.parse(now));
  return ahead.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}

function byStart(a: Interview, b: Interview): number {
  return Date.parse(a.start) - Date.parse(b.start);
}

function byDue(a: Task, b: Task): number {
  return Date.parse(a.dueAt) - Date.parse(b.dueAt);
}

function latestStart(view: DashboardApplication): number {
  const last = view.interviews.at(-1);
  return last ? Date.parse(last.start) : 0;
}

function byActivity(a: DashboardApplication, b: DashboardApplication): number {
  const activeA = a.application.status === 'active' ? 0 : 1;
  const activeB = b.application.status === 'active' ? 0 : 1;
  return activeA - activeB || latestStart(b) - latestStart(a);
}
