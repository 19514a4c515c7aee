/**
 * The local runner's edges: one runner per data folder and a busy port said
 * in one line; a bad --ics refused at start; saved settings surviving a
 * restart; delete taking schedules and outbox too; a hostile ICS feed read on
 * a worker thread with the interview prompted; an unreadable feed breaking
 * the connection once and saying so on the dashboard; stop during a sync.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox, OutboxMailer } from '../../functions/adapters/mail/outbox.js';
import { saveSettings } from '../../functions/core/settings.js';
import { run } from '../../functions/local/cli.js';
import { icsProblem } from '../../functions/local/ics-check.js';
import { type LocalOptions, type LocalRuntime, startLocal } from '../../functions/local/runtime.js';
import { StartError } from '../../functions/local/start-error.js';
import { CORPUS_NOW, readCorpus, withInterview } from '../support/ics-corpus.js';

let now = new Date(CORPUS_NOW);
const clock = { now: () => now };
let dir: string;
const running: LocalRuntime[] = [];

function options(extra: Partial<LocalOptions> = {}): LocalOptions {
  return {
    dataDir: join(dir, 'data'),
    port: 0,
    email: 'me@example.test',
    timeZone: 'Europe/Berlin',
    pollSeconds: 3600,
    clock,
    background: false,
    ...extra,
  };
}

async function start(extra: Partial<LocalOptions> = {}): Promise<LocalRuntime> {
  const rt = await startLocal(options(extra));
  running.push(rt);
  return rt;
}

async function stop(rt: LocalRuntime): Promise<void> {
  running.splice(running.indexOf(rt), 1);
  await rt.stop();
}

async function fireDue(rt: LocalRuntime): Promise<void> {
  while ((await rt.scheduler.runDue()) > 0) {}
}

async function mails(): Promise<string[]> {
  return (await readdir(join(dir, 'data', 'outbox')).catch(() => [])).filter((f) => f.endsWith('.eml'));
}

beforeEach(async () => {
  now = new Date(CORPUS_NOW);
  dir = await mkdtemp(join(tmpdir(), 'afterview-guards-'));
});

afterEach(async () => {
  for (const rt of running.splice(0)) await rt.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('starting', () => {
  it('refuses a second runner on the same data folder, in one line, and frees it on stop', async () => {
    const first = await start();
    const second = await startLocal(options()).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(StartError);
    expect((second as Error).message).toMatch(
      /^another Afterview runner \(process \d+\) is using .*data; stop it first/,
    );
    expect((second as Error).message).not.toContain('\n');
    await stop(first);
    await stop(await start());
  });

  it('says in one line that the port is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startLocal(options({ port })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StartError);
      expect((error as Error).message).toBe(
        `port ${port} on 127.0.0.1 is already in use; choose another with --port`,
      );
      // The data folder is free again for the next try.
      await stop(await start());
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('afterview start refuses a bad --ics in one line, before starting anything', async () => {
    let err = '';
    const io = {
      stdin: process.stdin,
      stdout: { write: () => true } as unknown as NodeJS.WritableStream,
      stderr: {
        write: (text: string) => {
          err += text;
          return true;
        },
      } as unknown as NodeJS.WritableStream,
    };
    const code = await run(['start', '--data', join(dir, 'data'), '--ics', 'ftp://example.test/cal.ics'], io);
    expect(code).toBe(2);
    expect(err).toBe(
      'afterview start: --ics ftp://example.test/cal.ics: unsupported calendar URL scheme ftp:; use a file, http(s):// or webcal://\n',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a missing, unsupported or non-calendar --ics with the reason', async () => {
    const notIcs = join(dir, 'notes.txt');
    await writeFile(notIcs, 'hello');
    const good = join(dir, 'good.ics');
    await writeFile(good, `\uFEFF${readCorpus('google-holidays.ics')}`);
    expect(await icsProblem(join(dir, 'missing.ics'))).toBe(
      `--ics ${join(dir, 'missing.ics')}: no such file`,
    );
    expect(await icsProblem('ftp://example.test/cal.ics')).toMatch(/unsupported calendar URL scheme ftp:/);
    expect(await icsProblem(notIcs)).toMatch(
      /is not an iCalendar file \(it should start with BEGIN:VCALENDAR\)/,
    );
    expect(await icsProblem(dir)).toMatch(/is not a file/);
    expect(await icsProblem(good)).toBeUndefined();
    expect(await icsProblem('webcal://example.test/cal.ics')).toBeUndefined();
  });
});

describe('settings and data', () => {
  it('keeps a time zone saved in Settings over --tz at the next start', async () => {
    const first = await start({ timeZone: 'Europe/Berlin' });
    const settings = await first.deps.store.get('settings', first.userId, first.userId);
    await saveSettings(first.deps, settings!, { timeZone: 'America/Chicago' });
    await stop(first);
    const second = await start({ timeZone: 'Europe/Berlin' });
    expect((await second.deps.store.get('settings', second.userId, second.userId))?.timeZone).toBe(
      'America/Chicago',
    );
  });

  it('delete removes the outbox mails and every schedule of the user', async () => {
    const rt = await start();
    await rt.pollNow();
    await fireDue(rt);
    expect((await mails()).length).toBeGreaterThan(0);
    expect((await rt.scheduler.listPending()).length).toBeGreaterThan(0);
    const response = await fetch(`${rt.url}/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: rt.url },
      body: 'confirm=DELETE',
    });
    expect(response.status).toBe(200);
    expect(await mails()).toEqual([]);
    expect(await rt.scheduler.listPending()).toEqual([]);
    expect(await rt.scheduler.listDeadLetters()).toEqual([]);
    expect(await rt.deps.store.list('interview', rt.userId)).toEqual([]);
  });

  it('lists only the newest mails of a large outbox', async () => {
    const dataDir = join(dir, 'box');
    await mkdir(dataDir, { recursive: true });
    const mailer = new OutboxMailer({ dataDir, from: 'Afterview <a@localhost>', clock });
    for (let i = 0; i < 60; i++) {
      now = new Date(CORPUS_NOW.getTime() + i * 1000);
      await mailer.send({
        to: 'me@example.test',
        subject: `Mail ${i}`,
        html: '<p>x</p>',
        text: 'x',
        idempotencyKey: `k${i}`,
        tags: {},
      });
    }
    const listed = await listOutbox(dataDir);
    expect(listed).toHaveLength(50);
    expect(listed[0]!.subject).toBe('Mail 59');
    expect(listed.at(-1)!.subject).toBe('Mail 10');
  });
});

describe('an ICS calendar', () => {
  it('reads a hostile feed on a worker thread and prompts the interview beside it', async () => {
    const file = join(dir, 'calendar.ics');
    await writeFile(file, withInterview(readCorpus('broken-recurrence-rules.ics'), 'last'));
    const rt = await start({ ics: file });
    await rt.pollNow();
    await fireDue(rt);
    const interviews = await rt.deps.store.list('interview', rt.userId);
    expect(interviews.map((i) => i.title)).toContain('Interview: Acme Corp – Staff Engineer');
    expect((await mails()).filter((m) => m.includes('thank-you'))).toHaveLength(1);
    expect((await fetch(`${rt.url}/health`)).status).toBe(200);
  });

  it('breaks the connection once when the feed is not a calendar, says so, and retries after a restart', async () => {
    const file = join(dir, 'calendar.ics');
    await writeFile(file, withInterview(readCorpus('google-holidays.ics'), 'last'));
    const rt = await start({ ics: file });
    await rt.pollNow();
    await writeFile(file, '<html>Moved</html>');
    await rt.pollNow();
    await rt.pollNow();
    await fireDue(rt);
    const connection = await rt.deps.store.get('connection', rt.userId, rt.connectionId);
    expect(connection).toMatchObject({
      status: 'broken',
      brokenReason: 'the feed is not iCalendar: it holds no VCALENDAR',
    });
    expect((await mails()).filter((m) => m.includes('broken'))).toHaveLength(1);
    const page = await (await fetch(`${rt.url}/`)).text();
    expect(page).toContain('Afterview cannot read your calendar');
    expect(page).toContain('it holds no VCALENDAR');
    await stop(rt);

    await writeFile(file, withInterview(readCorpus('google-holidays.ics'), 'last'));
    const again = await start({ ics: file });
    expect((await again.deps.store.get('connection', again.userId, again.connectionId))?.status).toBe(
      'active',
    );
  });

  it('stops during a sync of a large feed: the sync ends, nothing hangs', async () => {
    const file = join(dir, 'big.ics');
    const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0'];
    for (let i = 0; i < 20_000; i++) {
      lines.push(
        'BEGIN:VEVENT',
        `UID:e${i}`,
        `DTSTART:202612${String(1 + (i % 28)).padStart(2, '0')}T100000Z`,
        'DURATION:PT30M',
        'SUMMARY:Busy',
        'END:VEVENT',
      );
    }
    lines.push('END:VCALENDAR');
    await writeFile(file, lines.join('\r\n'));
    const rt = await start({ ics: file });
    const poll = rt.pollNow();
    await stop(rt);
    await poll;
    const restarted = await start({ ics: file });
    expect(restarted.connectionId).toBe(rt.connectionId);
  });
});
