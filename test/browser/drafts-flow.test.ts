/**
 * The drafts flow in a real browser (headless Chromium) against the web app
 * over the real store, link signer, actions and outbox: set "Sign as", open a
 * thank-you prompt's edit page from the mail, edit, open it in the mail app
 * (the `mailto:` carries the edit, and the edit is saved), mark it sent;
 * private notes never reach a draft; a rejection leaves a stay-in-touch task
 * on the dashboard. Screenshots land in test-results/.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox, OutboxMailer, readOutboxMail } from '../../functions/adapters/mail/outbox.js';
import { createActions } from '../../functions/core/actions.js';
import { handleFollowup } from '../../functions/core/followup.js';
import { type LaunchedBrowser, launchBrowser, type ServedApp, serveApp } from '../support/browser.js';
import { useDynalite } from '../support/dynalite.js';
import { application, interview, NOW, settings, USER } from '../support/web-fixtures.js';
import { type WebWorld, webWorld } from '../support/web-world.js';

const db = useDynalite();
const SHOTS = 'test-results';
const PHONE = { width: 360, height: 780 };

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
  world.core.baseUrl = served.url;
  page = await chromium.browser.newPage({ viewport: PHONE });
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

const JANE = {
  key: 'jane@acme.example',
  name: 'Jane Doe',
  email: 'jane@acme.example',
  fromDescription: false,
};
const RAVI = {
  key: 'ravi@acme.example',
  name: 'Ravi Patel',
  email: 'ravi@acme.example',
  fromDescription: false,
};

/**
 * An onsite with Jane and Ravi that ended an hour ago, on a calendar whose
 * owner is "you@example.com": the thank-you prompt goes to the outbox as
 * the followup function sends it. Returns the mail's text part.
 */
async function thankYouMail(): Promise<string> {
  await world.store.put('settings', settings({ email: 'you@example.com' }));
  await world.store.put('connection', {
    userId: USER,
    id: 'conn-1',
    version: 0,
    provider: 'demo',
    calendarId: 'demo',
    status: 'active',
  });
  await world.store.put('application', application({ contact: { email: 'talent@acme.example' } }));
  const ended = await world.store.put(
    'interview',
    interview({
      title: 'Acme onsite: system design',
      start: '2026-03-02T08:00:00Z',
      end: '2026-03-02T09:00:00Z',
      interviewers: [JANE, RAVI],
    }),
  );
  const mailer = new OutboxMailer({
    dataDir: world.dataDir,
    from: 'Afterview <prompts@localhost.test>',
    clock: { now: () => NOW },
  });
  const outcome = await handleFollowup(
    { ...world.core, mailer },
    { kind: 'interview-ended', userId: USER, interviewId: ended.id, version: ended.version },
  );
  expect(outcome).toBe('sent');
  const [entry] = await listOutbox(world.dataDir);
  return (await readOutboxMail(world.dataDir, entry!.file)).text ?? '';
}

/** The link after "<label>: " in a mail's text part (the first one after `after`). */
function linkAfter(text: string, label: string, after = ''): string {
  const from = after ? text.indexOf(after) : 0;
  const match = new RegExp(`${label}: (\\S+)`).exec(text.slice(from));
  if (!match?.[1]) throw new Error(`no "${label}" link in the mail`);
  return match[1];
}

