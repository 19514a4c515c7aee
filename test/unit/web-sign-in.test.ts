/**
 * Sign-in and per-user pages through the web app's routes, over the real
 * store (dynalite), the real link signer and the real use cases: only the
 * mailer records instead of sending, and the clock is the test's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { googleEndpoints } from '../../functions/adapters/calendar/google/google-config.js';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { LocalTokenVault } from '../../functions/adapters/vault/local-token-vault.js';
import { createActions } from '../../functions/core/actions.js';
import { userIdFor } from '../../functions/core/ids.js';
import type { MailMessage } from '../../functions/core/model.js';
import type { Deps } from '../../functions/core/ports.js';
import { parseAllowList } from '../../functions/core/users/allow-list.js';
import { SESSION_LIMITS } from '../../functions/core/users/sessions.js';
import { SIGN_IN_LIMITS } from '../../functions/core/users/sign-in.js';
import { cloudOAuthRoutes } from '../../functions/handlers/composition-root/oauth-routes.js';
import { createWebApp } from '../../functions/web/app.js';
import { useDynalite } from '../support/dynalite.js';
import { application, coreDeps, HOSTILE, interview, NOW, task } from '../support/web-fixtures.js';

const db = useDynalite();
const BASE = 'http://afterview.test';
const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: BASE };
const ANA = 'ana@example.com';
const BO = 'bo@team.test';

let now: number;
let sent: MailMessage[];
let core: Deps;
let store: DynamoStore;
let app: ReturnType<typeof createWebApp>;

function build(baseUrl = BASE) {
  core = coreDeps(store, {
    baseUrl,
    clock: { now: () => new Date(now) },
    mailer: {
      async send(message) {
        sent.push(message);
        return { messageId: String(sent.length) };
      },
    },
  });
  app = createWebApp({
    core,
    actions: createActions(core),
    signIn: {
      allowList: parseAllowList(`${ANA},@team.test`),
      newUser: { timeZone: 'Europe/Berlin' },
      mailer: core.mailer,
    },
    clientAddress: () => '192.0.2.1',
  });
}

beforeEach(async () => {
  now = NOW.getTime();
  sent = [];
  store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
  build();
});

function get(path: string, cookie?: string) {
  return app.request(`${BASE}${path}`, { headers: cookie ? { cookie } : {} });
}

function post(path: string, fields: Record<string, string>, cookie?: string, origin = BASE) {
  return app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { ...FORM, origin, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

const linkIn = (mail: MailMessage | undefined) => /\/s\/[A-Za-z0-9._~-]+/.exec(mail?.text ?? '')?.[0] ?? '';
const cookieOf = (res: Response) => /^([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Asks for a link, opens it, presses the button: the cookie of the new session. */
async function signIn(email: string): Promise<string> {
  await post('/sign-in', { email });
  const link = linkIn(sent.at(-1));
  const res = await post(link, {});
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  return cookieOf(res);
}

