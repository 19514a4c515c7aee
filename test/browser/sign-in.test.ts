/**
 * The deployment's pages in a real browser: headless Chromium against the
 * local runner started as `afterview start --sign-in --allow ...` starts it
 * (same `startLocal` options, with a clock the test moves), over dynalite,
 * the outbox and the demo calendar of the first user. Every page visited is
 * checked by axe-core and for overflow at 360 px; screenshots of the main
 * pages at phone and desktop width land in test-results/screenshots/.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../functions/core/users/allow-list.js';
import { type LocalRuntime, startLocal } from '../../functions/local/runtime.js';
import { type LaunchedBrowser, launchBrowser } from '../support/browser.js';

const SHOTS = 'test-results/screenshots';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const ANA = 'ana@example.com';
const BO = 'bo@team.test';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Whole flows in a real browser, on a machine whose cores other suites share. */
const FLOW = { timeout: 90_000 };

let now = new Date('2026-11-25T14:00:00Z');
const clock = { now: () => now };
let dir: string;
let rt: LocalRuntime;
let chromium: LaunchedBrowser;
/** Every page audited, for the final summary check. */
const audited = new Set<string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'afterview-sign-in-'));
  await mkdir(SHOTS, { recursive: true });
  rt = await startLocal({
    dataDir: dir,
    port: 0,
    email: ANA,
    timeZone: 'Europe/Berlin',
    pollSeconds: 3600,
    clock,
    background: false,
    signIn: { allowList: parseAllowList(`${ANA},@team.test`) },
  });
  // Ana's demo calendar: interviews found, prompts mailed.
  await rt.pollNow();
  while ((await rt.scheduler.runDue()) > 0) {}
  chromium = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await rt?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Visitor {
  context: BrowserContext;
  page: Page;
  csp: string[];
}

async function visitor(): Promise<Visitor> {
  const context = await chromium.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const csp: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) csp.push(message.text());
  });
  return { context, page, csp };
}

/**
 * axe-core on the page as it is now, and no sideways scrolling at 360 px.
 * axe is injected into a twin page that ignores the CSP (our CSP rightly
 * refuses injected scripts), carrying the same cookies.
 */
async function audit(v: Visitor, name: string): Promise<void> {
  const url = v.page.url();
  const twinContext = await chromium.browser.newContext({ bypassCSP: true, viewport: PHONE });
  try {
    await twinContext.addCookies(await v.context.cookies());
    const twin = await twinContext.newPage();
    await twin.goto(url);
    await twin.addScriptTag({ path: AXE });
    const result = (await twin.evaluate(
      "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))",
    )) as string[];
    expect(result, `${name} (${url})`).toEqual([]);
    const overflow = await twin.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, `${name} at 360 px`).toBeLessThanOrEqual(0);
    audited.add(name);
  } finally {
    await twinContext.close();
  }
}

async function shoot(v: Visitor, name: string): Promise<void> {
  await v.page.setViewportSize(DESKTOP);
  await v.page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  await v.page.setViewportSize(PHONE);
  await v.page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
  await v.page.setViewportSize(DESKTOP);
}

