/**
 * `afterview start --poll 5` as a person runs it: a child process with the
 * Google variables pointing at the local Google server. Connect through the
 * browser flow, see the first sync's thank-you, then a change on the calendar
 * reach the runner by its own polling, and Ctrl-C stop it cleanly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventInput, GoogleServer } from '../support/google-server/google-server.js';
import { TestBrowser } from '../support/oauth-browser.js';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function interview(id: string, endedMinutesAgo: number, company: string, person: string): EventInput {
  return {
    id,
    summary: `Interview with ${company}`,
    description: `Technical interview for the Backend Engineer role at ${company}.`,
    start: { dateTime: minutesAgo(endedMinutesAgo + 45) },
    end: { dateTime: minutesAgo(endedMinutesAgo) },
    attendees: [
      { email: 'sam@gmail.test', self: true, responseStatus: 'accepted' },
      {
        email: `${person.toLowerCase()}@${company.toLowerCase()}.example`,
        displayName: `${person} Rivera`,
        responseStatus: 'accepted',
      },
    ],
  };
}

async function thankYous(dir: string): Promise<string[]> {
  const files = await readdir(join(dir, 'outbox')).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith('.eml') && f.includes('thank-you'));
}

async function until<T>(what: () => Promise<T | undefined>, label: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('afterview start --poll 5 with Google Calendar', () => {
  let dir: string;
  let google: GoogleServer;
  let child: ChildProcess;
  let output = '';
  let url = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterview-start-google-'));
    google = await GoogleServer.start({ redirectUris: [] });
    google.oauth.account = { sub: '77', email: 'sam@gmail.test', emailVerified: true, name: 'Sam Lee' };
    child = spawn(
      process.execPath,
      [
        'bin/afterview.mjs',
        'start',
        '--poll',
        '5',
        '--port',
        '0',
        '--data',
        dir,
        '--email',
        'sam@gmail.test',
        '--tz',
        'UTC',
      ],
      { env: { ...process.env, ...google.env() }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    url = await until(
      async () => output.match(/Dashboard: +(http:\/\/127\.0\.0\.1:\d+)\//)?.[1],
      'the runner',
    );
    google.oauth.client.redirectUris.push(`${url.replace('127.0.0.1', 'localhost')}/oauth/google/callback`);
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await google?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says how to connect Google, connects, and prompts for the interview that just ended', async () => {
    expect(output).toContain('/connect/google');
    // The demo calendar runs first; its thank-you is not the one this test waits for.
    const demo = [await until(async () => (await thankYous(dir))[0], 'the demo thank-you')];
    google.calendar.put(interview('ended', 5, 'Initech', 'Maya'));
    const landed = await new TestBrowser().open(`${url}/connect/google`);
    expect(landed.body).toContain('Google Calendar connected');
    const file = await until(
      async () => (await thankYous(dir)).find((f) => !demo.includes(f)),
      'the thank-you',
    );
    const mail = await readFile(join(dir, 'outbox', file), 'utf8');
    expect(mail).toContain('Maya');
  }, 90_000);

  it('picks up a new interview by its own polling, every --poll seconds', async () => {
    const before = (await thankYous(dir)).length;
    google.calendar.put(interview('later', 1, 'Globex', 'Noor'));
    await until(async () => ((await thankYous(dir)).length > before ? true : undefined), 'the next poll');
    expect(
      google.calendar.listCalls.some((c) => c.syncToken),
      JSON.stringify(google.calendar.listCalls),
    ).toBe(true);
  }, 90_000);

  it('stops cleanly on Ctrl-C', async () => {
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(output).toContain('Stopped cleanly');
    expect(code, output).toBe(0);
  }, 60_000);
});
