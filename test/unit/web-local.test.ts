import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebApp } from '../../functions/web/app.js';
import { useDynalite } from '../support/dynalite.js';
import { coreDeps, FakeActions, HOSTILE, settings, USER, untouchableStore } from '../support/web-fixtures.js';
import { mailOne, seed, type WebWorld, webWorld } from '../support/web-world.js';

const db = useDynalite();
const ORIGIN = 'http://localhost';
const SAME_SITE = { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN };

let world: WebWorld;

beforeEach(async () => {
  world = await webWorld(db, () => new FakeActions());
});
afterEach(async () => {
  await world.cleanup();
});

function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = SAME_SITE) {
  return world.app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields).toString(),
  });
}

async function storedSettings() {
  return (await world.store.list('settings', USER))[0];
}

describe('GET / (local dashboard)', () => {
  it('shows what needs you now first, then coming up and closed, in plain words and the user’s zone', async () => {
    await seed(world.store);
    const res = await world.app.request('/');
    const page = await res.text();
    expect(res.status).toBe(200);
    const order = ['Needs you now', 'Coming up', 'Closed', 'Your data'].map((t) =>
      page.indexOf(`>${t}</h2>`),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(page).toContain('<h3>Thank-you note to Jane Doe</h3>');
    expect(page).toContain('<h3>Ask for Bo Li&#39;s email address</h3>');
    expect(page).toContain('<p class="subtitle">Acme · Backend Engineer · due Mon 2 Mar, 10:00 CET</p>');
    expect(page).not.toContain('Done Person');
    expect(page).toMatch(/<blockquote id="draft-task-1">Hi Jane,/);
    expect(page).toMatch(/href="http:\/\/afterview\.test\/a\/[A-Za-z0-9._-]+">Edit and send<\/a>/);
    expect(page).toMatch(/href="http:\/\/afterview\.test\/a\/[A-Za-z0-9._-]+">I sent it<\/a>/);
    expect(page).toContain('Acme <span class="muted">· Backend Engineer</span>');
    expect(page).toContain(
      '<strong>Next interview:</strong> Acme — Backend Engineer onsite, Tue 3 Mar, 14:00 CET',
    );
    expect(page).toContain('Globex');
    expect(page).toContain('<span class="tag rejected">Not this time</span>');
    expect(page).toContain('Status check after</dt><dd>5 business days</dd>');
    expect(page).toContain('href="/export"');
    expect(page).toContain('<nav aria-label="Main">');
  });

  it('shows the next prompt on the application’s timeline', async () => {
    await seed(world.store);
    const page = await (await world.app.request('/')).text();
    // Prep is an hour before the 14:00 interview; now is 2 Mar 11:00 Berlin.
    expect(page).toContain(
      '<time datetime="2026-03-03T12:00:00.000Z">Tue 3 Mar, 13:00 CET</time>Next: Prep reminder',
    );
  });

  it('asks how drafts are signed until a name is set, and saves it', async () => {
    await seed(world.store);
    const current = await storedSettings();
    await world.store.put('settings', { ...current!, accountName: 'Sam Lee' });
    const first = await (await world.app.request('/')).text();
    expect(first).toContain('How should your drafts be signed?');
    expect(first).toContain('name="signAs" maxlength="100" required autocomplete="name" value="Sam Lee"');
    const res = await postForm('/settings/sign-as', { signAs: '  Samantha Lee ' });
    expect(res.status).toBe(303);
    expect((await storedSettings())?.signAs).toBe('Samantha Lee');
    const after = await (await world.app.request('/')).text();
    expect(after).not.toContain('How should your drafts be signed?');
    expect(after).toContain('Drafts signed</dt><dd>Samantha Lee</dd>');
  });

  it.each([[''], ['<b>Sam</b>'], ['x'.repeat(101)]])(
    'refuses the name %j with 400 and no change',
    async (name) => {
      await world.store.put('settings', settings());
      const res = await postForm('/settings/sign-as', { signAs: name });
      expect(res.status).toBe(400);
      expect((await storedSettings())?.signAs).toBeUndefined();
    },
  );

  it('refuses a name posted from another site', async () => {
    await world.store.put('settings', settings());
    const res = await postForm(
      '/settings/sign-as',
      { signAs: 'Mallory' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect((await storedSettings())?.signAs).toBeUndefined();
  });

  it('shows a dismissed event on its application with a way to undo', async () => {
    await seed(world.store);
    const stored = await world.store.get('interview', USER, 'int-1');
    await world.store.put('interview', { ...stored!, state: 'dismissed', override: 'not-interview' });
    const page = await (await world.app.request('/')).text();
    expect(page).toContain('Not an interview: Acme — Backend Engineer onsite');
    expect(page).toMatch(/href="http:\/\/afterview\.test\/a\/[A-Za-z0-9._-]+">Undo: it is an interview<\/a>/);
  });

  it('escapes a hostile interview title', async () => {
    await seed(world.store, HOSTILE);
    const page = await (await world.app.request('/')).text();
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=');
  });

  it('says when prompts are paused', async () => {
    await world.store.put('settings', settings({ paused: true }));
    const page = await (await world.app.request('/')).text();
    expect(page).toContain('Prompts are paused.');
    await world.store.put(
      'settings',
      settings({ version: 1, paused: true, pausedUntil: '2026-03-09T10:00:00Z' }),
    );
    const later = await (await world.app.request('/')).text();
    expect(later).toContain('Prompts are paused until Mon 9 Mar, 11:00 CET.');
  });

  it('welcomes a user with no interviews yet', async () => {
    await world.store.put('settings', settings());
    const page = await (await world.app.request('/')).text();
    expect(page).toContain('No interviews yet');
  });
});

describe('/settings', () => {
  const valid = {
    version: '1',
    timeZone: 'America/New_York',
    waitingWindowDays: '7',
    prepMinutesBefore: '30',
    paused: 'on',
    always: 'Chat with\nCoffee, sync',
    never: '',
    signAs: 'Sam Lee',
  };

  beforeEach(async () => {
    await world.store.put('settings', settings());
  });

  it('shows the current settings in a form', async () => {
    const page = await (await world.app.request('/settings')).text();
    expect(page).toContain('name="version" value="1"');
    expect(page).toContain('value="Europe/Berlin"');
    expect(page).toContain('name="prepEnabled" checked');
    expect(page).toContain('<option value="America/New_York">');
  });

  it('saves valid settings with their version and redirects', async () => {
    const res = await postForm('/settings', valid);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings?saved=1');
    const saved = await storedSettings();
    expect(saved).toMatchObject({
      version: 2,
      timeZone: 'America/New_York',
      waitingWindowDays: 7,
      prepEnabled: false,
      prepMinutesBefore: 30,
      paused: true,
      rules: { always: ['Chat with', 'Coffee', 'sync'], never: [] },
      email: 'sam.lee@example.com',
      signAs: 'Sam Lee',
    });
    const after = await (await world.app.request('/settings?saved=1')).text();
    expect(after).toContain('Settings saved.');
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'not a time zone we know'],
    [{ timeZone: '' }, 'Enter your time zone'],
    [{ waitingWindowDays: '0' }, 'between 1 and 60'],
    [{ waitingWindowDays: '61' }, 'between 1 and 60'],
    [{ waitingWindowDays: '2.5' }, 'whole number'],
    [{ prepMinutesBefore: '4' }, 'between 5 and 1440'],
    [{ always: 'x'.repeat(101) }, 'at most 100 characters'],
    [{ signAs: 'Sam <sam@example.com>' }, 'Write your name as you sign it'],
    [{ always: Array.from({ length: 51 }, (_, i) => `k${i}`).join('\n') }, 'At most 50 keywords'],
  ])('refuses %o with 400, a clear message, and no change', async (change, message) => {
    const res = await postForm('/settings', { ...valid, ...change });
    const page = await res.text();
    expect(res.status).toBe(400);
    expect(page).toContain(message);
    expect(page).toContain('role="alert"');
    expect((await storedSettings())?.version).toBe(1);
  });

  it('explains a conflict when the settings changed meanwhile, showing the fresh ones', async () => {
    const current = await storedSettings();
    await world.store.put('settings', { ...current!, timeZone: 'Asia/Tokyo' });
    const res = await postForm('/settings', valid);
    const page = await res.text();
    expect(res.status).toBe(409);
    expect(page).toContain('changed elsewhere while you were editing');
    expect(page).toContain('value="Asia/Tokyo"');
    expect(page).toContain('name="version" value="2"');
    expect((await storedSettings())?.timeZone).toBe('Asia/Tokyo');
  });

  it('refuses a post from another site and changes nothing', async () => {
    const res = await postForm('/settings', valid, {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
    expect((await storedSettings())?.timeZone).toBe('Europe/Berlin');
  });

  it('says when there are no settings yet', async () => {
    await world.store.deleteUser(USER);
    expect((await world.app.request('/settings')).status).toBe(404);
  });
});

describe('/outbox', () => {
  it('lists mails with escaped subjects and shows one in a sandboxed frame', async () => {
    await world.store.put('settings', settings());
    await mailOne(world, `Thank ${HOSTILE}`);
    const list = await (await world.app.request('/outbox')).text();
    expect(list).toContain('Thank &lt;img src=x');
    expect(list).not.toContain('<img');
    expect(list).toContain('Mon 2 Mar, 11:00 CET');
    const file = /href="\/outbox\/([^"]+)"/.exec(list)?.[1];
    expect(file).toMatch(/\.eml$/);

    const view = await world.app.request(`/outbox/${file}`);
    const viewPage = await view.text();
    expect(view.status).toBe(200);
    expect(view.headers.get('x-frame-options')).toBe('DENY');
    expect(viewPage).toContain(
      `<iframe class="mail" sandbox="" referrerpolicy="no-referrer" src="/outbox/${file}/html"`,
    );
    expect(viewPage).not.toContain('<img');

    const body = await world.app.request(`/outbox/${file}/html`);
    expect(body.status).toBe(200);
    expect(body.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(body.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const mailHtml = await body.text();
    expect(mailHtml).toContain('Thank &lt;img src=x');
    expect(mailHtml).not.toContain('<img');

    const raw = await world.app.request(`/outbox/${file}/raw`);
    expect(raw.headers.get('content-disposition')).toContain('attachment');
    expect(await raw.text()).toContain('Content-Type: multipart/alternative');
  });

  it('says so when the outbox is empty', async () => {
    expect(await (await world.app.request('/outbox')).text()).toContain('No mails yet');
  });

  it.each([
    '/outbox/20260302T100000000Z-nope.eml',
    '/outbox/..%2F..%2Fetc%2Fpasswd',
    '/outbox/.hidden',
    '/outbox/20260302T100000000Z-nope.eml/html',
    '/outbox/20260302T100000000Z-nope.eml/raw',
  ])('answers 404 for %s', async (path) => {
    const res = await world.app.request(path);
    expect(res.status).toBe(404);
  });
});

describe('/export and /delete', () => {
  it('offers the JSON and the CSV', async () => {
    const page = await (await world.app.request('/export')).text();
    expect(page).toContain('href="/export?download"');
    expect(page).toContain('href="/export/applications.csv"');
  });

  it('downloads the user’s data as a person reads it: no internal fields, times in their zone', async () => {
    await seed(world.store);
    const res = await world.app.request('/export?download');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="afterview-export.json"');
    const text = await res.text();
    for (const internal of ['"version"', '"userId"', '"syncToken"', '"pk"', '"applicationId"']) {
      expect(text).not.toContain(internal);
    }
    const data = JSON.parse(text) as {
      account: { email: string };
      applications: Array<{ company: string; interviews: Array<{ start: string }>; tasks: unknown[] }>;
    };
    expect(data.account.email).toBe('sam.lee@example.com');
    const acme = data.applications.find((a) => a.company === 'Acme');
    expect(acme?.tasks).toHaveLength(3);
    expect(acme?.interviews[0]?.start).toBe('2026-03-03T14:00:00+01:00');
  });

  it('downloads applications as CSV for a spreadsheet', async () => {
    await seed(world.store);
    const res = await world.app.request('/export/applications.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await res.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      '"Company","Role","Status","Outcome","First interview","Last interview","Interviews","Interviewers","Open tasks","Status check due","Timeline given"',
    );
    expect(lines).toHaveLength(3);
    expect(csv).toContain('"Acme","Backend Engineer","waiting","","2026-03-03 14:00"');
  });

  it('asks for the typed confirmation', async () => {
    const page = await (await world.app.request('/delete')).text();
    expect(page).toContain('Type DELETE to confirm');
  });

  it('deletes nothing without the confirmation word', async () => {
    await seed(world.store);
    const res = await postForm('/delete', { confirm: 'yes' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Type DELETE to confirm.');
    expect(await world.store.list('task', USER)).toHaveLength(3);
  });

  it('deletes everything with it, and cancels the planned prompts', async () => {
    await seed(world.store);
    const cancelled: string[] = [];
    world.core.scheduler.cancel = async (name) => {
      cancelled.push(name);
    };
    const res = await postForm('/delete', { confirm: ' delete ' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your data is deleted');
    expect(await world.store.list('task', USER)).toEqual([]);
    expect(await world.store.list('settings', USER)).toEqual([]);
    // Prep and thank-you per interview (2), a status check per application (2).
    expect(cancelled).toHaveLength(6);
  });

  it('refuses a delete posted from another site', async () => {
    await seed(world.store);
    const res = await postForm(
      '/delete',
      { confirm: 'DELETE' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(res.status).toBe(403);
    expect(await world.store.list('task', USER)).toHaveLength(3);
  });
});

describe('the local host guard', () => {
  it.each(['localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'afterview.test'])(
    'answers Host %s',
    async (host) => {
      await world.store.put('settings', settings());
      const res = await world.app.request('/', { headers: { host } });
      expect(res.status).toBe(200);
    },
  );

  it('refuses another host name pointed at this machine (DNS rebinding)', async () => {
    await seed(world.store);
    const res = await world.app.request('/', { headers: { host: 'attacker.example:3000' } });
    const page = await res.text();
    expect(res.status).toBe(421);
    expect(page).not.toContain('Acme');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('with neither sign-in nor a local user', () => {
  const cloud = createWebApp({ core: coreDeps(untouchableStore), actions: new FakeActions() });

  it('shows a short page that says sign-in is not set up', async () => {
    const res = await cloud.request('/');
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain('Sign-in is not set up here');
    // The header leads back to the start, never to the local-only pages.
    expect(page).toContain('<a class="brand" href="/">Afterview</a>');
    expect(page).not.toContain('href="/outbox"');
  });

  it('does not limit host names (the cloud sits behind its own domain)', async () => {
    expect((await cloud.request('/', { headers: { host: 'api.example.com' } })).status).toBe(200);
  });

  it.each(['/settings', '/outbox', '/export', '/delete', '/connections'])('has no %s', async (path) => {
    expect((await cloud.request(path)).status).toBe(404);
  });
});
