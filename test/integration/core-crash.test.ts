/**
 * Invariant 1 across the whole pipeline: a crash after any write of a sync or
 * a follow-up (the process dies; the queue or scheduler runs it again) never
 * loses a prompt and never sends one twice.
 */
import { describe, expect, it } from 'vitest';
import { CoreHarness, calendarEvent } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

const BEFORE = '2026-03-02T08:00:00Z';
// Wed 4 Mar 2026, 14:00-15:00 Berlin.
const INTERVIEW = calendarEvent({
  id: 'evt-1',
  start: '2026-03-04T13:00:00Z',
  end: '2026-03-04T14:00:00Z',
  people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
  description: "You'll meet: Olu Adeyemi",
});
const EXPECTED = ['prep', 'thank-you', 'status-check'];

/** First sync, prep, thank-you, a repeated sync and the status check; returns the mails by kind. */
async function wholeStory(h: CoreHarness): Promise<string[]> {
  h.calendar.onToken(undefined, [{ changes: [INTERVIEW], nextSyncToken: 'tok-1', full: true }]);
  h.calendar.onToken('tok-1', [{ changes: [INTERVIEW], nextSyncToken: 'tok-1', full: false }]);
  await h.withRetry(() => h.sync());
  await h.advanceAndSettle('2026-03-04T12:00:00Z');
  await h.advanceAndSettle('2026-03-04T14:00:00Z');
  // A later sync that sees the same event again is harmless.
  await h.withRetry(() => h.sync());
  // 5 business days after Wed 4 Mar: Wed 11 Mar, 09:00 Berlin.
  await h.advanceAndSettle('2026-03-11T08:00:00Z');
  return h.mailer.sent.map((m) => m.tags.kind ?? '?');
}

describe('the whole story survives a crash after any write', () => {
  it('sends prep, thank-you and status check exactly once, whichever write crashes', async () => {
    const probe = await CoreHarness.create(dynalite, { start: BEFORE });
    const writesBefore = probe.store.writes;
    expect(await wholeStory(probe)).toEqual(EXPECTED);
    const writes = probe.store.writes - writesBefore;
    expect(writes).toBeGreaterThanOrEqual(12);

    // One story per crash position; each has its own table, so a few run side by side.
    const story = async (n: number): Promise<string | undefined> => {
      const h = await CoreHarness.create(dynalite, { start: BEFORE });
      h.store.crashAfter(n);
      const mails = await wholeStory(h);
      const crashedAfter = h.store.log[writesBefore + n - 1];
      const tasks = await h.list('task');
      const token = (await h.connection()).syncToken;
      const dead = (await h.scheduler.listDeadLetters()).length;
      const ok =
        JSON.stringify(mails) === JSON.stringify(EXPECTED) &&
        token === 'tok-1' &&
        tasks.length === 4 &&
        dead === 0;
      return ok
        ? undefined
        : `crash after write ${n} (${crashedAfter}): ${JSON.stringify(mails)}, ${tasks.length} tasks, ${dead} dead`;
    };
    const failures: string[] = [];
    for (let n = 1; n <= writes; n += 8) {
      const batch = Array.from({ length: Math.min(8, writes - n + 1) }, (_, i) => story(n + i));
      for (const failure of await Promise.all(batch)) if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
