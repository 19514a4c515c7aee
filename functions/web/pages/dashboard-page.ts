/** The local dashboard: applications, interviews, open tasks, settings. */
import type {
  Dashboard,
  DashboardApplication,
  DashboardCalendar,
  DashboardTask,
  NextPrompt,
} from '../../core/dashboard.js';
import type { Interview, Settings, Task } from '../../core/model.js';
import type { LinkView } from '../../core/ports.js';
import { formatInstant } from '../format.js';
import { type Html, h, safeHref } from '../html.js';
import { facts } from './action-pages.js';
import { draftBlock } from './draft-block.js';

export interface DashboardPageData {
  dashboard: Dashboard;
  now: Date;
  /** Signed action links per entity id (application, interview or task). */
  links: ReadonlyMap<string, LinkView[]>;
  /** Which calendars are read, with the connect button (`web/oauth/connections-page.ts`). */
  calendars?: Html;
}

const PROMPT_NAMES: Record<NextPrompt['kind'], string> = {
  prep: 'Prep reminder',
  'thank-you': 'Thank-you prompt',
  'status-check': 'Status check',
};

/** The body of `GET /` for the local user. */
export function dashboardPage(data: DashboardPageData): Html {
  const { dashboard } = data;
  const zone = dashboard.settings?.timeZone ?? 'UTC';
  const ctx = { ...data, zone };
  return h`<h1>Your interviews</h1>
${dashboard.settings?.paused ? h`<p class="notice" role="status">Prompts are paused. <a href="/settings">Resume them in settings</a>.</p>` : ''}
${data.calendars ?? ''}
${dashboard.calendars.map((calendar) => calendarNotice(calendar, ctx))}
${dashboard.applications.length === 0 ? emptyState() : dashboard.applications.map((app) => applicationCard(app, ctx))}
${dashboard.settings ? settingsCard(dashboard.settings) : ''}
${dataCard()}`;
}

type Ctx = DashboardPageData & { zone: string };

/** Says so when a calendar cannot be read: the dashboard must not look calm while nothing is watched. */
function calendarNotice(calendar: DashboardCalendar, ctx: Ctx): Html {
  if (calendar.status === 'broken') {
    return h`<p class="notice" role="alert">Afterview cannot read your calendar ${calendar.calendarId}: ${calendar.reason ?? 'unknown reason'}. Nothing new is picked up until it is fixed; fix it, then restart Afterview.</p>`;
  }
  if (calendar.status === 'retrying') {
    const next = calendar.retryAt
      ? h`; it tries again ${formatInstant(calendar.retryAt, ctx.zone, ctx.now)}`
      : '';
    return h`<p class="notice" role="status">Your calendar ${calendar.calendarId} did not answer the last time (${calendar.reason ?? 'no reason given'})${next}.</p>`;
  }
  return h``;
}

function emptyState(): Html {
  return h`<div class="card"><h2>No interviews yet</h2>
<p>Afterview watches your calendar. When an event looks like a job interview, it shows up here with the follow-ups a good recruiter would suggest.</p></div>`;
}

function applicationCard(view: DashboardApplication, ctx: Ctx): Html {
  const app = view.application;
  const status =
    app.status === 'active'
      ? ''
      : h` <span class="tag">${app.status === 'closed' ? 'closed' : 'heard back'}</span>`;
  return h`<section class="card" aria-labelledby="app-${app.id}">
<h2 id="app-${app.id}">${app.company}${app.role ? h` <span class="muted">· ${app.role}</span>` : ''}${status}</h2>
${view.nextPrompt ? h`<p class="muted">Next: ${PROMPT_NAMES[view.nextPrompt.kind]}, ${formatInstant(view.nextPrompt.at, ctx.zone, ctx.now)}</p>` : ''}
${links(ctx.links.get(app.id))}
${view.interviews.length > 0 ? h`<h3>Interviews</h3><ul class="plain">${view.interviews.map((i) => interviewItem(i, ctx))}</ul>` : ''}
${view.openTasks.length > 0 ? h`<h3>To do</h3><ul class="plain">${view.openTasks.map((t) => taskItem(t, ctx))}</ul>` : ''}
</section>`;
}

function interviewItem(interview: Interview, ctx: Ctx): Html {
  const names = interview.interviewers.map((p) => p.name ?? p.email ?? p.key).join(', ');
  const dismissed = interview.override === 'not-interview' || interview.state === 'dismissed';
  const state = dismissed ? 'not an interview' : interview.state === 'scheduled' ? '' : interview.state;
  return h`<li><strong>${interview.title}</strong>${state ? h` <span class="tag">${state}</span>` : ''}<br>
<span>${formatInstant(interview.start, ctx.zone, ctx.now)}</span>${names ? h`<br><span class="muted">With ${names}</span>` : ''}
${links(ctx.links.get(interview.id))}</li>`;
}

function taskLabel(task: Task): string {
  const who = task.interviewer?.name ?? task.interviewer?.email ?? 'them';
  if (task.kind === 'thank-you') return `Thank ${who}`;
  if (task.kind === 'ask-address') return `Ask for ${who}'s address`;
  return 'Ask how things stand';
}

function taskItem({ task, draft }: DashboardTask, ctx: Ctx): Html {
  return h`<li><strong>${taskLabel(task)}</strong> <span class="muted">· due ${formatInstant(task.dueAt, ctx.zone, ctx.now)}</span>
${draft ? draftBlock(draft, `draft-${task.id}`) : ''}
${links(ctx.links.get(task.id))}</li>`;
}

function links(items: LinkView[] | undefined): Html | string {
  if (!items?.length) return '';
  return h`<p>${items.map((l) => h`<a class="button secondary" href="${safeHref(l.url)}">${l.label}</a>`)}</p>`;
}

function settingsCard(settings: Settings): Html {
  const prep = settings.prepEnabled ? `${settings.prepMinutesBefore} minutes before` : 'off';
  return h`<section class="card"><h2>Settings</h2>
${facts([
  { label: 'Mail to', value: settings.email },
  { label: 'Time zone', value: settings.timeZone },
  { label: 'Status check after', value: `${settings.waitingWindowDays} business days` },
  { label: 'Prep reminder', value: prep },
  { label: 'Prompts', value: settings.paused ? 'paused' : 'on' },
])}
<p><a class="button secondary" href="/settings">Change settings</a></p></section>`;
}

function dataCard(): Html {
  return h`<section class="card"><h2>Your data</h2>
<p>Everything Afterview keeps about you, as one file, or gone for good.</p>
<p><a class="button secondary" href="/export">Download my data</a><a class="button secondary" href="/delete">Delete my data</a></p></section>`;
}
