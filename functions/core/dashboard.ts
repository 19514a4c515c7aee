/**
 * The dashboard's read model, phone first: what needs the user now (drafts
 * to send, status checks due), then applications with an interview coming
 * up, those waiting for news, and the closed ones with their outcomes. Each
 * application carries a timeline of what happened and what is next.
 * Pure reads through the `Store`; nothing here writes.
 */
import type {
  Application,
  Connection,
  Instant,
  Interview,
  Prompt,
  PromptKind,
  Settings,
  Task,
} from './model.js';
import type { Deps, DraftView } from './ports.js';
import { draftForTask } from './prompts/task-drafts.js';
import { applicationLine, taskTitle } from './prompts/task-words.js';
import { isPaused } from './settings.js';

/** The next prompt planned for an application. */
export interface NextPrompt {
  kind: Extract<PromptKind, 'prep' | 'thank-you' | 'status-check'>;
  at: Instant;
  /** The interview it is about (prep and thank-you). */
  interviewId?: string;
}

export interface DashboardTask {
  task: Task;
  /** Plain words: "Thank-you note to Jane Doe". */
  title: string;
  /** "Acme · Backend Engineer". */
  about: string;
  draft?: DraftView;
}

/** One mark on an application's timeline. */
export interface TimelineEntry {
  at: Instant;
  kind: 'interview' | 'dismissed' | 'prompt' | 'done' | 'news' | 'next';
  label: string;
  /** The interview it is about (for "undo" on a dismissed event). */
  interviewId?: string;
}

export type Section = 'coming-up' | 'waiting' | 'closed';

export interface DashboardApplication {
  application: Application;
  section: Section;
  /** Oldest first. */
  interviews: Interview[];
  /** The next interview that still counts, when one is ahead. */
  upcoming?: Interview;
  /** Open tasks, soonest due first (due ones are also in `needsYou`). */
  openTasks: DashboardTask[];
  /** Open tasks moved to later ("remind me tomorrow"). */
  snoozed: DashboardTask[];
  nextPrompt?: NextPrompt;
  /** Oldest first; what is planned comes last. */
  timeline: TimelineEntry[];
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
  /** Open tasks due now, across applications, oldest due first. */
  needsYou: DashboardTask[];
  comingUp: DashboardApplication[];
  waiting: DashboardApplication[];
  closed: DashboardApplication[];
  /** Every application, in the order of the sections. */
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
  const [settingsList, connections, applications, interviews, tasks, prompts] = await Promise.all([
    deps.store.list('settings', userId),
    deps.store.list('connection', userId),
    deps.store.list('application', userId),
    deps.store.list('interview', userId),
    deps.store.list('task', userId),
    deps.store.list('prompt', userId),
  ]);
  const settings = settingsList[0];
  const now = deps.clock.now().toISOString();
  const views = await Promise.all(
    applications.map(async (application): Promise<DashboardApplication> => {
      // A duplicate is the same invitation seen in a second calendar: never shown twice.
      const own = interviews
        .filter((i) => i.applicationId === application.id && i.state !== 'duplicate')
        .sort(byStart);
      const ownTasks = tasks.filter((t) => t.applicationId === application.id);
      const open = ownTasks.filter((t) => t.state === 'open').sort(byDue);
      const openTasks = await Promise.all(
        open.map((task) => withDraft(task, application, settings, draftFor)),
      );
      const nextPrompt = settings ? nextPromptFor(application, own, settings, now) : undefined;
      const upcoming = own.find((i) => counts(i) && Date.parse(i.start) > Date.parse(now));
      const ownPrompts = prompts.filter(
        (p) =>
          p.applicationId === application.id || p.interviewIds.some((id) => own.some((i) => i.id === id)),
      );
      return {
        application,
        section: application.status === 'closed' ? 'closed' : upcoming ? 'coming-up' : 'waiting',
        interviews: own,
        ...(upcoming ? { upcoming } : {}),
        openTasks,
        snoozed: openTasks.filter((t) => isSnoozed(t.task, now)),
        ...(nextPrompt ? { nextPrompt } : {}),
        timeline: timelineOf(application, own, ownTasks, ownPrompts, nextPrompt),
      };
    }),
  );
  const needsYou = views
    .flatMap((view) => view.openTasks)
    .filter((t) => !isSnoozed(t.task, now))
    .sort((a, b) => byDue(a.task, b.task));
  const comingUp = views
    .filter((v) => v.section === 'coming-up')
    .sort((a, b) => Date.parse(a.upcoming!.start) - Date.parse(b.upcoming!.start));
  const waiting = views.filter((v) => v.section === 'waiting').sort(byLatestFirst);
  const closed = views.filter((v) => v.section === 'closed').sort(byClosedFirst);
  return {
    ...(settings ? { settings } : {}),
    calendars: connections.filter((c) => c.status !== 'deleted').map(calendarView),
    needsYou,
    comingUp,
    waiting,
    closed,
    applications: [...comingUp, ...waiting, ...closed],
  };
}

