/**
 * Google Calendar through the local runner, end to end: the real runner
 * (dynalite, HTTP server, outbox, local scheduler) with its Google variables
 * pointing at the local Google server, and a browser's part played by
 * `fetch` with a cookie jar. Background loops are off: the test polls (as the
 * `--poll` timer does) and fires schedules itself, with a clock it controls.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Interview } from '../../functions/core/model.js';
import { type LocalRuntime, startLocal } from '../../functions/local/runtime.js';
import { type EventInput, GoogleServer } from '../support/google-server/google-server.js';
import { TestBrowser } from '../support/oauth-browser.js';

const ZONE = 'Europe/Berlin';
let now = new Date('2026-11-25T14:00:00Z');
const clock = { now: () => now };
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

function invite(id: string, start: string, minutes: number, extra: Partial<EventInput> = {}): EventInput {
  return {
    id,
    summary: 'Interview: Staff Engineer at Acme Robotics',
    description: 'Technical interview for the Staff Engineer role.',
    start: { dateTime: start },
    end: { dateTime: new Date(Date.parse(start) + minutes * 60_000).toISOString() },
    organizer: { email: 'recruiting@acmerobotics.com', displayName: 'Acme Recruiting' },
    attendees: [
      { email: 'alex@gmail.test', self: true, responseStatus: 'accepted' },
      { email: 'jane.doe@acmerobotics.com', displayName: 'Jane Doe', responseStatus: 'accepted' },
      { email: 'raj.patel@acmerobotics.com', displayName: 'Raj Patel', responseStatus: 'accepted' },
    ],
    ...extra,
  };
}

async function outbox(dir: string): Promise<string[]> {
  try {
    return (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
}

async function fireDue(rt: LocalRuntime): Promise<void> {
  while ((await rt.scheduler.runDue()) > 0) {}
}

async function pollAndFire(rt: LocalRuntime): Promise<void> {
  await rt.pollNow();
  await fireDue(rt);
}

async function googleInterviews(rt: LocalRuntime): Promise<Interview[]> {
  return (await rt.deps.store.list('interview', rt.userId)).filter((i) =>
    i.connectionId.startsWith('google-'),
  );
}

describe('local runner with Google Calendar', () => {
  let dir: string;
  let rt: LocalRuntime;
  let google: GoogleServer;
  let localhost: string;
  const browser = new TestBrowser();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterview-google-e2e-'));
    google = await GoogleServer.start();
    rt = await startLocal({
      dataDir: dir,
      port: 0,
      email: 'alex@gmail.test',
      timeZone: ZONE,
      pollSeconds: 5,
      clock,
      background: false,
      env: google.env(),
    });
    localhost = rt.url.replace('127.0.0.1', 'localhost');
    google.oauth.client.redirectUris.push(`${localhost}/oauth/google/callback`);
    // The demo runs first, as on a fresh install.
    await pollAndFire(rt);
  });

  afterAll(async () => {
    await rt?.stop();
    await google?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('offers to connect Google from the dashboard while the demo runs', async () => {
    const home = await browser.open(`${rt.url}/`);
    expect(home.body).toContain('Showing the demo calendar');
    expect(home.body).toContain('href="/connect/google"');
    expect((await outbox(dir)).length).toBe(3);
  });

  it('refuses denied consent with a page to retry, and stores nothing', async () => {
    google.oauth.denyNextConsent = true;
    const denied = await browser.open(`${rt.url}/connect/google`);
    expect(denied.response.status).toBe(403);
    expect(denied.body).toContain('You chose not to give Afterview access');
    expect(denied.body).toContain('href="/connect/google"');
    const connections = await rt.deps.store.list('connection', rt.userId);
    expect(connections.map((c) => c.provider)).toEqual(['demo']);
  });

  it('refuses a forged state and a callback without the browser cookie, and stores nothing', async () => {
    const forged = await browser.open(
      `${localhost}/oauth/google/callback?state=forged-forged-forged-forged&code=4/abc`,
    );
    expect(forged.response.status).toBe(400);
    expect(forged.body).toContain('could not be accepted');
    // A real consent answer, replayed from another browser (no state cookie there).
    const start = await fetch(`${localhost}/connect/google`, { redirect: 'manual' });
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const elsewhere = await new TestBrowser().open(consent.headers.get('location')!);
    expect(elsewhere.response.status).toBe(400);
    expect(elsewhere.body).toContain('did not start in this browser');
    const connections = await rt.deps.store.list('connection', rt.userId);
    expect(connections.map((c) => c.provider)).toEqual(['demo']);
  });

  it('connects in two clicks: first sync at once, one thank-you with a draft per interviewer, demo retired', async () => {
    google.calendar.put(invite('ended-just-now', at(-55), 45));
    google.calendar.put(
      invite('next-week', '2026-12-02T10:00:00Z', 60, { summary: 'Onsite with Acme Robotics' }),
    );
    google.calendar.put({
      id: 'standup',
      summary: 'Team standup',
      start: { dateTime: at(60) },
      end: { dateTime: at(75) },
      attendees: [{ email: 'alex@gmail.test', self: true, responseStatus: 'accepted' }],
    });
    const before = await outbox(dir);
    const landed = await browser.open(`${rt.url}/connect/google`);
    expect(landed.url).toBe(`${localhost}/?connected=google`);
    expect(landed.body).toContain('Google Calendar connected');
    await rt.queue.idle();
    await fireDue(rt);

    const connections = await rt.deps.store.list('connection', rt.userId);
    expect(connections.map((c) => c.provider)).toEqual(['google']);
    expect(connections[0]).toMatchObject({ accountEmail: 'alex@gmail.test', status: 'active' });
    expect(connections[0]!.encryptedRefreshToken).toMatch(/^gcm1\./);
    expect(connections[0]!.syncToken).toBeTruthy();
    // The demo's interviews, tasks and applications are gone; Google's are there.
    const interviews = await rt.deps.store.list('interview', rt.userId);
    expect(interviews.every((i) => i.connectionId.startsWith('google-'))).toBe(true);
    expect(interviews.map((i) => i.eventId).sort()).toEqual(['ended-just-now', 'next-week']);
    const added = (await outbox(dir)).filter((m) => !before.includes(m));
    expect(added.filter((m) => m.includes('thank-you'))).toHaveLength(1);
    const mail = await readFile(join(dir, 'outbox', added.find((m) => m.includes('thank-you'))!), 'utf8');
    expect(mail).toContain('Jane');
    expect(mail).toContain('Raj');
    const listed = google.calendar.listCalls.filter(
      (c) => !c.pageToken && !c.syncToken && c.maxResults === '250',
    );
    expect(listed.at(-1)).toMatchObject({ singleEvents: 'true', showDeleted: 'true' });
  });

  it('sends no demo mail after the demo is retired, even days later and after a restart', async () => {
    const before = await outbox(dir);
    await rt.stop();
    rt = await startLocal({
      dataDir: dir,
      port: 0,
      email: 'alex@gmail.test',
      timeZone: ZONE,
      pollSeconds: 5,
      clock,
      background: false,
      env: google.env(),
    });
    localhost = rt.url.replace('127.0.0.1', 'localhost');
    google.oauth.client.redirectUris.push(`${localhost}/oauth/google/callback`);
    // Past the demo's Friday loop.
    now = new Date('2026-11-27T16:00:00Z');
    await pollAndFire(rt);
    const added = (await outbox(dir)).filter((m) => !before.includes(m));
    expect(added.filter((m) => m.includes('thank-you'))).toEqual([]);
    const connections = await rt.deps.store.list('connection', rt.userId);
    expect(connections.map((c) => c.provider)).toEqual(['google']);
  });

  it('follows a new invite, a move and a cancellation on the next polls', async () => {
    google.calendar.put(
      invite('new-invite', '2026-12-03T13:00:00Z', 45, { summary: 'Phone screen with Globex' }),
    );
    google.calendar.put(
      invite('next-week', '2026-12-04T10:00:00Z', 60, { summary: 'Onsite with Acme Robotics' }),
    );
    await pollAndFire(rt);
    const byEvent = new Map((await googleInterviews(rt)).map((i) => [i.eventId, i]));
    expect(byEvent.get('new-invite')?.state).toBe('scheduled');
    expect(byEvent.get('next-week')?.start).toBe('2026-12-04T10:00:00Z');
    google.calendar.delete('new-invite');
    await pollAndFire(rt);
    const cancelled = (await googleInterviews(rt)).find((i) => i.eventId === 'new-invite');
    expect(cancelled?.state).toBe('cancelled');
    // Its end passes: no thank-you for a cancelled interview.
    const before = await outbox(dir);
    now = new Date('2026-12-03T14:00:00Z');
    await pollAndFire(rt);
    expect((await outbox(dir)).filter((m) => !before.includes(m) && m.includes('thank-you'))).toEqual([]);
  });

  it('recovers from a 410 during a sync with one full listing and no duplicates', async () => {
    const before = (await googleInterviews(rt)).map((i) => i.id).sort();
    google.calendar.expireSyncTokens();
    google.calendar.put(
      invite('after-410', '2026-12-08T09:00:00Z', 45, { summary: 'Interview with Initech' }),
    );
    await pollAndFire(rt);
    const after = (await googleInterviews(rt)).map((i) => i.id).sort();
    expect(after).toEqual([...before, ...after.filter((id) => !before.includes(id))].sort());
    expect(after.length).toBe(before.length + 1);
    const connection = (await rt.deps.store.list('connection', rt.userId))[0]!;
    const calls = google.calendar.listCalls.slice(-3);
    expect(calls.some((c) => c.syncToken)).toBe(true);
    expect(calls.at(-1)?.timeMin).toBeTruthy();
    expect(connection.syncToken).toBeTruthy();
  });

  it('rides out a rate-limited sync (503, then 403 rateLimitExceeded) and saves its cursor', async () => {
    const token = (await rt.deps.store.list('connection', rt.userId))[0]!.syncToken;
    google.calendar.put(
      invite('rate-limited', '2026-12-09T09:00:00Z', 45, { summary: 'Interview with Umbrella' }),
    );
    google.failNext({ status: 503 }, { status: 403, reason: 'rateLimitExceeded' });
    await pollAndFire(rt);
    expect((await googleInterviews(rt)).some((i) => i.eventId === 'rate-limited')).toBe(true);
    expect((await rt.deps.store.list('connection', rt.userId))[0]!.syncToken).not.toBe(token);
  });

  it('refuses forged webhooks and changes nothing', async () => {
    const before = google.calendar.listCalls.length;
    const forged = await fetch(`${rt.url}/webhooks/google`, {
      method: 'POST',
      headers: {
        'x-goog-channel-id': 'made-up',
        'x-goog-channel-token': `v1.${rt.userId}.${(await rt.deps.store.list('connection', rt.userId))[0]!.id}.${'x'.repeat(32)}`,
        'x-goog-resource-state': 'exists',
      },
    });
    expect(forged.status).toBe(403);
    await rt.queue.idle();
    expect(google.calendar.listCalls.length).toBe(before);
  });

  it('a revoked grant: one reconnect mail naming Google and the account, syncing stops, the runner keeps running', async () => {
    google.oauth.revokeAccount('alex@gmail.test');
    const before = await outbox(dir);
    await pollAndFire(rt);
    await pollAndFire(rt);
    const added = (await outbox(dir)).filter((m) => !before.includes(m));
    expect(added).toHaveLength(1);
    const mail = await readFile(join(dir, 'outbox', added[0]!), 'utf8');
    expect(mail).toContain('Google Calendar');
    expect(mail).toContain('alex@gmail.test');
    expect(mail).toContain('/connect/google');
    const connection = (await rt.deps.store.list('connection', rt.userId))[0]!;
    expect(connection.status).toBe('broken');
    const calls = google.requests.length;
    await pollAndFire(rt);
    expect(google.requests.length).toBe(calls);
    const page = await browser.open(`${rt.url}/connections`);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('Needs reconnecting');
  });

  it('reconnecting revives the same connection without duplicating interviews or prompts', async () => {
    const interviews = (await googleInterviews(rt)).map((i) => i.id).sort();
    const before = await outbox(dir);
    const landed = await browser.open(`${rt.url}/connect/google`);
    expect(landed.url).toBe(`${localhost}/?connected=google`);
    await rt.queue.idle();
    await fireDue(rt);
    const connections = await rt.deps.store.list('connection', rt.userId);
    expect(connections).toHaveLength(1);
    expect(connections[0]!.status).toBe('active');
    expect((await googleInterviews(rt)).map((i) => i.id).sort()).toEqual(interviews);
    expect((await outbox(dir)).filter((m) => !before.includes(m))).toEqual([]);
  });

  it('disconnects from the Calendars page: grant revoked, tokens forgotten, pending schedules cancelled', async () => {
    const connection = (await rt.deps.store.list('connection', rt.userId))[0]!;
    const refused = await browser.post(
      `${localhost}/oauth/google/disconnect`,
      { connectionId: connection.id },
      'https://evil.test',
    );
    expect(refused.status).toBe(403);
    const done = await browser.post(`${localhost}/oauth/google/disconnect`, { connectionId: connection.id });
    expect(done.status).toBe(303);
    const after = (await rt.deps.store.list('connection', rt.userId))[0]!;
    expect(after.status).toBe('deleted');
    expect(after.encryptedRefreshToken).toBeUndefined();
    expect(google.oauth.grants().filter((g) => !g.revoked)).toEqual([]);
    // The onsite next week no longer prompts.
    const before = await outbox(dir);
    now = new Date('2026-12-04T12:00:00Z');
    await pollAndFire(rt);
    expect((await outbox(dir)).filter((m) => !before.includes(m))).toEqual([]);
  });
});
