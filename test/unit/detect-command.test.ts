import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main, runDetect } from '../../functions/local/commands/detect.js';

const owner = { email: 'jane.doe@gmail.com', timeZone: 'America/New_York' };

const googleInterview = {
  id: 'g-1',
  provider: 'google',
  owner,
  event: {
    id: 'abc',
    status: 'confirmed',
    summary: 'Phone Screen: Backend Engineer at Plaid',
    organizer: { email: 'rec@plaid.com' },
    start: { dateTime: '2026-03-10T10:00:00-05:00' },
    end: { dateTime: '2026-03-10T10:30:00-05:00' },
    attendees: [{ email: 'jane.doe@gmail.com', self: true, responseStatus: 'accepted' }],
  },
};

const graphStandup = {
  id: 'm-1',
  provider: 'microsoft',
  owner,
  event: {
    id: 'AAMk1',
    subject: 'Daily standup',
    start: { dateTime: '2026-03-10T09:00:00.0000000', timeZone: 'Eastern Standard Time' },
    end: { dateTime: '2026-03-10T09:15:00.0000000', timeZone: 'Eastern Standard Time' },
  },
};

function parseLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

function writeAndClose(file: string): string {
  writeFileSync(file, '');
  return file;
}

function io(stdinText = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  stderr.on('data', (chunk) => {
    err += String(chunk);
  });
  return { streams: { stdin: Readable.from([stdinText]), stdout, stderr }, out: () => out, err: () => err };
}

describe('runDetect', () => {
  it('prints one line per item with the decision, company, role and reasons', async () => {
    const [first, second] = parseLines(await runDetect(JSON.stringify([googleInterview, graphStandup])));
    expect(first).toMatchObject({ id: 'g-1', interview: true, company: 'Plaid', role: 'Backend Engineer' });
    expect(first?.score).toBeGreaterThan(0.5);
    expect(first?.reasons).toContain("title mentions 'phone screen'");
    expect(second).toMatchObject({ id: 'm-1', interview: false });
    expect(second).not.toHaveProperty('company');
  });

  it('reports removed events as not interviews', async () => {
    const removed = {
      id: 'r',
      provider: 'microsoft',
      owner,
      event: { id: 'AAMk2', '@removed': { reason: 'deleted' } },
    };
    expect(parseLines(await runDetect(JSON.stringify([removed])))).toEqual([
      {
        id: 'r',
        interview: false,
        decision: 'ignore',
        score: 0,
        reasons: ['the event was removed or cancelled'],
      },
    ]);
  });

  it('gives bad items an error line and carries on', async () => {
    const items = [
      { id: 'no-provider', owner, event: {} },
      { id: 'bad-owner', provider: 'google', owner: { email: 'not-an-email', timeZone: 'UTC' }, event: {} },
      { id: 'bad-event', provider: 'google', owner, event: { summary: 'no id' } },
      {
        id: 'bad-zone',
        provider: 'microsoft',
        owner,
        event: { ...graphStandup.event, start: { dateTime: 'x', timeZone: 'Nowhere' } },
      },
      42,
      null,
      googleInterview,
    ];
    const lines = parseLines(await runDetect(JSON.stringify(items)));
    expect(lines).toHaveLength(items.length);
    expect(lines[0]).toMatchObject({ id: 'no-provider', error: expect.stringContaining('provider') });
    expect(lines[1]).toMatchObject({ id: 'bad-owner', error: expect.stringContaining('owner.email') });
    expect(lines[2]).toMatchObject({
      id: 'bad-event',
      error: expect.stringContaining('not a Google Calendar event: id'),
    });
    expect(lines[3]).toMatchObject({
      id: 'bad-zone',
      error: expect.stringContaining("unknown time zone 'Nowhere'"),
    });
    expect(lines[4]).toEqual({ error: expect.stringContaining('item 4') });
    expect(lines[5]).toEqual({ error: expect.stringContaining('item 5') });
    expect(lines[6]).toMatchObject({ id: 'g-1', interview: true });
  });

  it('survives hostile content', async () => {
    const hostile = {
      id: '<script>alert(1)</script>',
      provider: 'microsoft',
      owner,
      event: {
        ...graphStandup.event,
        subject: `Interview ${'\u202e'.repeat(10)}${'<img src=x onerror=alert(1)>'.repeat(50)}`,
        body: {
          contentType: 'html',
          content: `<div>${'&lt;b&gt;'.repeat(100_000)}</div><script>while(1){}</script>`,
        },
        attendees: Array.from({ length: 500 }, (_, index) => ({
          type: 'required',
          emailAddress: { address: `p${index}@x.com` },
        })),
        __proto__: { polluted: true },
      },
    };
    const [line] = parseLines(await runDetect(JSON.stringify([hostile])));
    expect(line).toMatchObject({ id: '<script>alert(1)</script>' });
    expect(typeof line?.interview).toBe('boolean');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses input that is not a JSON array', async () => {
    await expect(runDetect('{"id":1}')).rejects.toThrow('input must be a JSON array of items');
    await expect(runDetect('[not json')).rejects.toThrow(/input is not valid JSON/);
  });
});