describe('asking for a sign-in link', () => {
  it('sends a page to sign in instead of any personal page', async () => {
    for (const path of [
      '/',
      '/settings',
      '/connections',
      '/export',
      '/export?download',
      '/delete',
      '/any/page/added/later',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/sign-in');
    }
    const page = await (await get('/sign-in')).text();
    expect(page).toContain('Email me a sign-in link');
    expect(page).not.toContain('href="/settings"');
  });

  it('answers the same for a listed and an unlisted address; only the listed one gets mail', async () => {
    const listed = await post('/sign-in', { email: ANA });
    const unlisted = await post('/sign-in', { email: 'eve@evil.test' });
    expect(listed.status).toBe(200);
    expect(unlisted.status).toBe(200);
    const strip = (html: string, email: string) =>
      html.replace(email, 'ADDRESS').replace(/nonce="[^"]+"/g, '');
    expect(strip(await unlisted.text(), 'eve@evil.test')).toBe(strip(await listed.text(), ANA));
    expect(sent.map((m) => m.to)).toEqual([ANA]);
    expect(sent[0]?.html).toContain('/s/');
    expect(await store.findUserByEmail(ANA)).toBeUndefined();
  });

  it('asks again for something that is not an address, escaping what was typed', async () => {
    const res = await post('/sign-in', { email: HOSTILE });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Enter your email address');
    expect(page).not.toContain('<img src=x');
    expect(sent).toEqual([]);
  });

  it('limits asks per address, the same for listed and unlisted, and per client', async () => {
    for (const email of [ANA, 'eve@evil.test']) {
      for (let i = 0; i < SIGN_IN_LIMITS.address.limit; i++)
        expect((await post('/sign-in', { email })).status).toBe(200);
      expect((await post('/sign-in', { email })).status).toBe(429);
    }
    expect(sent).toHaveLength(SIGN_IN_LIMITS.address.limit);
    for (let i = 0; i < SIGN_IN_LIMITS.client.limit; i++)
      await post('/sign-in', { email: `p${i}@team.test` });
    expect((await post('/sign-in', { email: 'late@team.test' })).status).toBe(429);
  });
});

describe('a sign-in link', () => {
  it('shows one button on GET and signs in on POST only, with a strict cookie', async () => {
    await post('/sign-in', { email: ANA });
    const link = linkIn(sent[0]);
    const shown = await get(link);
    const page = await shown.text();
    expect(shown.status).toBe(200);
    expect(page).toContain(`Sign in as ${ANA}`);
    expect(page.match(/<button/g)).toHaveLength(1);
    expect(shown.headers.get('set-cookie')).toBeNull();
    expect(await store.findUserByEmail(ANA)).toBeUndefined();

    const pressed = await post(link, {});
    expect(pressed.status).toBe(303);
    const cookie = pressed.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^afterview=u-[\w-]+\.[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).not.toContain('Secure');
    expect((await store.findUserByEmail(ANA))?.timeZone).toBe('Europe/Berlin');

    const dashboard = await get('/', cookieOf(pressed));
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Sign out');
  });

  it('over HTTPS the cookie is Secure with the __Host- prefix', async () => {
    build('https://afterview.test');
    await app.request('https://afterview.test/sign-in', {
      method: 'POST',
      headers: { ...FORM, origin: 'https://afterview.test' },
      body: new URLSearchParams({ email: ANA }).toString(),
    });
    const link = linkIn(sent[0]);
    const res = await app.request(`https://afterview.test${link}`, {
      method: 'POST',
      headers: { ...FORM, origin: 'https://afterview.test' },
    });
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-afterview=.*; Path=\/; .*Secure/);
  });

  it('works once, and expires', async () => {
    await post('/sign-in', { email: ANA });
    const link = linkIn(sent[0]);
    await post(link, {});
    const again = await post(link, {});
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This sign-in link was used already');
    expect(again.headers.get('set-cookie')).toBeNull();

    await post('/sign-in', { email: ANA });
    now += 16 * 60 * 1000;
    const late = await post(linkIn(sent[1]), {});
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('This sign-in link has expired');
    expect((await get(linkIn(sent[1]))).status).toBe(410);
  });

  it('refuses forged links and action links', async () => {
    expect((await post('/s/not-a-token', {})).status).toBe(400);
    const action = await core.links.sign({ p: 'pause', u: 'u', t: 'u', n: 'n' }, 600, NOW);
    expect((await post(`/s/${action}`, {})).status).toBe(400);
  });

  it('from a prompt mail: opens the account signed in, or goes straight to the dashboard when already in', async () => {
    const cookie = await signIn(ANA);
    const userId = userIdFor(ANA);
    const { commonLinks } = await import('../../functions/core/prompts/views.js');
    const { dashboardUrl } = await commonLinks(core, userId);
    const path = dashboardUrl.slice(BASE.length);
    const already = await get(path, cookie);
    expect(already.status).toBe(303);
    expect(already.headers.get('location')).toBe('/');
    const fresh = await get(path);
    expect(await fresh.text()).toContain(`Sign in as ${ANA}`);
    const pressed = await post(path, {});
    expect(pressed.status).toBe(303);
    expect((await get('/', cookieOf(pressed))).status).toBe(200);
  });
});

