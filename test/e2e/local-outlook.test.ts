/**
 * Outlook through the local runner, end to end: the real runner (dynalite,
 * HTTP server, outbox, local scheduler) with its Microsoft variables pointing
 * at the local HTTPS Microsoft server, the real MSAL and Graph client inside,
 * and a browser's part played by `fetch` with a cookie jar. Background loops
 * are off: the test polls (as the `--poll 5` timer does) and fires schedules
 * itself, with a clock it controls for the follow-ups.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Interview } from '../../functions/core/model.js';
import { type LocalRuntime, startLocal } from '../../functions/local/runtime.js';
import type { EventInput } from '../support/microsoft-server/accounts.js';
import { MicrosoftServer } from '../support/microsoft-server/server.js';
import { TestBrowser } from '../support/oauth-browser.js';

const ZONE = 'Europe/Berlin';
const EMAIL = 'alex@contoso.test';
let now = new Date('2026-11-25T14:00:00Z');
const clock = { now: () => now };
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

function invite(id: string, start: string, minutes: number, extra: Partial<EventInput> = {}): EventInput {
  return {
    id,
    subject: 'Interview: Staff Engineer at Fabrikam',
    body: { contentType: 'html', content: '<p>Technical interview for the Staff Engineer role.</p>' },
    start,
    end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
    organizer: { emailAddress: { name: 'Fabrikam Recruiting', address: 'recruiting@fabrikam.test' } },
    attendees: [
      { type: 'required', status: { response: 'accepted' }, emailAddress: { name: 'Alex', address: EMAIL } },
      {
        type: 'required',
        status: { response: 'accepted' },
        emailAddress: { name: 'Jane Doe', address: 'jane.doe@fabrikam.test' },
      },
      {
        type: 'required',
        status: { response: 'accepted' },
        emailAddress: { name: 'Raj Patel', address: 'raj.patel@fabrikam.test' },
      },
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

async function outlookInterviews(rt: LocalRuntime): Promise<Interview[]> {
  return (await rt.deps.store.list('interview', rt.userId)).filter((i) =>
    i.connectionId.startsWith('microsoft-'),
  );
}

async function added(dir: string, before: string[]): Promise<string[]> {
  return (await outbox(dir)).filter((m) => !before.includes(m));
}

describe('local runner with an Outlook calendar', () => {
  let dir: string;
  let rt: LocalRuntime;
  let microsoft: MicrosoftServer;
  let localhost: string;
  const browser = new TestBrowser();
  const start = async () => {
    rt = await startLocal({
      dataDir: dir,
      port: 0,
      email: EMAIL,
      timeZone: ZONE,
      pollSeconds: 5,
      clock,
      background: false,
      env: microsoft.env(),
    });
    localhost = rt.url.replace('127.0.0.1', 'localhost');
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterview-outlook-e2e-'));
    microsoft = await new MicrosoftServer().start();
    microsoft.addAccount({ email: EMAIL, mailboxTimeZone: 'W. Europe Standard Time' });
    await start();
    await pollAndFire(rt);
  });

  afterAll(async () => {
    await rt?.stop();
    await microsoft?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses denied consent and a forged state, and stores nothing', async () => {
    microsoft.denyNextConsent();
    const denied = await browser.open(`${rt.url}/connect/microsoft`);
    expect(denied.response.status).toBe(403);
    expect(denied.body).toContain('href="/connect/microsoft"');
    const forged = await browser.open(
      `${localhost}/oauth/microsoft/callback?state=forged-forged-forged-forged&code=M.abc`,
    );
    expect(forged.response.status).toBe(400);
    const connections = await rt.deps.store.list('connection', rt.userId);
    expect(connections.map((c) => c.provider)).toEqual(['demo']);
  });

  it('connects: first sync at once, one thank-you with a draft per interviewer, the demo retired', async () => {
    microsoft.upsertEvent(EMAIL, invite('ended-just-now', at(-55), 45));
    microsoft.upsertEvent(
      EMAIL,
      invite('next-week', '2026-12-02T10:00:00Z', 60, { subject: 'Onsite with Fabrikam' }),
    );
    microsoft.upsertEvent(EMAIL, {
      id: 'standup',
      subject: 'Team standup',
      start: at(60),
      end: at(75),
      attendees: [{ type: 'required', status: { response: 'accepted' }, emailAddress: { address: EMAIL } }],
    });
    const before = await outbox(dir);
    microsoft.signInNext(EMAIL);
    const landed = await browser.open(`${rt.url}/connect/microsoft`);
    expect(landed.url).toBe(`${localhost}/?connected=microsoft`);
    await rt.queue.idle();
    await fireDue(rt);
    const [connection] = await rt.deps.store.list('connection', rt.userId);
    expect(connection).toMatchObject({ provider: 'microsoft', accountEmail: EMAIL, status: 'active' });
    expect(connection?.encryptedRefreshToken).toMatch(/^gcm1\./);
    expect(connection?.syncToken).toContain('deltatoken');
    expect((await outlookInterviews(rt)).map((i) => i.eventId).sort()).toEqual([
      'ended-just-now',
      'next-week',
    ]);
    const mails = await added(dir, before);
    expect(mails.filter((m) => m.includes('thank-you'))).toHaveLength(1);
    const mail = await readFile(
      join(dir, 'outbox', mails.find((m) => m.includes('thank-you')) ?? ''),
      'utf8',
    );
    expect(mail).toContain('Jane');
    expect(mail).toContain('Raj');
    // Graph was asked for UTC on every delta page.
    const deltas = microsoft.graph.requests.filter((r) => r.url.includes('calendarView/delta'));
    expect(deltas.every((r) => r.prefer.includes('outlook.timezone="UTC"'))).toBe(true);
  });

  it('follows a new invite, a move, and an upcoming interview the organizer deleted (silently)', async () => {
    microsoft.upsertEvent(
      EMAIL,
      invite('new-invite', '2026-12-03T13:00:00Z', 45, { subject: 'Phone screen with Globex' }),
    );
    microsoft.upsertEvent(
      EMAIL,
      invite('next-week', '2026-12-04T10:00:00Z', 60, { subject: 'Onsite with Fabrikam' }),
    );
    await pollAndFire(rt);
    const byEvent = new Map((await outlookInterviews(rt)).map((i) => [i.eventId, i]));
    expect(byEvent.get('new-invite')?.state).toBe('scheduled');
    expect(byEvent.get('next-week')?.start).toBe('2026-12-04T10:00:00Z');
    microsoft.deleteEvent(EMAIL, 'new-invite');
    await pollAndFire(rt);
    expect((await outlookInterviews(rt)).find((i) => i.eventId === 'new-invite')?.state).toBe('cancelled');
    const before = await outbox(dir);
    now = new Date('2026-12-03T14:00:00Z');
    await pollAndFire(rt);
    expect((await added(dir, before)).filter((m) => m.includes('thank-you'))).toEqual([]);
  });

  it('an interview that already happened stays thanked when its event leaves the calendar', async () => {
    microsoft.deleteEvent(EMAIL, 'ended-just-now');
    await pollAndFire(rt);
    expect((await outlookInterviews(rt)).find((i) => i.eventId === 'ended-just-now')?.state).toBe(
      'scheduled',
    );
  });

  it('recovers from 410 syncStateNotFound with one full listing and no duplicates', async () => {
    const before = (await outlookInterviews(rt)).map((i) => i.id).sort();
    microsoft.dropDeltaTokens();
    microsoft.upsertEvent(
      EMAIL,
      invite('after-410', '2026-12-08T09:00:00Z', 45, { subject: 'Interview with Initech' }),
    );
    await pollAndFire(rt);
    const after = (await outlookInterviews(rt)).map((i) => i.id).sort();
    expect(after).toHaveLength(before.length + 1);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('rides out throttling (429 and 503 with Retry-After) and saves its cursor', async () => {
    const token = (await rt.deps.store.list('connection', rt.userId))[0]?.syncToken;
    microsoft.upsertEvent(
      EMAIL,
      invite('throttled', '2026-12-09T09:00:00Z', 45, { subject: 'Interview with Umbrella' }),
    );
    microsoft.throttle(2, 1, 429);
    await pollAndFire(rt);
    expect((await outlookInterviews(rt)).some((i) => i.eventId === 'throttled')).toBe(true);
    expect((await rt.deps.store.list('connection', rt.userId))[0]?.syncToken).not.toBe(token);
  });

  it('refuses forged notifications and changes nothing', async () => {
    const connection = (await rt.deps.store.list('connection', rt.userId))[0];
    const before = microsoft.graph.requests.length;
    const forged = await fetch(`${rt.url}/webhooks/microsoft`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [
          {
            subscriptionId: 'made-up',
            clientState: `v1.${rt.userId}.${connection?.id}.${'x'.repeat(32)}`,
            changeType: 'created',
          },
        ],
      }),
    });
    expect(forged.status).toBe(403);
    await rt.queue.idle();
    expect(microsoft.graph.requests.length).toBe(before);
  });

  it('a revoked grant: one reconnect mail naming Outlook and the account; syncing stops', async () => {
    microsoft.setGrant(EMAIL, 'invalid_grant');
    const before = await outbox(dir);
    await pollAndFire(rt);
    await pollAndFire(rt);
    const mails = await added(dir, before);
    expect(mails).toHaveLength(1);
    const mail = await readFile(join(dir, 'outbox', mails[0] ?? ''), 'utf8');
    expect(mail).toContain('Outlook');
    expect(mail).toContain(EMAIL);
    expect(mail).toContain('/connect/microsoft');
    expect((await rt.deps.store.list('connection', rt.userId))[0]?.status).toBe('broken');
    const requests = microsoft.identity.tokenRequests.length + microsoft.graph.requests.length;
    await pollAndFire(rt);
    expect(microsoft.identity.tokenRequests.length + microsoft.graph.requests.length).toBe(requests);
  });

  it('reconnecting revives the same connection without duplicating interviews or prompts', async () => {
    microsoft.setGrant(EMAIL, 'ok');
    const interviews = (await outlookInterviews(rt)).map((i) => i.id).sort();
    const before = await outbox(dir);
    microsoft.signInNext(EMAIL);
    const landed = await browser.open(`${rt.url}/connect/microsoft`);
    expect(landed.url).toBe(`${localhost}/?connected=microsoft`);
    await rt.queue.idle();
    await fireDue(rt);
    const connections = await rt.deps.store.list('connection', rt.userId);
    expect(connections).toHaveLength(1);
    expect(connections[0]?.status).toBe('active');
    expect((await outlookInterviews(rt)).map((i) => i.id).sort()).toEqual(interviews);
    expect(await added(dir, before)).toEqual([]);
  });

  it('disconnects: tokens forgotten and pending schedules cancelled', async () => {
    const connection = (await rt.deps.store.list('connection', rt.userId))[0];
    const done = await browser.post(`${localhost}/oauth/microsoft/disconnect`, {
      connectionId: connection?.id ?? '',
    });
    expect(done.status).toBe(303);
    const after = (await rt.deps.store.list('connection', rt.userId))[0];
    expect(after?.status).toBe('deleted');
    expect(after?.encryptedRefreshToken).toBeUndefined();
    const before = await outbox(dir);
    now = new Date('2026-12-04T12:00:00Z');
    await pollAndFire(rt);
    expect(await added(dir, before)).toEqual([]);
  });
});
