/**
 * The person's own pages: dashboard and settings (signed in, or the one user
 * of the single-user runner), and on the local runner the outbox. Each page
 * reads the user from the request (`currentUser`), never from the URL.
 */

import type { Hono } from 'hono';
import { withoutLearned } from '../../core/ask.js';
import { loadDashboard } from '../../core/dashboard.js';
import { ConflictError } from '../../core/errors.js';
import type { Settings } from '../../core/model.js';
import { retryOnConflict } from '../../core/retry.js';
import { saveSettings } from '../../core/settings.js';
import { currentUser } from '../auth/sessions.js';
import { dashboardLinks } from '../dashboard-links.js';
import type { OutboxReader, WebDeps } from '../deps.js';
import { formatInstant } from '../format.js';
import { firstProblem, OutboxFile, readForm, SettingsForm, SignAsForm } from '../forms.js';
import { h } from '../html.js';
import { calendarStrip } from '../oauth/connections-page.js';
import { offeredProviders } from '../oauth/oauth-routes.js';
import { dashboardPage } from '../pages/dashboard-page.js';
import { messageBody } from '../pages/message-pages.js';
import { outboxList, outboxMail } from '../pages/outbox-pages.js';
import {
  type SettingsNotice,
  settingsPage,
  settingsValues,
  submittedValues,
} from '../pages/settings-page.js';
import { page, type WebContext, type WebEnv } from '../respond.js';

/** Adds `/` and `/settings` (behind sign-in), and the local outbox. */
export function addLocalRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/', async (c) => {
    const userId = currentUser(c);
    const dashboard = await loadDashboard(deps.core, userId);
    const links = await dashboardLinks(deps.core, userId, dashboard);
    const calendars = deps.oauth
      ? calendarStrip(
          await deps.core.store.list('connection', userId),
          offeredProviders(deps.oauth),
          c.req.query('connected'),
        )
      : undefined;
    return page(c, 'Dashboard', dashboardPage({ dashboard, now: deps.core.clock.now(), links, calendars }));
  });

  app.get('/settings', async (c) => {
    const settings = await loadSettings(deps.core, currentUser(c));
    if (!settings) return noSettings(c);
    const notice: SettingsNotice | undefined =
      c.req.query('saved') === '1' ? { kind: 'ok', text: 'Settings saved.' } : undefined;
    return page(c, 'Settings', settingsPage(settingsValues(settings), zones(), notice));
  });

  app.post('/settings', async (c) => {
    const userId = currentUser(c);
    const settings = await loadSettings(deps.core, userId);
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
      const fresh = (await loadSettings(deps.core, userId)) ?? settings;
      const text =
        'Your settings changed elsewhere while you were editing. Here they are as saved now: please make your change again.';
      return page(c, 'Settings', settingsPage(settingsValues(fresh), zones(), { kind: 'error', text }), 409);
    }
    return c.redirect('/settings?saved=1', 303);
  });

  // First run: the dashboard asks how drafts are signed.
  app.post('/settings/sign-as', async (c) => {
    const userId = currentUser(c);
    const settings = await loadSettings(deps.core, userId);
    if (!settings) return noSettings(c);
    const form = SignAsForm.safeParse(await readForm(c.req));
    if (!form.success) {
      return page(c, 'Sign as', messageBody('Check your name', firstProblem(form.error)), 400);
    }
    await retryOnConflict(async () => {
      const fresh = (await loadSettings(deps.core, userId)) ?? settings;
      await deps.core.store.put('settings', { ...fresh, signAs: form.data.signAs });
    });
    return c.redirect('/', 303);
  });

  app.post('/settings/learned/remove', async (c) => {
    const settings = await loadSettings(deps.core, currentUser(c));
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
      const fresh = (await loadSettings(deps.core, currentUser(c))) ?? settings;
      const text = 'Your settings changed elsewhere: please try again.';
      return page(c, 'Settings', settingsPage(settingsValues(fresh), zones(), { kind: 'error', text }), 409);
    }
    return c.redirect('/settings?saved=1', 303);
  });
}

/**
 * The local outbox: the mails every user of this machine would receive. It
 * stands in for their mailboxes (sign-in links land here), so it is open on
 * the loopback runner; a deployment has none.
 */
export function addOutboxRoutes(app: Hono<WebEnv>, outbox: OutboxReader, core: WebDeps['core']): void {
  const zone = async (c: WebContext) => {
    const userId = c.get('userId');
    return (userId ? await loadSettings(core, userId) : undefined)?.timeZone ?? 'UTC';
  };
  app.get('/outbox', async (c) => {
    const [entries, tz] = await Promise.all([outbox.list(), zone(c)]);
    return page(c, 'Outbox', outboxList(entries.map((e) => ({ ...e, date: readableDate(e.date, tz) }))));
  });

  app.get('/outbox/:file', async (c) => {
    const mail = await readMail(outbox, c.req.param('file'));
    if (!mail) return mailNotFound(c);
    const tz = await zone(c);
    return page(
      c,
      mail.subject || 'Mail',
      outboxMail({
        file: mail.file,
        subject: mail.subject ?? '',
        to: mail.to ?? '',
        date: mail.date ? readableDate(mail.date, tz) : '',
        hasHtml: mail.html !== undefined,
        ...(mail.text !== undefined ? { text: mail.text, links: ownLinks(mail.text, core.baseUrl) } : {}),
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

async function readMail(outbox: OutboxReader, raw: string) {
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

/** The app's own links in a mail's text (sign-in, actions), in order, once each. */
function ownLinks(text: string, baseUrl: string): string[] {
  const origin = `${baseUrl.replace(/\/$/, '')}/`;
  const found = text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  return [...new Set(found.filter((url) => url.startsWith(origin)))];
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
