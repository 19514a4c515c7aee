/**
 * The dashboard, phone first: what needs you now comes first (drafts to
 * send, status checks due), then interviews coming up, applications waiting
 * for news, and the closed ones with their outcomes. Each application shows
 * its timeline at a glance.
 */
import type {
  Dashboard,
  DashboardApplication,
  DashboardCalendar,
  DashboardTask,
  TimelineEntry,
} from '../../core/dashboard.js';
import type { Settings } from '../../core/model.js';
import type { LinkView } from '../../core/ports.js';
import type { DashboardLinks } from '../dashboard-links.js';
import { formatInstant } from '../format.js';
import { type Html, h, safeHref } from '../html.js';
import { facts } from './action-pages.js';

export interface DashboardPageData {
  dashboard: Dashboard;
  now: Date;
  /** Signed action links: `task:<id>`, `app:<id>`, `interview:<id>`. */
  links: DashboardLinks;
  /** Which calendars are read, with the connect button (`web/oauth/connections-page.ts`). */
  calendars?: Html;
}

type Ctx = DashboardPageData & { zone: string };

/** The body of `GET /`. */
export function dashboardPage(data: DashboardPageData): Html {
  const { dashboard } = data;
  const zone = dashboard.settings?.timeZone ?? 'UTC';
  const ctx = { ...data, zone };
  const settings = dashboard.settings;
  const empty = dashboard.applications.length === 0;
  return h`<h1>Your interviews</h1>
${settings && !settings.signAs ? signAsCard(settings) : ''}
${settings?.paused ? pausedNotice(settings, ctx) : ''}
${data.calendars ?? ''}
${dashboard.calendars.map((calendar) => calendarNotice(calendar, ctx))}
${empty ? emptyState() : ''}
<section aria-labelledby="needs-you">
<h2 id="needs-you">Needs you now</h2>
${dashboard.needsYou.length > 0 ? dashboard.needsYou.map((t) => taskCard(t, ctx)) : h`<p class="muted">Nothing right now. Afterview will email you when something is due.</p>`}
</section>
${section('coming-up', 'Coming up', dashboard.comingUp, ctx)}
${section('waiting', 'Waiting', dashboard.waiting, ctx)}
${section('closed', 'Closed', dashboard.closed, ctx)}
${settings ? settingsCard(settings) : ''}
${dataCard()}`;
}

/** First run: how drafts are signed, before any of them is sent. */
function signAsCard(settings: Settings): Html {
  return h`<section class="card notice" aria-labelledby="sign-as">
<h2 id="sign-as">How should your drafts be signed?</h2>
<form method="post" action="/settings/sign-as">
<div class="field"><label for="first-sign-as">Sign my drafts as</label>
<input type="text" id="first-sign-as" name="signAs" maxlength="100" required autocomplete="name" value="${settings.accountName ?? ''}" placeholder="Your name"></div>
<button type="submit">Save name</button>
</form></section>`;
}

function pausedNotice(settings: Settings, ctx: Ctx): Html {
  const until = settings.pausedUntil
    ? h` until ${formatInstant(settings.pausedUntil, ctx.zone, ctx.now)}`
    : '';
  return h`<p class="notice" role="status">Prompts are paused${until}. <a href="/settings">Resume them in settings</a>.</p>`;
}

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
<p>Afterview watches your calendar. When an event looks like a job interview, it shows up here with the follow-ups a good recruiter would suggest.</p>
<p><a class="button" href="/connections">Connect a calendar</a></p></div>`;
}

function taskCard(item: DashboardTask, ctx: Ctx): Html {
  const { task, draft } = item;
  return h`<article class="card task">
<h3>${item.title}</h3>
<p class="subtitle">${item.about} · due ${formatInstant(task.dueAt, ctx.zone, ctx.now)}</p>
${draft ? h`<details><summary>Read the draft${draft.editedAt ? ' (your edit)' : ''}</summary><p class="muted">${draft.toName || draft.to ? h`To: ${draft.toName ?? draft.to} · ` : ''}Subject: ${draft.subject}</p><blockquote id="draft-${task.id}">${draft.body}</blockquote><button type="button" class="secondary" data-copy="draft-${task.id}" hidden>Copy text</button></details>` : ''}
${buttons(ctx.links.get(`task:${task.id}`), true)}
</article>`;
}

function section(id: string, title: string, apps: DashboardApplication[], ctx: Ctx): Html | string {
  if (apps.length === 0) return '';
  return h`<section aria-labelledby="${id}">
