import { describe, expect, it } from 'vitest';
import { applicationsCsv, csvCell, exportUserData } from '../../functions/core/users/export-data.js';
import { MemoryStore } from '../../sim/fakes/memory-store.js';
import { application, interview, NOW, settings, task, USER } from '../support/web-fixtures.js';

async function seeded() {
  const store = new MemoryStore();
  await store.put('settings', settings());
  await store.put(
    'application',
    application({ company: '=HYPERLINK("http://evil.test","Acme")', role: 'Dev, "Platform"' }),
  );
  await store.put(
    'interview',
    interview({ notes: { 'jane@acme.example': 'Talked about Dagster', overall: 'Ask about on-call' } }),
  );
  await store.put('task', task());
  await store.put('task', task({ id: 'task-2', state: 'done', doneAt: '2026-03-03T15:00:00Z' }));
  await store.put('connection', {
    userId: USER,
    id: 'ics-1',
    version: 0,
    provider: 'ics',
    calendarId: 'https://cal.example/me.ics',
    status: 'active',
    syncToken: 'secret-cursor',
    lastSyncAt: '2026-03-02T09:00:00Z',
  });
  return store;
}

describe('the export', () => {
  it('reads as a person would: names, words and local times, no internal fields', async () => {
    const store = await seeded();
    const data = await exportUserData({ store, clock: { now: () => NOW } }, USER);
    const text = JSON.stringify(data);
    for (const internal of [
      'version',
      'userId',
      'syncToken',
      'secret-cursor',
      'applicationId',
      'detection',
      'key',
    ]) {
      expect(text).not.toContain(`"${internal}"`);
    }
    expect(text).not.toContain('secret-cursor');
    expect(data.calendars).toEqual([
      {
        kind: 'ICS calendar',
        address: 'https://cal.example/me.ics',
        status: 'watching',
        lastRead: '2026-03-02T10:00:00+01:00',
      },
    ]);
    const [app] = data.applications;
    expect(app?.status).toBe('waiting');
    expect(app?.interviews[0]).toMatchObject({
      start: '2026-03-03T14:00:00+01:00',
      interviewers: [{ name: 'Jane Doe', email: 'jane@acme.example' }, { name: 'Bo Li' }],
      notes: [
        { about: 'Jane Doe', text: 'Talked about Dagster' },
        { about: 'overall', text: 'Ask about on-call' },
      ],
    });
    expect(app?.tasks.map((t) => [t.what, t.state])).toEqual([
      ['Thank-you note to Jane Doe', 'open'],
      ['Thank-you note to Jane Doe', 'done'],
    ]);
  });

  it('writes a CSV a spreadsheet opens safely: quoted, BOM, CRLF, no formulas from calendar text', async () => {
    const store = await seeded();
    const csv = applicationsCsv(await exportUserData({ store, clock: { now: () => NOW } }, USER));
    expect(csv.startsWith('\uFEFF"Company"')).toBe(true);
    const [, row] = csv.slice(1).split('\r\n');
    expect(row).toBe(
      `"'=HYPERLINK(""http://evil.test"",""Acme"")","Dev, ""Platform""","waiting","","2026-03-03 14:00","2026-03-03 14:00","1","Jane Doe, Bo Li","1","",""`,
    );
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('defuses %j as a cell', (value) => {
    expect(csvCell(value)).toBe(`"'${value}"`);
  });
});