describe('a session', () => {
  it('ends server-side at sign-out: the old cookie no longer opens anything', async () => {
    const cookie = await signIn(ANA);
    const csrf = csrfIn(await (await get('/', cookie)).text());
    const out = await post('/sign-out', { _csrf: csrf }, cookie);
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^afterview=;.*Max-Age=0/);
    expect((await get('/', cookie)).status).toBe(303);
  });

  it('rotates: after a while a request gets a new cookie, and the old one soon stops', async () => {
    const cookie = await signIn(ANA);
    now += SESSION_LIMITS.rotateAfterMs + 1;
    const res = await get('/', cookie);
    const next = cookieOf(res);
    expect(next).toMatch(/^afterview=/);
    expect(next).not.toBe(cookie);
    now += SESSION_LIMITS.graceMs + 1;
    expect((await get('/', cookie)).status).toBe(303);
    expect((await get('/', next)).status).toBe(200);
  });

  it('refuses a state-changing form without the session’s CSRF token, or from another site', async () => {
    const cookie = await signIn(ANA);
    const html = await (await get('/settings', cookie)).text();
    const csrf = csrfIn(html);
    expect(csrf).not.toBe('');
    // Every post form on the page carries it (settings and sign-out).
    expect(html.match(/<form method="post"/g)?.length).toBe(html.match(/name="_csrf"/g)?.length);
    const settings = await store.get('settings', userIdFor(ANA), userIdFor(ANA));
    const fields = {
      version: String(settings?.version),
      timeZone: 'Asia/Tokyo',
      waitingWindowDays: '5',
      prepMinutesBefore: '60',
    };
    expect((await post('/settings', fields, cookie)).status).toBe(403);
    expect((await post('/settings', { ...fields, _csrf: 'x'.repeat(43) }, cookie)).status).toBe(403);
    expect((await post('/settings', { ...fields, _csrf: csrf }, cookie, 'https://evil.test')).status).toBe(
      403,
    );
    expect((await store.get('settings', userIdFor(ANA), userIdFor(ANA)))?.timeZone).toBe('Europe/Berlin');
    expect((await post('/settings', { ...fields, _csrf: csrf }, cookie)).status).toBe(303);
    expect((await store.get('settings', userIdFor(ANA), userIdFor(ANA)))?.timeZone).toBe('Asia/Tokyo');
  });

  it('leaves alone what carries its own proof: one-click unsubscribes and calendar webhooks', async () => {
    // As the local runner mounts its webhook routes on the web app.
    app.post('/webhooks/test', (c) => c.text('received'));
    const cookie = await signIn(ANA);
    const hook = await app.request(`${BASE}/webhooks/test`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie },
      body: 'Validation',
    });
    expect(await hook.text()).toBe('received');
    const { actionUrl } = await import('../../functions/core/prompts/action-links.js');
    const pause = await actionUrl(core, 'pause', userIdFor(ANA), userIdFor(ANA));
    const oneClick = await app.request(pause, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await store.get('settings', userIdFor(ANA), userIdFor(ANA)))?.paused).toBe(true);
  });

  it('a POST without a session changes nothing and asks to sign in', async () => {
    const res = await post('/delete', { confirm: 'DELETE' });
    expect(res.status).toBe(401);
  });
});

describe('one person’s pages', () => {
  async function twoPeople() {
    const ana = await signIn(ANA);
    const bo = await signIn(BO);
    const anaId = userIdFor(ANA);
    await store.put('application', application({ userId: anaId, company: 'Anacorp' }));
    await store.put('interview', interview({ userId: anaId, company: 'Anacorp', title: 'Anacorp onsite' }));
    await store.put('task', task({ userId: anaId }));
    await post(
      '/connections/ics',
      {
        address: 'https://cal.example/ana.ics',
        _csrf: csrfIn(await (await get('/connections', ana)).text()),
      },
      ana,
    );
    const [connection] = await store.list('connection', anaId);
    return { ana, bo, anaId, connectionId: connection?.id ?? '' };
  }

  it('never shows another person’s data, whatever the URL', async () => {
    const { bo, connectionId } = await twoPeople();
    for (const path of ['/', '/settings', '/connections', '/export?download', '/export/applications.csv']) {
      const body = await (await get(path, bo)).text();
      expect(body, path).not.toContain('Anacorp');
      expect(body, path).not.toContain(ANA);
      expect(body, path).not.toContain('cal.example');
    }
    expect(await (await get('/', bo)).text()).not.toContain(connectionId);
  });

  it('never changes another person’s data, whatever ids the forms carry', async () => {
    const { bo, anaId, connectionId } = await twoPeople();
    const csrf = csrfIn(await (await get('/connections', bo)).text());
    expect((await post(`/connections/${connectionId}/disconnect`, { _csrf: csrf }, bo)).status).toBe(404);
    expect((await post(`/connections/${connectionId}/reconnect`, { _csrf: csrf }, bo)).status).toBe(404);
    expect((await store.get('connection', anaId, connectionId))?.status).toBe('active');

    // Settings carry a version, not a user: Bo's post changes Bo's settings.
    await post(
      '/settings',
      {
        version: '1',
        timeZone: 'Asia/Tokyo',
        waitingWindowDays: '5',
        prepMinutesBefore: '60',
        userId: anaId,
        _csrf: csrf,
      },
      bo,
    );
    expect((await store.get('settings', anaId, anaId))?.timeZone).toBe('Europe/Berlin');

    await post('/delete', { confirm: 'DELETE', userId: anaId, _csrf: csrf }, bo);
    expect(await store.list('task', anaId)).toHaveLength(1);
    expect(await store.findUserByEmail(BO)).toBeUndefined();
  });

  it('deleting the account signs out everywhere', async () => {
    const ana = await signIn(ANA);
    const other = await signIn(ANA);
    const csrf = csrfIn(await (await get('/delete', ana)).text());
    const res = await post('/delete', { confirm: 'DELETE', _csrf: csrf }, ana);
    expect(await res.text()).toContain('You are signed out');
    expect((await get('/', other)).status).toBe(303);
  });
});

