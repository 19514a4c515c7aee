/**
 * A person's data as they can use it: a JSON document of their account,
 * calendars, applications with their interviews, tasks and notes (no
 * internal fields such as cursors or versions), and a CSV of applications
 * that opens in a spreadsheet. Times are in the person's own zone.
 */
import { DateTime } from 'luxon';
import { providerName } from '../connections.js';
import type { Application, Connection, Interview, Settings, Task } from '../model.js';
import type { Deps } from '../ports.js';

export interface ExportedInterview {
  title: string;
  company?: string;
  role?: string;
  start: string;
  end: string;
  state: 'scheduled' | 'cancelled' | 'declined' | 'not an interview' | 'not confirmed yet';
  location?: string;
  meetingLink?: string;
  interviewers: Array<{ name?: string; email?: string }>;
  /** What the person wrote, by who it is about ("overall" for the interview as a whole). */
  notes: Array<{ about: string; text: string }>;
}

export interface ExportedTask {
  what: string;
  state: 'open' | 'done' | 'dropped';
  due: string;
  done?: string;
}

export interface ExportedApplication {
  company: string;
  role?: string;
  status: 'waiting' | 'heard back' | 'closed';
  outcome?: 'next round' | 'offer' | 'rejected';
  timelineGiven?: string;
  statusCheckDue?: string;
  contact?: { name?: string; email?: string };
  interviews: ExportedInterview[];
  tasks: ExportedTask[];
}

export interface ExportedData {
  exportedAt: string;
  account: {
    email: string;
    timeZone: string;
    waitingWindowBusinessDays: number;
    prepReminder: string;
    paused: boolean;
    alwaysTreatAsInterview: string[];
    neverTreatAsInterview: string[];
    since: string;
  };
  calendars: Array<{ kind: string; address: string; status: string; lastRead?: string }>;
  applications: ExportedApplication[];
}

/** Everything of one user, for `/export`. */
export async function exportUserData(
  deps: Pick<Deps, 'store' | 'clock'>,
  userId: string,
): Promise<ExportedData> {
  const [settingsList, connections, applications, interviews, tasks] = await Promise.all([
    deps.store.list('settings', userId),
    deps.store.list('connection', userId),
    deps.store.list('application', userId),
    deps.store.list('interview', userId),
    deps.store.list('task', userId),
  ]);
  const settings = settingsList[0];
  const zone = settings?.timeZone ?? 'UTC';
  const at = (iso: string) => localTime(iso, zone);
  return {
    exportedAt: at(deps.clock.now().toISOString()),
    account: settings ? account(settings, at) : emptyAccount(at(deps.clock.now().toISOString())),
    calendars: connections.filter((c) => c.status !== 'deleted').map((c) => calendar(c, at)),
    applications: applications
      .map((app) => application(app, interviews, tasks, at))
      .sort((a, b) => firstStart(a).localeCompare(firstStart(b))),
  };
}