/**
 * A task moved to later by "remind me tomorrow": it waits, shown with its
 * date, until it is due. Tasks created ahead of time (none today) would too.
 */
function isSnoozed(task: Task, now: Instant): boolean {
  return Date.parse(task.dueAt) > Date.parse(now);
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
  application: Application,
  settings: Settings | undefined,
  draftFor: DraftMaker,
): Promise<DashboardTask> {
  const base = { task, title: taskTitle(task, application), about: applicationLine(application) };
  if (!settings) return base;
  const draft = await draftFor(settings, task);
  return draft ? { ...base, draft } : base;
}

/** Whether an interview still counts: scheduled, and not dismissed by detection or the user. */
function counts(interview: Interview): boolean {
  if (interview.state !== 'scheduled' || interview.override === 'not-interview') return false;
  return interview.override === 'interview' || interview.detection.interview;
}

const PROMPT_WORDS: Record<Prompt['kind'], string> = {
  prep: 'Prep reminder sent',
  'thank-you': 'Thank-you prompt sent',
  'status-check': 'Status-check prompt sent',
  'connection-broken': 'Calendar connection lost',
  ask: 'Asked whether it was an interview',
  digest: 'Held prompts sent together',
};

const NEXT_WORDS: Record<NextPrompt['kind'], string> = {
  prep: 'Prep reminder',
  'thank-you': 'Thank-you prompt',
  'status-check': 'Status check',
};

const HISTORY_WORDS: Record<NonNullable<Application['history']>[number]['what'], string> = {
  'heard-back': 'Heard back',
  timeline: 'They said when',
  snoozed: 'Snoozed',
  'not-interview': 'Not an interview',
  tracked: 'Tracked again',
};

/** What happened with an application and what comes next, oldest first. */
function timelineOf(
  app: Application,
  interviews: Interview[],
  tasks: Task[],
  prompts: Prompt[],
  next: NextPrompt | undefined,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const interview of interviews) {
    if (interview.state !== 'scheduled' && interview.state !== 'dismissed') continue;
    const dismissed = interview.state === 'dismissed' || interview.override === 'not-interview';
    entries.push({
      at: interview.start,
      kind: dismissed ? 'dismissed' : 'interview',
      label: dismissed ? `Not an interview: ${interview.title}` : interview.title,
      interviewId: interview.id,
    });
  }
  for (const prompt of prompts) {
    if (prompt.state === 'sent' && prompt.sentAt) {
      entries.push({ at: prompt.sentAt, kind: 'prompt', label: PROMPT_WORDS[prompt.kind] });
    }
  }
  for (const task of tasks) {
    if (task.state === 'done' && task.doneAt) {
      const title = taskTitle(task, app);
      entries.push({
        at: task.doneAt,
        kind: 'done',
        label: `Sent: ${title[0]!.toLowerCase()}${title.slice(1)}`,
      });
    }
  }
  for (const entry of app.history ?? []) {
    // "Not an interview" shows on the event itself.
    if (entry.what === 'not-interview' || entry.what === 'tracked') continue;
    const words = HISTORY_WORDS[entry.what];
    entries.push({ at: entry.at, kind: 'news', label: entry.detail ? `${words}: ${entry.detail}` : words });
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (next) entries.push({ at: next.at, kind: 'next', label: `Next: ${NEXT_WORDS[next.kind]}` });
  return entries;
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
  if (isPaused(settings, new Date(now))) return undefined;
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

function byLatestFirst(a: DashboardApplication, b: DashboardApplication): number {
  return latestStart(b) - latestStart(a);
}

function byClosedFirst(a: DashboardApplication, b: DashboardApplication): number {
  const closed = (v: DashboardApplication) => Date.parse(v.application.closedAt ?? '') || latestStart(v);
  return closed(b) - closed(a);
}