describe('main', () => {
  it('reads a file and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterview-detect-'));
    const file = join(dir, 'items.json');
    writeFileSync(file, JSON.stringify([googleInterview, graphStandup]));
    const run = io();
    expect(await main([file], run.streams)).toBe(0);
    const lines = run.out().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ id: 'g-1', interview: true });
  });

  it('reads stdin with -', async () => {
    const run = io(JSON.stringify([graphStandup]));
    expect(await main(['-'], run.streams)).toBe(0);
    expect(JSON.parse(run.out())).toMatchObject({ id: 'm-1', interview: false });
  });

  it('prints one error line and exits 2 for unparsable or non-array input', async () => {
    const garbage = io('this is not json');
    expect(await main(['-'], garbage.streams)).toBe(2);
    expect(garbage.out().trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(garbage.out())).toEqual({ error: expect.stringContaining('not valid JSON') });

    const object = io('{"items": []}');
    expect(await main(['-'], object.streams)).toBe(2);
    expect(JSON.parse(object.out())).toEqual({ error: 'input must be a JSON array of items' });
  });

  it('reads a file saved with a byte-order mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterview-detect-'));
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify([graphStandup])}`);
    const run = io();
    expect(await main([file], run.streams)).toBe(0);
    expect(JSON.parse(run.out())).toMatchObject({ id: 'm-1', interview: false });
  });

  it('refuses a file larger than stdin may be, before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterview-detect-'));
    const file = join(dir, 'huge.json');
    // A sparse file: 60 MB long, nothing written.
    truncateSync(writeAndClose(file), 60 * 1024 * 1024);
    const run = io();
    expect(await main([file], run.streams)).toBe(2);
    expect(JSON.parse(run.out())).toEqual({
      error: `cannot read ${file}: the file is larger than 52428800 bytes`,
    });
  });

  it('exits 2 with a clear line for a missing file and usage for no argument', async () => {
    const missing = io();
    expect(await main(['/nonexistent/afterview.json'], missing.streams)).toBe(2);
    expect(JSON.parse(missing.out())).toEqual({
      error: expect.stringContaining('cannot read /nonexistent/afterview.json'),
    });
    const usage = io();
    expect(await main([], usage.streams)).toBe(2);
    expect(usage.err()).toContain('usage: afterview detect');
  });
});

describe('detect --score', () => {
  it('counts a wrong label as a miss and fails under a required minimum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'score-'));
    const file = join(dir, 'set.json');
    const wrong = { ...graphStandup, label: { interview: true, language: 'en', kind: 'routine' } };
    const right = { ...googleInterview, label: { interview: true, language: 'en', kind: 'screen' } };
    writeFileSync(file, JSON.stringify([right, wrong]));
    const { streams, out, err } = io();
    const code = await main(['--score', file, '--misses', '--min-recall', '0.9'], streams);
    expect(code).toBe(1);
    expect(out()).toContain('precision 1.000 recall 0.500 (tp 1 fp 0 fn 1 tn 0)');
    expect(out()).toContain('m-1 interview ignore');
    expect(err()).toContain('recall 0.500 < 0.9');
  });
});
