/**
 * Pages that exist only when Afterview runs on one machine for one user:
 * dashboard, settings, outbox, export and delete. In the cloud (no `local`),
 * `/` explains that sign-in is coming and the rest are not found.
 */

import type { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { withoutLearned } from '../../core/ask.js';
import { type Dashboard, loadDashboard } from '../../core/dashboard.js';
import { ConflictError } from '../../core/errors.js';
import type { Settings } from '../../core/model.js';
import type { LinkView } from '../../core/ports.js';
import { type ActionPurpose, actionUrl } from '../../core/prompts/action-links.js';
import { saveSettings } from '../../core/settings.js';
import type { LocalDeps, WebDeps } from '../deps.js';
import { formatInstant } from '../format.js';
import { DeleteForm, firstProblem, OutboxFile, readForm, SettingsForm } from '../forms.js';
import { h } from '../html.js';
import { calendarStrip } from '../oauth/connections-page.js';
import { offeredProviders } from '../oauth/oauth-routes.js';
import { dashboardPage } from '../pages/dashboard-page.js';
import { cloudHome, deleted, deleteForm } from '../pages/data-pages.js';
import { messageBody } from '../pages/message-pages.js';
import { outboxList, outboxMail } from '../pages/outbox-pages.js';
import {
  type SettingsNotice,
  settingsPage,
  settingsValues,
  submittedValues,
} from '../pages/settings-page.js';
import { page, type WebContext, type WebEnv } from '../respond.js';

/** Adds `/`, and for local use `/settings`, `/outbox*`, `/export`, `/delete`. */
export function addLocalRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const local = deps.local;
  if (!local) {
    app.get('/', (c) => page(c, 'Afterview', cloudHome()));
    return;
  }
  app.use('*', async (c, next) => {
    c.set('localNav', true);
    await next();
  });
  // These forms change local data without a token: only our own pages may post.
  app.use('/settings', csrf());
  app.use('/delete', csrf());

  app.get('/', async (c) => {
    const dashboard = await loadDashboard(deps.core, local.userId);
    const links = await dashboardLinks(deps.core, local.userId, dashboard);
    const calendars = deps.oauth
      ? calendarStrip(
          await deps.core.store.list('connection', local.userId),
          offeredProviders(deps.oauth),
          c.req.query('connected'),
        )
      : undefined;
    return page(c, 'Dashboard', dashboardPage({ dashboard, now: deps.core.clock.now(), links, calendars }));
  });

  app.get('/settings', async (c) => {
    const settings = await loadSettings(deps.core, local.userId);
    if (!settings) return noSettings(c);
    const notice: SettingsNotice | undefined =
      c.req.query('saved') === '1' ? { kind: 'ok', text: 'Settings saved.' } : undefined;
    return page(c, 'Settings', settingsPage(settingsValues(settings), zones(), notice));
  });

  app.post('/settings', async (c) => {
    const settings = await loadSettings(deps.core, local.userId);
    if (!settings) return noSettings(c);
    const submitted = await readForm(c.req);
    const form = SettingsForm.safeParse(submitted);
    if (!form.success) {
      const body = settingsPage(submittedValues(submitted), zones(), {
        kind: 'error',
        text: firstProblem(form.error),
      });
      return page(c, 'Settings', body, 400);
    }
    const { always, never, ...rest } = form.data;
    try {
      await saveSettings(deps.core, settings, {
        ...rest,
        rules: { always, never, learned: settings.rules.learned },
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const fresh = (await loadSettings(deps.core, local.userId)) ?? settings;
      const text =
        'Your settings changed elsewhere while you were editing. Here they are as saved now: please make your change again.';
      return page(c, 'Settings', settingsPage(settingsValues(fresh), zones(), { kind: 'error', text }), 409);
    }
    return c.redirect('/settings?saved=1', 303);
  });

  app.post('/settings/learned/remove', async (c) => {
    const settings = await loadSettings(deps.core, local.userId);
    if (!settings) return noSettings(c);
    const form = await readForm(c.req);
    const index = Number(form.index);
    const count = settings.rules.learned?.length ?? 0;
    if (
      !Number.isInteger(index) ||
      index < 0 ||
      index >= count ||
      form.version !== String(settings.version)
    ) {
      const text = 'That rule is no longer there: here are your settings as saved now.';
      return page(
        c,
        'Settings',
        settingsPage(settingsValues(settings), zones(), { kind: 'error', text }),
        409,
      );
    }
    try {
      await saveSettings(deps.core, settings, { rules: withoutLearned(settings, index) });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const fresh = (await loadSettings(deps.core, local.userId)) ?? settings;
      const text = 'Your settings changed elsewhere: please try again.';
      return page(c, 'Settings', settingsPage(settingsValues(fresh), zones(), { kind: 'error', text }), 409);
    }
    return c.redirect('/settings?saved=1', 303);
  });

  addOutboxRoutes(app, local, deps.core);
  addDataRoutes(app, local);
}

function addOutboxRoutes(app: Hono<WebEnv>, local: LocalDeps, core: WebDeps['core']): void {
  const outbox = local.outbox;
  if (!outbox) return;
  const zone = async () => (await loadSettings(core, local.userId))?.timeZone ?? 'UTC';
  app.get('/outbox', async (c) => {
    const [entries, tz] = await Promise.all([outbox.list(), zone()]);
    return page(c, 'Outbox', outboxList(entries.map((e) => ({ ...e, date: readableDate(e.date, tz) }))));
  });

  app.get('/outbox/:file', async (c) => {
    const mail = await readMail(outbox, c.req.param('file'));
    if (!mail) return mailNotFound(c);
    const tz = await zone();
    return page(
      c,
      mail.subject || 'Mail',
      outboxMail({
        file: mail.file,
        subject: mail.subject ?? '',
        to: mail.to ?? '',
        date: mail.date ? readableDate(mail.date, tz) : '',
        hasHtml: mail.html !== undefined,
        ...(mail.text !== undefined ? { text: mail.text } : {}),
      }),
    );
  });

  // The mail's own HTML, only ever shown inside the sandboxed frame: its CSP
  // sandboxes it even when opened directly, and it may be framed by us only.
  app.get('/outbox/:file/html', async (c) => {
    const mail = await readMail(outbox, c.req.param('file'));
    if (!mail?.html) return mailNotFound(c);
    c.header(
      'Content-Security-Policy',
      "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
    );
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('Cache-Control', 'no-store');
    return c.html(mail.html);
  });

  app.get('/outbox/:file/raw', async (c) => {
    const mail = await readMail(outbox, c.req.param('file'));
    if (!mail) return mailNotFound(c);
    c.header('Content-Type', 'text/plain; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${mail.file}"`);
    c.header('Content-Security-Policy', "sandbox; default-src 'none'");
    return c.body(mail.raw);
  });
}

function addDataRoutes(app: Hono<WebEnv>, local: LocalDeps): void {
  const { exportData, deleteData } = local;
  if (exportData) {
    app.get('/export', async (c) => {
      const data = await exportData();
      c.header('Content-Type', 'application/json; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="afterview-export.json"');
      c.header('Cache-Control', 'no-store');
      return c.body(JSON.stringify(data, null, 2));
    });
  }
  if (deleteData) {
    app.get('/delete', (c) => page(c, 'Delete my data', deleteForm()));
    app.post('/delete', async (c) => {
      const form = DeleteForm.safeParse(await readForm(c.req));
      if (!form.success) return page(c, 'Delete my data', deleteForm(firstProblem(form.error)), 400);
      await deleteData();
      return page(c, 'Data deleted', deleted());
    });
  }
}

async function loadSettings(core: WebDeps['core'], userId: string): Promise<Settings | undefined> {
  return (await core.store.list('settings', userId))[0];
}

function noSettings(c: WebContext): Response {
  const body = messageBody(
    'No settings yet',
    'Settings appear once Afterview has started for you. Start it, then come back.',
  );
  return page(c, 'Settings', body, 404);
}

async function readMail(outbox: NonNullable<LocalDeps['outbox']>, raw: string) {
  const file = OutboxFile.safeParse(raw);
  if (!file.success) return undefined;
  try {
    return { file: file.data, ...(await outbox.read(file.data)) };
  } catch {
    // Unknown or unreadable file: the same answer as "not there".
    return undefined;
  }
}

function mailNotFound(c: WebContext): Response {
  return page(c, 'Not found', h`<h1>No such mail</h1><p><a href="/outbox">Back to the outbox</a></p>`, 404);
}

/** Outbox dates as people read them; anything unparsable is shown as it is. */
function readableDate(date: string, zone: string): string {
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : formatInstant(new Date(ms).toISOString(), zone);
}

/** Every IANA zone the runtime knows, for the settings form's suggestions. */
function zones(): readonly string[] {
  return Intl.supportedValuesOf('timeZone');
}

/** Signed links for the dashboard's buttons: they open the same one-button pages as mails. */
async function dashboardLinks(
  core: WebDeps['core'],
  userId: string,
  dashboard: Dashboard,
): Promise<Map<string, LinkView[]>> {
  const links = new Map<string, LinkView[]>();
  const add = async (id: string, label: string, purpose: ActionPurpose) => {
    const url = await actionUrl(core, purpose, userId, id);
    links.set(id, [...(links.get(id) ?? []), { label, url }]);
  };
  for (const view of dashboard.applications) {
    if (view.application.status === 'active') {
      await add(view.application.id, 'I heard back', 'heard-back');
      await add(view.application.id, 'They gave a timeline', 'timeline');
    }
    for (const interview of view.interviews) {
      if (interview.state === 'scheduled' && interview.override !== 'not-interview') {
        await add(interview.id, 'Add notes', 'notes');
        await add(interview.id, 'Not an interview', 'not-interview');
      }
    }
    for (const { task } of view.openTasks) {
      if (task.kind === 'thank-you') await add(task.id, 'I sent it', 'thank-you-sent');
      await add(task.id, 'Remind me tomorrow', 'snooze');
    }
  }
  return links;
}