describe('the drafts flow', () => {
  it('signs as the chosen name, saves the edit and opens it in the mail app, then marks it sent', async () => {
    const mail = await thankYouMail();
    expect(mail).not.toMatch(/\nYou\n/);

    // First run: the dashboard asks how drafts are signed.
    await page.goto(served.url);
    await page.getByLabel('Sign my drafts as').fill('Sam Rivera');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.waitForURL(`${served.url}/`);
    expect(await page.getByText('How should your drafts be signed?').count()).toBe(0);
    expect((await world.store.get('settings', USER, USER))?.signAs).toBe('Sam Rivera');

    // The edit page, from the mail.
    await page.goto(linkAfter(mail, 'Edit and send', 'Draft to Jane Doe'));
    expect(await page.locator('h1').textContent()).toBe('Thank-you note to Jane Doe');
    expect(await page.locator('.subtitle').textContent()).toBe('Acme · Backend Engineer');
    expect(await page.getByRole('link', { name: 'Dashboard' }).getAttribute('href')).toBe('/');
    const note = page.getByLabel('Your note');
    const original = await note.inputValue();
    expect(original.startsWith('Hi Jane,\n')).toBe(true);
    expect(original.endsWith('\nSam Rivera')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/draft-edit-phone.png`, fullPage: true });

    const edited = 'Hi Jane,\n\nThank you for the design session & the tour!\n\nBest,\nSam';
    await note.fill(edited);
    expect(await page.getByRole('button', { name: 'Open in my mail app' }).count()).toBe(1);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Open in my mail app' }).click({ noWaitAfter: true }),
    ]);
    expect(response.status()).toBe(303);
    const location = response.headers().location ?? '';
    expect(location.startsWith('mailto:jane@acme.example?subject=')).toBe(true);
    const body = new URL(location).searchParams.get('body');
    expect(body).toBe(edited.replace(/\n/g, '\r\n'));

    // The edit is saved as that task's draft: the page (and the dashboard) show it.
    await page.goto(linkAfter(mail, 'Edit and send', 'Draft to Jane Doe'));
    expect(await page.getByLabel('Your note').inputValue()).toBe(edited);
    await page.goto(served.url);
    expect(await page.locator('#draft-thank-you\\#int-1\\#jane\\@acme\\.example').textContent()).toBe(edited);

    // Sent: from the edit page.
    await page.goto(linkAfter(mail, 'Edit and send', 'Draft to Jane Doe'));
    await page.getByRole('link', { name: 'I sent it' }).click();
    await page.getByRole('button', { name: 'Yes, I sent it' }).click();
    expect(await page.locator('h1').textContent()).toBe('Marked as sent');
    const task = await world.store.get('task', USER, 'thank-you#int-1#jane@acme.example');
    expect(task?.state).toBe('done');
    expect(cspViolations).toEqual([]);
  });

  it('never puts private notes into a draft', async () => {
    const mail = await thankYouMail();
    await page.goto(linkAfter(mail, 'Record notes and the timeline they gave'));
    await page.getByLabel('What you discussed with Jane Doe').fill('The move from Airflow to Dagster');
    await page.getByLabel('Private notes (never put in any email)').fill('Ask about the on-call rota');
    await page.getByRole('radio', { name: 'In 2 weeks' }).check();
    await page.screenshot({ path: `${SHOTS}/notes-phone.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save notes' }).click();
    expect(await page.locator('h1').textContent()).toBe('Notes saved');

    await page.goto(linkAfter(mail, 'Edit and send', 'Draft to Jane Doe'));
    const jane = await page.getByLabel('Your note').inputValue();
    expect(jane).toContain('the move from Airflow to Dagster');
    await page.goto(linkAfter(mail, 'Edit and send', 'Draft to Ravi Patel'));
    const ravi = await page.getByLabel('Your note').inputValue();
    for (const text of [jane, ravi]) expect(text).not.toMatch(/on-call|rota/);
    await page.goto(served.url);
    expect(await page.locator('main').textContent()).not.toMatch(/on-call|rota/);
    expect((await world.store.get('application', USER, 'app-acme'))?.timeline).toEqual({
      kind: 'days',
      days: 10,
    });
  });

  it('after "rejected", keeps a stay-in-touch task with its draft on the dashboard, and shows the outcome', async () => {
    const mail = await thankYouMail();
    await page.goto(linkAfter(mail, 'I heard back'));
    expect(await page.locator('h1').textContent()).toBe('What did you hear?');
    await page.getByRole('radio', { name: 'Not this time' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('h1').textContent()).toBe('Sorry to hear that');
    expect(await page.locator('blockquote').textContent()).toMatch(/^Hello Acme team,\n/);
    expect(await page.getByRole('link', { name: 'I sent it' }).count()).toBe(1);

    // Close the tab: the task and its draft are on the dashboard.
    await page.goto(served.url);
    const card = page.locator('article.task', { hasText: 'Stay-in-touch note to Acme' });
    expect(await card.count()).toBe(1);
    await card.getByText('Read the draft').click();
    expect(await card.locator('blockquote').textContent()).toMatch(/stay in touch/);
    const closed = page.locator('section[aria-labelledby="closed"]');
    expect(await closed.getByText('Not this time', { exact: true }).count()).toBe(1);
    expect(await closed.getByText('Heard back: not this time').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/dashboard-after-rejection-phone.png`, fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    await card.getByRole('link', { name: 'I sent it' }).click();
    await page.getByRole('button', { name: 'Yes, I sent it' }).click();
    expect((await world.store.get('task', USER, 'stay-in-touch#app-acme'))?.state).toBe('done');
    expect(cspViolations).toEqual([]);
  });

  it('takes "they said…" in one tap', async () => {
    const mail = await thankYouMail();
    await page.goto(linkAfter(mail, 'They said when…'));
    expect(await page.locator('h1').textContent()).toBe('When did they say you would hear back?');
    await page.getByRole('button', { name: '1 week' }).click();
    expect(await page.locator('h1').textContent()).toBe('Timeline saved');
    expect((await world.store.get('application', USER, 'app-acme'))?.timeline).toEqual({
      kind: 'days',
      days: 5,
    });
  });
});
