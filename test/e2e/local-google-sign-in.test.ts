/**
 * Connecting Google on `afterview start --sign-in`, as a deployment does:
 * a signed-out browser that connects Google signs up (the verified address is
 * on the allow-list) and lands on the dashboard signed in as that address's
 * account; the runner's own `--email` user is never the one that connects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userIdFor } from '../../functions/core/ids.js';
import { parseAllowList } from '../../functions/core/users/allow-list.js';
import { type LocalRuntime, startLocal } from '../../functions/local/runtime.js';
import { GoogleServer } from '../support/google-server/google-server.js';
import { TestBrowser } from '../support/oauth-browser.js';

const clock = { now: () => new Date('2026-11-25T14:00:00Z') };

describe('local runner with --sign-in: connecting Google signs the browser in', () => {
  let dir: string;
  let rt: LocalRuntime;
  let google: GoogleServer;
  let localhost: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterview-google-sign-in-'));
    google = await GoogleServer.start();
    rt = await startLocal({
      dataDir: dir,
      port: 0,
      email: 'operator@example.com',
      timeZone: 'Europe/Berlin',
      pollSeconds: 5,
      clock,
      background: false,
      env: google.env(),
      signIn: { allowList: parseAllowList('operator@example.com,@gmail.test') },
    });
    localhost = rt.url.replace('127.0.0.1', 'localhost');
    google.oauth.client.redirectUris.push(`${localhost}/oauth/google/callback`);
  });

  afterAll(async () => {
    await rt?.stop();
    await google?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lands on the dashboard signed in as the verified address, with the calendar theirs', async () => {
    const browser = new TestBrowser();
    // Signed out, a personal page asks to sign in.
    const before = await browser.open(`${localhost}/connections`);
    expect(before.url).toContain('/sign-in');

    const landed = await browser.open(`${rt.url}/connect/google`);
    expect(landed.url).toBe(`${localhost}/?connected=google`);
    expect(landed.response.status).toBe(200);
    expect(landed.body).toContain('Google Calendar connected');
    expect(landed.body).toContain('Sign out');

    const alex = userIdFor('alex@gmail.test');
    const theirs = await rt.deps.store.list('connection', alex);
    expect(theirs.map((c) => c.provider)).toEqual(['google']);
    expect(theirs[0]).toMatchObject({ accountEmail: 'alex@gmail.test', status: 'active' });
    const settings = await rt.deps.store.get('settings', alex, alex);
    expect(settings?.email).toBe('alex@gmail.test');
    // The runner's own user keeps only the demo calendar.
    expect(rt.userId).not.toBe(alex);
    expect((await rt.deps.store.list('connection', rt.userId)).map((c) => c.provider)).toEqual(['demo']);

    // The same browser is signed in: its Connections page is Alex's, with the Google calendar.
    const page = await browser.open(`${localhost}/connections`);
    expect(page.url).toBe(`${localhost}/connections`);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('Google Calendar');
    expect(page.body).toContain(`action="/oauth/google/disconnect"`);
  });

  it('refuses an address that is not on the allow-list and signs nobody in', async () => {
    const original = google.oauth.account;
    google.oauth.account = { sub: '1000002', email: 'eve@elsewhere.test', emailVerified: true, name: 'Eve' };
    try {
      const browser = new TestBrowser();
      const refused = await browser.open(`${rt.url}/connect/google`);
      expect(refused.body).toContain('not open to');
      expect(refused.response.status).toBe(403);
      expect(await rt.deps.store.findUserByEmail('eve@elsewhere.test')).toBeUndefined();
      const after = await browser.open(`${localhost}/connections`);
      expect(after.url).toContain('/sign-in');
    } finally {
      google.oauth.account = original;
    }
  });
});