describe('the Connections page', () => {
  it('connects an ICS address, shows it watching, reconnects after an error and disconnects', async () => {
    const cookie = await signIn(ANA);
    const userId = userIdFor(ANA);
    const csrf = csrfIn(await (await get('/connections', cookie)).text());
    const bad = await post('/connections/ics', { address: 'javascript:alert(1)', _csrf: csrf }, cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('starting with https:// or webcal://');
    expect(await store.list('connection', userId)).toEqual([]);

    const ok = await post(
      '/connections/ics',
      { address: 'webcal://cal.example/me.ics', _csrf: csrf },
      cookie,
    );
    expect(ok.headers.get('location')).toBe('/connections?done=connected');
    const [connection] = await store.list('connection', userId);
    expect(connection?.calendarId).toBe('https://cal.example/me.ics');
    let page = await (await get('/connections?done=connected', cookie)).text();
    expect(page).toContain('Watching');
    expect(page).toContain('not read yet');

    await store.put('connection', {
      ...(connection as NonNullable<typeof connection>),
      failures: 2,
      failingSince: NOW.toISOString(),
      failureReason: `HTTP 503 from cal.example ${HOSTILE}`,
      retryAt: '2026-03-02T10:10:00Z',
    });
    page = await (await get('/connections', cookie)).text();
    expect(page).toContain('The calendar could not be read since Mon 2 Mar, 11:00 CET');
    expect(page).toContain('HTTP 503 from cal.example');
    expect(page).toContain('Next try: Mon 2 Mar, 11:10 CET');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('Reconnect</button>');

    const id = connection?.id ?? '';
    expect((await post(`/connections/${id}/reconnect`, { _csrf: csrf }, cookie)).status).toBe(303);
    expect((await store.get('connection', userId, id))?.failures).toBeUndefined();
    expect((await post(`/connections/${id}/disconnect`, { _csrf: csrf }, cookie)).status).toBe(303);
    expect((await store.get('connection', userId, id))?.status).toBe('deleted');
    page = await (await get('/connections?done=disconnected', cookie)).text();
    expect(page).toContain('No calendar is connected yet');
  });

  it('explains what to set when Google or Outlook is not configured, and links Google when it is', async () => {
    const cookie = await signIn(ANA);
    let page = await (await get('/connections', cookie)).text();
    expect(page).toContain('Connecting Google is not set up on this Afterview yet');
    expect(page).toContain('Connecting Outlook is not set up');
    expect(page).not.toContain('href="/connect/google"');
    app = createWebApp({
      core,
      actions: createActions(core),
      signIn: { allowList: parseAllowList(ANA), newUser: { timeZone: 'UTC' }, mailer: core.mailer },
      oauth: cloudOAuthRoutes({
        core,
        vault: new LocalTokenVault(Buffer.alloc(32, 7)),
        queue: { enqueue: async () => {} },
        google: { clientId: 'client-id', clientSecret: 'client-secret', ...googleEndpoints({}) },
        linkSecret: 'a-link-secret-for-the-sign-in-test-0123456789',
        allowList: parseAllowList(ANA),
      }),
    });
    page = await (await get('/connections', cookie)).text();
    expect(page).toContain('href="/connect/google"');
    expect(page).toContain('Connecting Outlook is not set up');
  });

  it('says a broken Google connection needs reconnecting, in words', async () => {
    const cookie = await signIn(ANA);
    const userId = userIdFor(ANA);
    await store.put('connection', {
      userId,
      id: 'google-x',
      version: 0,
      provider: 'google',
      calendarId: 'primary',
      status: 'broken',
      brokenReason: 'grant revoked',
    });
    const page = await (await get('/connections', cookie)).text();
    expect(page).toContain('Needs reconnecting');
    expect(page).toContain('Access was taken back');
    expect(page).toContain('href="/connect/google">Reconnect');
  });
});