<h2 id="${id}">${title}</h2>
${apps.map((app) => applicationCard(app, ctx))}
</section>`;
}

const OUTCOME_WORDS = { offer: 'Offer', rejected: 'Not this time', 'next-round': 'Next round' } as const;

function applicationCard(view: DashboardApplication, ctx: Ctx): Html {
  const app = view.application;
  const outcome = app.outcome
    ? h` <span class="tag ${app.outcome}">${OUTCOME_WORDS[app.outcome]}</span>`
    : '';
  return h`<article class="card app" aria-labelledby="app-${app.id}">
<h3 id="app-${app.id}">${app.company}${app.role ? h` <span class="muted">· ${app.role}</span>` : ''}${outcome}</h3>
${keyLine(view, ctx)}
${timeline(view.timeline, ctx)}
${
  view.snoozed.length > 0
    ? h`<ul class="plain">${view.snoozed.map((t) => h`<li>${t.title}: <span class="muted">snoozed until ${formatInstant(t.task.dueAt, ctx.zone, ctx.now)}</span>${buttons(ctx.links.get(`task:${t.task.id}`))}</li>`)}</ul>`
    : ''
}
${buttons(ctx.links.get(`app:${app.id}`))}
</article>`;
}

/** The one line that says where the application stands. */
function keyLine(view: DashboardApplication, ctx: Ctx): Html {
  const app = view.application;
  const when = (iso: string) => formatInstant(iso, ctx.zone, ctx.now);
  if (view.section === 'coming-up' && view.upcoming) {
    return h`<p><strong>Next interview:</strong> ${view.upcoming.title}, ${when(view.upcoming.start)}</p>`;
  }
  if (view.section === 'closed') {
    return h`<p class="muted">Closed${app.closedAt ? h` on ${when(app.closedAt)}` : ''}.</p>`;
  }
  if (app.status === 'heard-back')
    return h`<p>Heard back: on to the next round. Waiting for the invitation.</p>`;
  if (app.statusCheckAt && !app.statusCheckPromptId) {
    return h`<p><strong>Status check:</strong> ${when(app.statusCheckAt)}${app.timeline ? ' (the timeline they gave)' : ''}</p>`;
  }
  if (app.statusCheckPromptId) return h`<p>Status check sent. Waiting for news.</p>`;
  return h`<p class="muted">No status check planned.</p>`;
}

const SHOWN_ENTRIES = 8;

function timeline(entries: TimelineEntry[], ctx: Ctx): Html | string {
  if (entries.length === 0) return '';
  const shown = entries.slice(-SHOWN_ENTRIES);
  return h`<ol class="timeline" aria-label="Timeline">${shown.map(
    (entry) =>
      h`<li class="${entry.kind}"><time datetime="${entry.at}">${formatInstant(entry.at, ctx.zone, ctx.now)}</time>${entry.label}${
        entry.interviewId ? inlineLinks(ctx.links.get(`interview:${entry.interviewId}`)) : ''
      }</li>`,
  )}</ol>`;
}

/** Small text links inside a timeline entry. */
function inlineLinks(items: LinkView[] | undefined): Html | string {
  if (!items?.length) return '';
  return h`<span class="inline-links">${items.map((l) => h` <a href="${safeHref(l.url)}">${l.label}</a>`)}</span>`;
}

/** Link buttons; with `primaryFirst`, the first is the main thing to do. */
function buttons(items: LinkView[] | undefined, primaryFirst = false): Html | string {
  if (!items?.length) return '';
  return h`<p>${items.map((l, i) => h`<a class="button${primaryFirst && i === 0 ? '' : ' secondary'}" href="${safeHref(l.url)}">${l.label}</a>`)}</p>`;
}

function settingsCard(settings: Settings): Html {
  const prep = settings.prepEnabled ? `${settings.prepMinutesBefore} minutes before` : 'off';
  return h`<section class="card"><h2>Settings</h2>
${facts([
  { label: 'Drafts signed', value: settings.signAs || settings.accountName || 'no name yet' },
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