/** Applications as CSV (RFC 4180, UTF-8 with BOM so spreadsheets read accents). */
export function applicationsCsv(data: ExportedData): string {
  const header = [
    'Company',
    'Role',
    'Status',
    'Outcome',
    'First interview',
    'Last interview',
    'Interviews',
    'Interviewers',
    'Open tasks',
    'Status check due',
    'Timeline given',
  ];
  const rows = data.applications.map((app) => {
    const held = app.interviews.filter((i) => i.state === 'scheduled');
    const people = new Set(
      held.flatMap((i) => i.interviewers.map((p) => p.name ?? p.email ?? '')).filter(Boolean),
    );
    return [
      app.company,
      app.role ?? '',
      app.status,
      app.outcome ?? '',
      spreadsheetTime(held[0]?.start),
      spreadsheetTime(held[held.length - 1]?.start),
      String(held.length),
      [...people].join(', '),
      String(app.tasks.filter((t) => t.state === 'open').length),
      spreadsheetTime(app.statusCheckDue),
      app.timelineGiven ?? '',
    ];
  });
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * One quoted cell. Calendar text is hostile: a cell starting with = + - @
 * (or a tab or CR) would run as a formula in a spreadsheet, so it is
 * prefixed with an apostrophe (OWASP's advice for CSV injection).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

type At = (iso: string) => string;

function account(s: Settings, at: At): ExportedData['account'] {
  return {
    email: s.email,
    timeZone: s.timeZone,
    waitingWindowBusinessDays: s.waitingWindowDays,
    prepReminder: s.prepEnabled ? `${s.prepMinutesBefore} minutes before each interview` : 'off',
    paused: s.paused,
    alwaysTreatAsInterview: s.rules.always,
    neverTreatAsInterview: s.rules.never,
    since: at(s.createdAt),
  };
}

function emptyAccount(now: string): ExportedData['account'] {
  return {
    email: '',
    timeZone: 'UTC',
    waitingWindowBusinessDays: 5,
    prepReminder: 'off',
    paused: false,
    alwaysTreatAsInterview: [],
    neverTreatAsInterview: [],
    since: now,
  };
}

function calendar(c: Connection, at: At): ExportedData['calendars'][number] {
  const status = c.status === 'active' ? 'watching' : 'needs reconnecting';
  // Only ICS addresses are the person's own words; provider ids say nothing to them.
  const address = c.provider === 'ics' ? c.calendarId : c.provider === 'demo' ? 'demo' : 'primary calendar';
  return {
    kind: providerName(c.provider),
    address,
    status,
    ...(c.lastSyncAt ? { lastRead: at(c.lastSyncAt) } : {}),
  };
}

function application(app: Application, interviews: Interview[], tasks: Task[], at: At): ExportedApplication {
  const own = interviews
    .filter((i) => i.applicationId === app.id)
    .sort((a, b) => a.start.localeCompare(b.start));
  const ownTasks = tasks
    .filter((t) => t.applicationId === app.id)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const timeline = app.timeline
    ? app.timeline.kind === 'days'
      ? `${app.timeline.days} business days`
      : `by ${app.timeline.date}`
    : undefined;
  return {
    company: app.company,
    ...(app.role ? { role: app.role } : {}),
    status: ({ active: 'waiting', 'heard-back': 'heard back', closed: 'closed' } as const)[app.status],
    ...(app.outcome
      ? {
          outcome: ({ 'next-round': 'next round', offer: 'offer', rejected: 'rejected' } as const)[
            app.outcome
          ],
        }
      : {}),
    ...(timeline ? { timelineGiven: timeline } : {}),
    ...(app.statusCheckAt && app.status === 'active' ? { statusCheckDue: at(app.statusCheckAt) } : {}),
    ...(app.contact && (app.contact.name || app.contact.email) ? { contact: person(app.contact) } : {}),
    interviews: own.map((i) => interview(i, at)),
    tasks: ownTasks.map((t) => task(t, at)),
  };
}

function interview(i: Interview, at: At): ExportedInterview {
  const names = new Map(i.interviewers.map((p) => [p.key, p.name ?? p.email ?? p.key]));
  return {
    title: i.title,
    ...(i.company ? { company: i.company } : {}),
    ...(i.role ? { role: i.role } : {}),
    start: at(i.start),
    end: at(i.end),
    state: stateInWords(i),
    ...(i.location ? { location: i.location } : {}),
    ...(i.onlineMeetingUrl ? { meetingLink: i.onlineMeetingUrl } : {}),
    interviewers: i.interviewers.map(person),
    notes: Object.entries(i.notes)
      .filter(([, text]) => text.trim() !== '')
      .map(([key, text]) => ({ about: names.get(key) ?? key, text })),
  };
}

function stateInWords(i: Interview): ExportedInterview['state'] {
  if (i.override === 'not-interview' || i.state === 'dismissed') return 'not an interview';
  if (i.state === 'asking') return 'not confirmed yet';
  // Duplicates are left out by the caller: the same invitation, already listed.
  return i.state === 'duplicate' ? 'scheduled' : i.state;
}

function task(t: Task, at: At): ExportedTask {
  const who = t.interviewer?.name ?? t.interviewer?.email;
  const what = {
    'thank-you': who ? `Thank-you note to ${who}` : 'Thank-you note',
    'ask-address': who ? `Ask for ${who}'s email address` : 'Ask for an email address',
    'status-check': 'Status check',
    'stay-in-touch': who ? `Stay in touch with ${who}` : 'Stay in touch',
  }[t.kind];
  return { what, state: t.state, due: at(t.dueAt), ...(t.doneAt ? { done: at(t.doneAt) } : {}) };
}

function person(p: { name?: string | undefined; email?: string | undefined }): {
  name?: string;
  email?: string;
} {
  return { ...(p.name ? { name: p.name } : {}), ...(p.email ? { email: p.email } : {}) };
}

function firstStart(app: ExportedApplication): string {
  return app.interviews[0]?.start ?? '';
}

/** ISO-8601 with the zone's offset: exact, and readable as the person's own time. */
function localTime(iso: string, zone: string): string {
  const local = DateTime.fromISO(iso, { zone });
  return (
    (local.isValid ? local : DateTime.fromISO(iso, { zone: 'UTC' })).toISO({ suppressMilliseconds: true }) ??
    iso
  );
}

/** "2026-03-03 14:00": the form spreadsheets read as a date and time. */
function spreadsheetTime(local: string | undefined): string {
  if (!local) return '';
  const at = DateTime.fromISO(local, { setZone: true });
  return at.isValid ? at.toFormat('yyyy-LL-dd HH:mm') : '';
}