async function outboxFiles(): Promise<string[]> {
  return (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'));
}

/** Asks for a link on the sign-in page; returns the link as the outbox shows it. */
async function askForLink(v: Visitor, email: string): Promise<string> {
  await v.page.goto(`${rt.url}/sign-in`);
  await v.page.getByLabel('Your email address').fill(email);
  await v.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  expect(await v.page.locator('h1').textContent()).toBe('Check your email');
  await v.page.goto(`${rt.url}/outbox`);
  await v.page
    .getByRole('row')
    .filter({ hasText: email })
    .getByRole('link', { name: 'Your Afterview sign-in link' })
    .first()
    .click();
  return (await v.page.getByRole('link', { name: /\/s\// }).getAttribute('href')) ?? '';
}

async function signIn(v: Visitor, email: string): Promise<void> {
  const link = await askForLink(v, email);
  await v.page.goto(link);
  await v.page.getByRole('button', { name: 'Sign in' }).click();
  await v.page.waitForURL(`${rt.url}/`);
}

describe('signing in with a link', FLOW, () => {
  it('asks for a link, opens it from the outbox, presses the button and lands signed in', async () => {
    const v = await visitor();
    await v.page.goto(rt.url);
    expect(v.page.url()).toBe(`${rt.url}/sign-in`);
    await audit(v, 'sign-in');
    await shoot(v, 'sign-in');

    await v.page.getByLabel('Your email address').fill(ANA);
    await v.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    expect(await v.page.locator('h1').textContent()).toBe('Check your email');
    await audit(v, 'check-email');

    await v.page.goto(`${rt.url}/outbox`);
    await audit(v, 'outbox');
    await v.page.getByRole('link', { name: 'Your Afterview sign-in link' }).first().click();
    await audit(v, 'outbox-mail');
    const link = (await v.page.getByRole('link', { name: /\/s\// }).getAttribute('href')) ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\//);

    // Opening the link (as a mail scanner would) signs no one in.
    await v.page.goto(link);
    await v.page.reload();
    expect(await v.page.locator('h1').textContent()).toBe(`Sign in as ${ANA}`);
    expect(await v.page.locator('button[type=submit]').count()).toBe(1);
    expect(await v.context.cookies()).toEqual([]);
    await audit(v, 'sign-in-link');

    await v.page.getByRole('button', { name: 'Sign in' }).click();
    await v.page.waitForURL(`${rt.url}/`);
    const [cookie] = await v.context.cookies();
    expect(cookie).toMatchObject({ name: 'afterview', httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await v.page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    // Ana's demo calendar is there.
    expect(await v.page.locator('main').textContent()).toMatch(/Thank/);
    expect(v.csp).toEqual([]);
    await v.context.close();
  });
});

describe('each signed-in page', FLOW, () => {
  let ana: Visitor;
  beforeAll(async () => {
    ana = await visitor();
    await signIn(ana, ANA);
  });
  afterAll(async () => {
    await ana?.context.close();
  });

  it.each([
    ['/', 'dashboard'],
    ['/connections', 'connections'],
    ['/settings', 'settings'],
    ['/export', 'export'],
    ['/delete', 'delete'],
  ] as const)(
    '%s passes axe, fits 360 px, runs only its own script, and is photographed',
    async (path, name) => {
      await ana.page.goto(`${rt.url}${path}`);
      expect(ana.page.url()).toBe(`${rt.url}${path}`);
      await audit(ana, name);
      await shoot(ana, name);
      expect(ana.csp).toEqual([]);
    },
  );

  it('gives an address not on the list the same answer and no mail', async () => {
    const v = await visitor();
    const before = await outboxFiles();
    await v.page.goto(`${rt.url}/sign-in`);
    await v.page.getByLabel('Your email address').fill('eve@evil.test');
    await v.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const answer = (await v.page.locator('main').textContent()) ?? '';
    expect(await v.page.locator('h1').textContent()).toBe('Check your email');
    await v.page.goto(`${rt.url}/sign-in`);
    await v.page.getByLabel('Your email address').fill('carl@team.test');
    await v.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const listed = (await v.page.locator('main').textContent()) ?? '';
    expect(answer.replace('eve@evil.test', 'X')).toBe(listed.replace('carl@team.test', 'X'));
    const after = await outboxFiles();
    expect(after.length).toBe(before.length + 1);
    await v.page.goto(`${rt.url}/outbox`);
    expect(await v.page.getByRole('cell', { name: 'eve@evil.test' }).count()).toBe(0);
    await v.context.close();
  });
});

describe('two people on one deployment', FLOW, () => {
  it('a second person reaches none of the first person’s pages or data, by any URL', async () => {
    const ana = await visitor();
    await signIn(ana, ANA);
    const anaDashboard = (await ana.page.locator('main').textContent()) ?? '';
    const companies = [...anaDashboard.matchAll(/Thank ([A-Z][\w]+)/g)].map((m) => m[1] as string);
    await ana.page.goto(`${rt.url}/connections`);
    const actionLinks = await ana.page.evaluate<string[]>(
      '[...document.querySelectorAll(\'form[action$="/disconnect"], form[action$="/reconnect"]\')].map((f) => f.getAttribute(\'action\'))',
    );
    expect(actionLinks.length).toBeGreaterThan(0);

    const bo = await visitor();
    await signIn(bo, BO);
    expect(await bo.page.locator('main').textContent()).not.toContain('Thank');
    await audit(bo, 'dashboard-empty');
    // Bo's own calendar: a feed on this machine's network is refused for
    // anyone but the operator, and the page says why in words.
    await bo.page.getByRole('link', { name: 'Connect a calendar' }).click();
    await bo.page.getByLabel('Calendar address').fill('http://127.0.0.1:9/feed.ics');
    await bo.page.getByRole('button', { name: 'Connect' }).click();
    expect(await bo.page.getByRole('status').textContent()).toContain('Connected.');
    await rt.queue.idle();
    await bo.page.reload();
    expect(await bo.page.locator('main').textContent()).toContain('is not a public address');
    expect(await bo.page.getByRole('button', { name: 'Reconnect' }).count()).toBe(1);
    await audit(bo, 'connections-error');
    const pages = [
      '/',
      '/settings',
      '/connections',
      '/export',
      '/export?download',
      '/export/applications.csv',
    ];
    for (const path of pages) {
      const res = await bo.page.request.get(`${rt.url}${path}`);
      const body = await res.text();
      expect(body, path).not.toContain(ANA);
      expect(body, path).not.toContain('demo');
      for (const company of companies) expect(body, `${path} shows ${company}`).not.toContain(company);
    }
    // Ana's connection ids in Bo's forms: "not connected", and Ana's calendar keeps working.
    await bo.page.goto(`${rt.url}/connections`);
    const csrf = (await bo.page.locator('input[name=_csrf]').first().getAttribute('value')) ?? '';
    for (const action of actionLinks) {
      const res = await bo.page.request.post(`${rt.url}${action}`, {
        form: { _csrf: csrf },
        headers: { origin: rt.url },
      });
      expect(res.status(), action).toBe(404);
    }
    // Ana's own session token is worth nothing in Bo's browser.
    const anaCsrf = await ana.page.locator('input[name=_csrf]').first().getAttribute('value');
    const forged = await bo.page.request.post(`${rt.url}/delete`, {
      form: { confirm: 'DELETE', _csrf: anaCsrf ?? '' },
      headers: { origin: rt.url },
    });
    expect(forged.status()).toBe(403);
    await ana.page.goto(`${rt.url}/connections`);
    expect(await ana.page.getByText('Watching').count()).toBeGreaterThan(0);
    await ana.page.goto(rt.url);
    expect(await ana.page.locator('main').textContent()).toBe(anaDashboard);
    await ana.context.close();
    await bo.context.close();
  });
});

describe('a session', FLOW, () => {
  it('ends server-side at sign-out: the same cookie opens nothing afterwards', async () => {
    const v = await visitor();
    await signIn(v, ANA);
    const cookies = await v.context.cookies();
    await v.page.getByRole('button', { name: 'Sign out' }).click();
    expect(await v.page.locator('h1').textContent()).toBe('You are signed out');
    await audit(v, 'signed-out');
    await v.page.goto(rt.url);
    expect(v.page.url()).toBe(`${rt.url}/sign-in`);

    // A copy of the old cookie (stolen before sign-out) is refused too.
    const thief = await visitor();
    await thief.context.addCookies(cookies);
    await thief.page.goto(rt.url);
    expect(thief.page.url()).toBe(`${rt.url}/sign-in`);
    await v.context.close();
    await thief.context.close();
  });
});

describe('a link used twice, or too late', FLOW, () => {
  it('signs in once; the second press explains and signs no one in', async () => {
    const first = await visitor();
    const link = await askForLink(first, 'dee@team.test');
    await first.page.goto(link);
    await first.page.getByRole('button', { name: 'Sign in' }).click();
    await first.page.waitForURL(`${rt.url}/`);

    const second = await visitor();
    await second.page.goto(link);
    await second.page.getByRole('button', { name: 'Sign in' }).click();
    expect(await second.page.locator('h1').textContent()).toBe('This sign-in link was used already');
    expect(await second.context.cookies()).toEqual([]);
    await audit(second, 'link-used');
    await first.context.close();
    await second.context.close();
  });

  it('expires after 15 minutes', async () => {
    const v = await visitor();
    const link = await askForLink(v, 'flo@team.test');
    now = new Date(now.getTime() + 16 * 60 * 1000);
    const res = await v.page.goto(link);
    expect(res?.status()).toBe(410);
    expect(await v.page.locator('h1').textContent()).toBe('This sign-in link has expired');
    await v.page.getByRole('link', { name: 'Get a new sign-in link' }).click();
    expect(v.page.url()).toBe(`${rt.url}/sign-in`);
    await v.context.close();
  });
});

describe('a prompt mail', FLOW, () => {
  it('its dashboard link opens a one-button page that signs its reader in', async () => {
    const v = await visitor();
    await v.page.goto(`${rt.url}/outbox`);
    await v.page.getByRole('link', { name: /thank/i }).first().click();
    const open = v.page.getByRole('link', { name: /\/s\// });
    const link = (await open.first().getAttribute('href')) ?? '';
    await v.page.goto(link);
    expect(await v.page.locator('h1').textContent()).toBe(`Sign in as ${ANA}`);
    await v.page.getByRole('button', { name: 'Sign in' }).click();
    await v.page.waitForURL(`${rt.url}/`);
    expect(await v.page.locator('main').textContent()).toMatch(/Thank/);
    await v.context.close();
  });
});

describe('accessibility', FLOW, () => {
  it('the audit catches what it exists to catch', async () => {
    const context = await chromium.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent('<html><body><img src="data:,"><input type="text"></body></html>');
    await page.addScriptTag({ path: AXE });
    const ids = (await page.evaluate(
      'axe.run(document).then((r) => r.violations.map((v) => v.id))',
    )) as string[];
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label']));
    await context.close();
  });

  it('axe-core found no violation on any page visited', () => {
    for (const name of [
      'sign-in',
      'check-email',
      'sign-in-link',
      'dashboard',
      'connections',
      'settings',
      'export',
      'delete',
      'outbox',
      'outbox-mail',
      'signed-out',
      'link-used',
      'dashboard-empty',
      'connections-error',
    ]) {
      expect(audited.has(name), name).toBe(true);
    }
  });
});
