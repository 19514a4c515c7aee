import { beforeEach, describe, expect, it } from 'vitest';
import { LinkRejectedError, NotFoundError, ValidationError } from '../../functions/core/errors.js';
import { createWebApp } from '../../functions/web/app.js';
import { coreDeps, FakeActions, HOSTILE, recordingLog, untouchableStore } from '../support/web-fixtures.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJwIjoicGF1c2UifQ.c2lnbmF0dXJl';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let actions: FakeActions;
let log: ReturnType<typeof recordingLog>;
let app: ReturnType<typeof createWebApp>;

beforeEach(() => {
  actions = new FakeActions();
  log = recordingLog();
  app = createWebApp({ core: coreDeps(untouchableStore, { log }), actions });
});

function post(body: string, token = TOKEN) {
  return app.request(`/a/${token}`, { method: 'POST', headers: FORM, body });
}

describe('GET /a/:token', () => {
  it('shows the page with one button that posts to the same link, and acts on nothing', async () => {
    const res = await app.request(`/a/${TOKEN}`);
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(actions.describeCalls).toEqual([TOKEN]);
    expect(actions.performCalls).toEqual([]);
    expect(page).toContain('<h1>Mark as sent</h1>');
    expect(page).toContain(`<form method="post" action="/a/${TOKEN}">`);
    expect(page.match(/<button type="submit"/g)).toHaveLength(1);
    expect(page).toContain('Yes, it is sent</button>');
    expect(page).toContain('<dt>Task</dt><dd>thank-you – Jane Doe</dd>');
  });

  it('shows the timeline, outcome and notes fields the action asks for', async () => {
    actions.page = {
      ...actions.page,
      fields: ['timeline', 'outcome', 'notes'],
      facts: [
        { label: 'Event', value: 'Onsite' },
        { label: 'note:jane@acme.example', value: 'Jane Doe' },
      ],
    };
    const page = await (await app.request(`/a/${TOKEN}`)).text();
    // One tap for the usual timelines, no number to type.
    expect(page).toContain('name="wait" value="1w"');
    expect(page).toContain('name="wait" value="2w"');
    expect(page).not.toContain('name="amount"');
    expect(page).toContain('name="date"');
    for (const outcome of ['next-round', 'offer', 'rejected']) expect(page).toContain(`value="${outcome}"`);
    expect(page).toContain('<label for="note-0">What you discussed with Jane Doe</label>');
    expect(page).toContain('name="note:jane@acme.example"');
    expect(page).toContain('<label for="private">Private notes (never put in any email)</label>');
    expect(page).toContain('name="private"');
    expect(page).not.toContain('<dt>note:jane@acme.example</dt>');
  });

  it('offers "1 week · 2 weeks · pick a date" as buttons on the timeline page', async () => {
    actions.page = { ...actions.page, title: 'When?', button: 'Save date', fields: ['timeline'], facts: [] };
    const page = await (await app.request(`/a/${TOKEN}`)).text();
    expect(page).toContain('<button type="submit" name="wait" value="1w">1 week</button>');
    expect(page).toContain('<button type="submit" name="wait" value="2w">2 weeks</button>');
    expect(page).toContain('<input type="date" id="date" name="date"');
    expect(page).toContain('Save date</button>');
  });

  it('shows the subtitle with company and role, a way back to the dashboard, and prefilled notes', async () => {
    actions.page = {
      ...actions.page,
      subtitle: 'Acme · Backend Engineer',
      fields: ['notes'],
      facts: [{ label: 'note:jane@acme.example', value: 'Jane Doe' }],
      values: { 'note:jane@acme.example': 'the Dagster move', private: 'ask about on-call' },
    };
    const page = await (await app.request(`/a/${TOKEN}`)).text();
    expect(page).toContain('<p class="subtitle">Acme · Backend Engineer</p>');
    expect(page).toContain('<a class="brand" href="/">Afterview</a>');
    expect(page).toContain('<a href="/">Dashboard</a>');
    expect(page).toContain('>the Dagster move</textarea>');
    expect(page).toContain('>ask about on-call</textarea>');
  });

  it('shows a draft as form fields whose one button saves the edit and opens the mail app', async () => {
    actions.page = {
      ...actions.page,
      button: 'Open in my mail app',
      fields: ['draft'],
      facts: [],
      draft: {
        subject: 'Thank you',
        body: 'Hi Jane',
        to: 'jane@acme.example',
        mailto: 'mailto:jane@acme.example?subject=Thank%20you',
      },
    };
    const page = await (await app.request(`/a/${TOKEN}`)).text();
    expect(page).toContain('name="subject" maxlength="300" required value="Thank you"');
    expect(page).toContain(
      '<textarea id="body" name="body" rows="14" maxlength="10000" required>Hi Jane</textarea>',
    );
    expect(page.match(/Open in my mail app/g)).toHaveLength(1);
    expect(page.match(/<button type="submit"/g)).toHaveLength(1);
  });

  it('escapes hostile text from the calendar', async () => {
    actions.page = {
      title: HOSTILE,
      description: HOSTILE,
      button: HOSTILE,
      fields: ['notes'],
      facts: [
        { label: HOSTILE, value: HOSTILE },
        { label: `note:${HOSTILE}`, value: HOSTILE },
      ],
      draft: {
        subject: HOSTILE,
        body: HOSTILE,
        toName: HOSTILE,
        mailto: 'javascript:alert(1)',
        editUrl: HOSTILE,
      },
    };
    const page = await (await app.request(`/a/${TOKEN}`)).text();
    expect(page).not.toContain('<img');
    expect(page).not.toContain('window.__pwned=2</script>');
    expect(page).not.toContain('javascript:');
    expect(page).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
  });

  it.each([
    ['invalid', 400, "This link isn't valid"],
    ['purpose', 400, "This link isn't valid"],
    ['expired', 410, 'This link has expired'],
    ['used', 410, 'Already done'],
  ] as const)('explains a %s link with %i', async (reason, status, title) => {
    actions.describeError = new LinkRejectedError(reason);
    const res = await app.request(`/a/${TOKEN}`);
    const page = await res.text();
    expect(res.status).toBe(status);
    expect(page).toContain(`<h1>${title.replace("'", '&#39;')}</h1>`);
    expect(page).toContain('Nothing was changed');
    expect(page.includes('href="/">Open your dashboard')).toBe(reason === 'expired');
    expect(page).not.toContain('<form');
  });

  it('refuses a token with characters no signed link has, without asking the core', async () => {
    const res = await app.request('/a/abc%3Cscript%3E');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('isn&#39;t valid');
    expect(actions.describeCalls).toEqual([]);
  });

  it('says when what the link points at is gone', async () => {
    actions.describeError = new NotFoundError('That task no longer exists.');
    const res = await app.request(`/a/${TOKEN}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('That task no longer exists.');
  });

  it('answers 500 without internals when the core fails', async () => {
    actions.describeError = new Error('ECONNREFUSED 127.0.0.1:8000 secret-table-name');
    const res = await app.request(`/a/${TOKEN}`);
    const page = await res.text();
    expect(res.status).toBe(500);
    expect(page).toContain('Something went wrong');
    expect(page).not.toContain('ECONNREFUSED');
    expect(page).not.toContain('secret-table-name');
    expect(log.lines.some((l) => String(l.extra?.error).includes('ECONNREFUSED'))).toBe(true);
  });
});

describe('POST /a/:token', () => {
  it('acts and shows the result with its draft and links', async () => {
    actions.result = {
      title: 'Sorry to hear that',
      message: 'The status check is cancelled.',
      draft: {
        subject: 'Thank you',
        body: 'Hi Riley',
        mailto: 'mailto:riley@acme.example?subject=Thank%20you',
      },
      links: [{ label: 'Open your dashboard', url: 'http://afterview.test/' }],
    };
    const res = await post('outcome=rejected');
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(actions.performCalls).toEqual([{ token: TOKEN, form: { outcome: 'rejected' } }]);
    expect(page).toContain('<h1>Sorry to hear that</h1>');
    expect(page).toContain('The status check is cancelled.');
    expect(page).toContain('href="mailto:riley@acme.example?subject=Thank%20you"');
    expect(page).toContain('href="http://afterview.test/">Open your dashboard</a>');
  });

  it('goes to the edited draft in the mail app when the action says where (303)', async () => {
    actions.result = {
      title: 'Draft saved',
      message: 'Saved.',
      redirect: 'mailto:jane@acme.example?subject=Thanks&body=Hi%20Jane%2C%0D%0AMy%20edit',
    };
    const res = await post('subject=Thanks&body=Hi+Jane%2C%0D%0AMy+edit');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(actions.result.redirect);
    expect(actions.performCalls[0]?.form).toEqual({ subject: 'Thanks', body: 'Hi Jane,\r\nMy edit' });
  });

  it('passes the known fields, trimmed, and drops unknown ones', async () => {
    await post('amount=+2+&unit=weeks&date=&evil=1&note%3Ajane%40acme.example=Great+chat&notes=ok');
    expect(actions.performCalls[0]?.form).toEqual({
      amount: '2',
      unit: 'weeks',
      'note:jane@acme.example': 'Great chat',
      notes: 'ok',
    });
  });

  it('accepts an RFC 8058 one-click unsubscribe body', async () => {
    const res = await post('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(actions.performCalls).toEqual([{ token: TOKEN, form: { 'List-Unsubscribe': 'One-Click' } }]);
  });

  it('accepts one-click as multipart form data', async () => {
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const res = await app.request(`/a/${TOKEN}`, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(actions.performCalls[0]?.form).toEqual({ 'List-Unsubscribe': 'One-Click' });
  });

  it('shows the form again with the core’s message and what was typed on a ValidationError', async () => {
    actions.page = { ...actions.page, fields: ['timeline'] };
    actions.performError = new ValidationError('Choose 1 week or 2 weeks, or pick a date.');
    const res = await post('date=2026-04-01');
    const page = await res.text();
    expect(res.status).toBe(400);
    expect(page).toContain('role="alert">Choose 1 week or 2 weeks, or pick a date.</p>');
    expect(page).toContain('name="date" value="2026-04-01"');
    expect(page).toContain('<form method="post"');
  });

  it.each([
    ['amount=0', 'between 1 and 365'],
    ['amount=two', 'whole number'],
    ['unit=months', 'business days or weeks'],
    ['date=2026-13-45', 'calendar date'],
    ['outcome=maybe', 'Choose what you heard'],
    ['wait=3w', 'Choose 1 week or 2 weeks'],
    ['length=forever', 'how long to pause'],
    [`private=${'x'.repeat(2001)}`, 'at most 2,000'],
    [`body=${'x'.repeat(10_001)}`, 'at most 10,000'],
    [`notes=${'x'.repeat(2001)}`, 'at most 2,000'],
    [`note%3Abo=${'x'.repeat(2001)}`, 'at most 2,000'],
  ])('refuses %s with 400 and a clear message, without acting', async (body, message) => {
    actions.page = { ...actions.page, fields: ['timeline', 'outcome', 'notes'] };
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
    expect(actions.performCalls).toEqual([]);
  });

  it('keeps hostile typed values escaped when the form comes back', async () => {
    actions.page = { ...actions.page, fields: ['notes'] };
    actions.performError = new ValidationError('Try again.');
    const page = await (await post(`private=${encodeURIComponent(`</textarea>${HOSTILE}`)}`)).text();
    expect(page).toContain('&lt;/textarea&gt;&lt;img');
    expect(page).not.toContain('<img');
  });

  it.each([
    ['used', 410, 'Already done'],
    ['expired', 410, 'This link has expired'],
    ['invalid', 400, 'isn&#39;t valid'],
  ] as const)('explains a %s link on POST', async (reason, status, text) => {
    actions.performError = new LinkRejectedError(reason);
    const res = await post('');
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(text);
  });

  it('explains a link rejected while re-showing a form', async () => {
    actions.performError = new ValidationError('bad');
    actions.describeError = new LinkRejectedError('expired');
    const res = await post('');
    expect(res.status).toBe(410);
  });

  it('answers 500 without internals when acting fails', async () => {
    actions.performError = new TypeError("Cannot read properties of undefined (reading 'pk')");
    const res = await post('');
    const page = await res.text();
    expect(res.status).toBe(500);
    expect(page).not.toContain('Cannot read');
  });

  it('never writes the link token to the log, not even when the error names the path', async () => {
    actions.performError = new Error(`conflict while serving /a/${TOKEN}`);
    expect((await post('')).status).toBe(500);
    const logged = JSON.stringify(log.lines);
    expect(logged).toContain('web request failed');
    expect(logged).toContain('/a/…');
    expect(logged).not.toContain(TOKEN);
  });

  it('answers 400 to a body that is not a readable form', async () => {
    const res = await app.request(`/a/${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: 'not multipart at all',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The form could not be read.');
    expect(actions.performCalls).toEqual([]);
  });

  it('refuses a body larger than a form needs', async () => {
    const res = await post(`notes=${'x'.repeat(70 * 1024)}`);
    expect(res.status).toBe(413);
    expect(actions.performCalls).toEqual([]);
  });
});

describe('every response', () => {
  it('carries the security headers, with a fresh nonce that matches the inline style and script', async () => {
    const first = await app.request(`/a/${TOKEN}`);
    const second = await app.request(`/a/${TOKEN}`);
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // mailto: only: the draft page's form saves, then opens the edit in the mail app.
    expect(csp).toContain("form-action 'self' mailto:");
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const page = await first.text();
    expect(page).toContain(`<style nonce="${nonce}">`);
    expect(page).toContain(`<script nonce="${nonce}">`);
    expect(second.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('has them on error pages and /health too', async () => {
    for (const path of ['/nope', '/health']) {
      const res = await app.request(path);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('answers /health', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers unknown paths with a friendly 404 page', async () => {
    const res = await app.request('/wp-admin');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });
});
