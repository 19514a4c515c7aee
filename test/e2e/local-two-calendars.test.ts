/**
 * One interview, two calendars, through the local runner: the person
 * connects Google Calendar and Outlook, the same invitation (one iCalUID)
 * is in both, and one set of follow-ups comes out; a cancellation in either
 * calendar cancels it.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocal } from '../../functions/local/runtime.js';
import { GoogleServer } from '../support/google-server/google-server.js';
import { MicrosoftServer } from '../support/microsoft-server/server.js';
import { TestBrowser } from '../support/oauth-browser.js';

const EMAIL = 'alex@gmail.test';
let now = new Date('2026-11-25T14:00:00Z');
const clock = { now: () => now };
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

async function outbox(dir: string): Promise<string[]> {
  try {
    return (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
}

async function pollAndFire(rt: LocalRuntime): Promise<void> {
  await rt.pollNow();
  while ((await rt.scheduler.runDue()) > 0) {}
}

/** The same invitation as each provider shows it. */
function invitation(uid: string, start: string, minutes: number, subject: string) {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  const people = [
    { email: 'jane.doe@acmerobotics.com', name: 'Jane Doe' },
    { email: 'raj.patel@acmerobotics.com', name: 'Raj Patel' },
  ];
  return {
    google: {
      id: `g-${uid}`,
      iCalUID: uid,
      summary: subject,
      start: { dateTime: start },
      end: { dateTime: end },
      organizer: { email: 'recruiting@acmerobotics.com', displayName: 'Acme Recruiting' },
      attendees: [
        { email: EMAIL, self: true, responseStatus: 'accepted' },
        ...people.map((p) => ({ email: p.email, displayName: p.name, responseStatus: 'accepted' })),
      ],
    },
    outlook: {
      id: `AAMk-${uid}`,
      uid,
      iCalUId: `040000008200E00074C5B7101A82E008-${uid}`,
      subject,
      start,
      end,
      organizer: { emailAddress: { name: 'Acme Recruiting', address: 'recruiting@acmerobotics.com' } },
      attendees: [
        { type: 'required', status: { response: 'accepted' }, emailAddress: { address: EMAIL } },
        ...people.map((p) => ({
          type: 'required',
          status: { response: 'accepted' },
          emailAddress: { name: p.name, address: p.email },
        })),
      ],
    },
  };
}

describe('the same invitation in Google Calendar and Outlook', () => {
  let dir: string;
  let rt: LocalRuntime;
  let google: GoogleServer;
  let microsoft: MicrosoftServer;
  const browser = new TestBrowser();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterview-two-calendars-'));
    google = await GoogleServer.start();
    microsoft = await new MicrosoftServer().start();
    microsoft.addAccount({ email: EMAIL, personal: true });
    rt = await startLocal({
      dataDir: dir,
      port: 0,
      email: EMAIL,
      timeZone: 'Europe/Berlin',
      pollSeconds: 5,
      clock,
      background: false,
      env: { ...google.env(), ...microsoft.env() },
    });
    google.oauth.client.redirectUris.push(
      `${rt.url.replace('127.0.0.1', 'localhost')}/oauth/google/callback`,
    );
    const ended = invitation('acme-onsite-1', at(-55), 45, 'Interview: Staff Engineer at Acme Robotics');
    const upcoming = invitation('acme-final-2', '2026-12-02T10:00:00Z', 60, 'Final round with Acme Robotics');
    google.calendar.put(ended.google);
    google.calendar.put(upcoming.google);
    microsoft.upsertEvent(EMAIL, ended.outlook);
    microsoft.upsertEvent(EMAIL, upcoming.outlook);
  });

  afterAll(async () => {
    await rt?.stop();
    await google?.close();
    await microsoft?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives one thank-you prompt after connecting both calendars', async () => {
    const before = await outbox(dir);
    expect((await browser.open(`${rt.url}/connect/google`)).response.status).toBe(200);
    microsoft.signInNext(EMAIL);
    expect((await browser.open(`${rt.url}/connect/microsoft`)).response.status).toBe(200);
    await rt.queue.idle();
    await pollAndFire(rt);
    await pollAndFire(rt);
    const providers = (await rt.deps.store.list('connection', rt.userId)).map((c) => c.provider).sort();
    expect(providers).toEqual(['google', 'microsoft']);
    const added = (await outbox(dir)).filter((m) => !before.includes(m));
    expect(added.filter((m) => m.includes('thank-you'))).toHaveLength(1);
    const interviews = await rt.deps.store.list('interview', rt.userId);
    expect(interviews.filter((i) => i.state === 'duplicate')).toHaveLength(2);
    expect(interviews.filter((i) => i.state === 'scheduled')).toHaveLength(2);
  });

  it('a cancellation in Outlook cancels the upcoming interview first seen in Google', async () => {
    microsoft.deleteEvent(EMAIL, 'AAMk-acme-final-2');
    await pollAndFire(rt);
    const interviews = await rt.deps.store.list('interview', rt.userId);
    const final = interviews.find((i) => i.iCalUID === 'acme-final-2' && i.state !== 'duplicate');
    expect(final?.state).toBe('cancelled');
    const before = await outbox(dir);
    now = new Date('2026-12-02T11:30:00Z');
    await pollAndFire(rt);
    expect((await outbox(dir)).filter((m) => !before.includes(m) && m.includes('thank-you'))).toEqual([]);
  });
});
