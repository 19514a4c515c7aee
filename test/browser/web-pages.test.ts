/**
 * The web app in a real browser: headless Chromium against the app served on
 * 127.0.0.1, over the real store (dynalite), the real link signer and the
 * real action use cases. Screenshots land in test-results/ for a human look.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActions } from '../../functions/core/actions.js';
import { actionUrl } from '../../functions/core/prompts/action-links.js';
import { thankYouView } from '../../functions/core/prompts/views.js';
import { type LaunchedBrowser, launchBrowser, type ServedApp, serveApp } from '../support/browser.js';
import { useDynalite } from '../support/dynalite.js';
import { application, HOSTILE, interview, settings, task, USER } from '../support/web-fixtures.js';
import { mailOne, seed, type WebWorld, webWorld } from '../support/web-world.js';

const db = useDynalite();
const SHOTS = 'test-results';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let chromium: LaunchedBrowser;
let world: WebWorld;
let served: ServedApp;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  chromium = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
});

beforeEach(async () => {
  world = await webWorld(db, (core) => createActions(core));
  served = await serveApp(world.app);
  // Links in pages and mails point at the served app.
  world.core.baseUrl = served.url;
  page = await chromium.browser.newPage({ viewport: DESKTOP });
  cspViolations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});
afterEach(async () => {
  await page.close();
  await served.close();
  await world.cleanup();
});

async function pwned(p: Page): Promise<unknown> {
  // A string expression: tests compile without the DOM library.
  return p.evaluate('window.__pwned');
}

describe('an action link', () => {
  it('shows a page with one button on GET, changes nothing, and acts on the click', async () => {
    await seed(world.store);
    const url = await actionUrl(world.core, 'thank-you-sent', USER, 'task-1');

    await page.goto(url);
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Sent? Thank-you note to Jane Doe');
    expect(await page.locator('.subtitle').textContent()).toBe('Acme · Backend Engineer');
    const button = page.getByRole('button', { name: 'Yes, I sent it' });
    expect(await button.isVisible()).toBe(true);
    expect(await page.locator('button[type=submit]').count()).toBe(1);
    expect((await world.store.get('task', USER, 'task-1'))?.state).toBe('open');

    await button.click();
    await page.waitForURL(url);
    expect(await page.locator('h1').textContent()).toBe('Marked as sent');
    expect((await world.store.get('task', USER, 'task-1'))?.state).toBe('done');

    // The same link again: already used, nothing changes.
    await page.goto(url);
    await page.getByRole('button', { name: 'Yes, I sent it' }).click();
    expect(await page.locator('h1').textContent()).toBe('Already done');
    expect(cspViolations).toEqual([]);
  });

  it('takes "they said two weeks" in one tap', async () => {
    await seed(world.store);
    await page.setViewportSize(PHONE);
    await page.goto(await actionUrl(world.core, 'timeline', USER, 'app-acme'));
    await page.screenshot({ path: `${SHOTS}/action-page-phone.png`, fullPage: true });
    await page.getByRole('button', { name: '2 weeks' }).click();
    expect(await page.locator('h1').textContent()).toBe('Timeline saved');
    expect((await world.store.get('application', USER, 'app-acme'))?.timeline).toEqual({
      kind: 'days',
      days: 10,
    });
  });

  it('saves an edited draft and opens it in the mail app, also without scripts', async () => {
    await seed(world.store);
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    const url = await actionUrl(world.core, 'draft', USER, 'task-1');
    await plain.goto(url);
    const note = plain.getByLabel('Your note');
    expect(await note.inputValue()).toContain('Hi Jane,');
    await note.fill('Hi Jane,\nThanks & see you soon?');
    const [response] = await Promise.all([
      plain.waitForResponse((r) => r.request().method() === 'POST'),
      plain.getByRole('button', { name: 'Open in my mail app' }).click({ noWaitAfter: true }),
    ]);
    expect(response.status()).toBe(303);
    expect(response.headers().location).toMatch(
      /^mailto:jane@acme\.example\?subject=[^&]+&body=Hi%20Jane%2C%0D%0AThanks%20%26%20see%20you%20soon%3F$/,
    );
    expect((await world.store.get('task', USER, 'task-1'))?.draft?.body).toBe(
      'Hi Jane,\nThanks & see you soon?',
    );
    await context.close();
  });

  it('explains a forged link and changes nothing', async () => {
    await seed(world.store);
    const url = await actionUrl(world.core, 'thank-you-sent', USER, 'task-1');
    const forged = `${url.slice(0, -4)}AAAA`;
    const response = await page.goto(forged);
    expect(response?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe("This link isn't valid");
    expect(await page.locator('form').count()).toBe(0);
    expect((await world.store.get('task', USER, 'task-1'))?.state).toBe('open');
  });

  it('shows a hostile event title as text and runs nothing', async () => {
    await seed(world.store, HOSTILE);
    await page.goto(await actionUrl(world.core, 'not-interview', USER, 'int-1'));
    expect(await page.locator('dd').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await pwned(page)).toBeUndefined();
  });
});

describe('the dashboard', () => {
  it('shows hostile calendar text as text, runs only its own script, and looks right on phone and desktop', async () => {
    await seed(world.store, `Onsite ${HOSTILE}`);
    await page.goto(served.url);
    expect(await page.locator('h1').textContent()).toBe('Your interviews');
    expect(await page.getByText(`Onsite ${HOSTILE}`).count()).toBeGreaterThan(0);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await pwned(page)).toBeUndefined();
    // The nonce'd script ran: the copy buttons are shown.
    expect(await page.locator('button[data-copy]').first().getAttribute('hidden')).toBeNull();
    expect(cspViolations).toEqual([]);

    await page.screenshot({ path: `${SHOTS}/dashboard-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/dashboard-phone.png`, fullPage: true });
  });

  it('saves settings through the form', async () => {
    await seed(world.store);
    await page.goto(`${served.url}/settings`);
    await page.getByLabel('Time zone').fill('America/New_York');
    await page.getByLabel('Ask about status after (business days)').fill('8');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Settings saved.');
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SHOTS}/settings-phone.png`, fullPage: true });
    expect((await world.store.get('settings', USER, USER))?.waitingWindowDays).toBe(8);
  });
});

describe('a prompt mail', () => {
  it('shows hostile calendar text as text, runs nothing, and reads well on phone and desktop', async () => {
    const bo = { key: 'bo', name: `Bo ${HOSTILE}`, email: 'bo@acme.example', fromDescription: false };
    const hostileInterview = interview({
      title: `Onsite ${HOSTILE}`,
      interviewers: [interview().interviewers[0]!, bo],
    });
    const view = await thankYouView(
      world.core,
      settings(),
      [hostileInterview],
      application({ company: `Acme ${HOSTILE}` }),
      [task(), task({ id: 'task-2', interviewer: bo })],
    );
    const mail = world.core.renderer.render(view);
    await page.setContent(mail.html);
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('body').textContent()).toContain(`Bo ${HOSTILE}`);
    expect(await page.getByRole('link', { name: 'Open in my mail app' }).count()).toBe(2);

    await page.screenshot({ path: `${SHOTS}/prompt-mail-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/prompt-mail-phone.png`, fullPage: true });
  });

  it('opens from the outbox in a sandboxed frame where nothing runs', async () => {
    await world.store.put('settings', settings());
    await mailOne(world, `Thank ${HOSTILE}`);
    await page.goto(`${served.url}/outbox`);
    await page.getByRole('link', { name: `Thank ${HOSTILE}` }).click();
    expect(await page.locator('h1').textContent()).toBe(`Thank ${HOSTILE}`);
    const frame = page.frameLocator('iframe.mail');
    expect(await frame.locator('h1').textContent()).toBe(`Thank ${HOSTILE}`);
    expect(await frame.locator('img, script').count()).toBe(0);
    expect(await pwned(page)).toBeUndefined();
    expect(cspViolations).toEqual([]);
  });
});
