/**
 * Invariants 3 and 8, and invariant 1 across the whole pipeline: the sync
 * token is saved only after its page is applied; an expired token leads to a
 * full resync and a reconcile; a revoked grant marks the connection broken
 * and emails once; a crash after any write of sync or follow-up is repaired
 * by the retry, with every prompt sent exactly once.
 */
import { describe, expect, it } from 'vitest';
import { SyncTokenExpiredError } from '../../functions/core/errors.js';
import { CLAIM_LEASE_MS, PromptInProgressError } from '../../functions/core/prompts.js';
import { CoreHarness, calendarEvent, removed } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';
import { SimulatedCrashError } from '../support/fakes.js';

const dynalite = useDynalite();

const BEFORE = '2026-03-02T08:00:00Z';
const MINUTE = 60_000;

function acme(
  id: string,
  start: string,
  end: string,
  extra: Parameters<typeof calendarEvent>[0] = { id, start, end },
) {
  return calendarEvent({
    people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
    ...extra,
    id,
    start,
    end,
  });
}

// Wed 4 Mar 2026, 14:00-15:00 Berlin.
const INTERVIEW = acme('evt-1', '2026-03-04T13:00:00Z', '2026-03-04T14:00:00Z');
const GLOBEX = calendarEvent({
  id: 'evt-2',
  title: 'Globex interview – Product Manager',
  start: '2026-03-05T10:00:00Z',
  end: '2026-03-05T11:00:00Z',
  people: [{ email: 'hank@globex.com', name: 'Hank Hill' }],
});
const LUNCH = calendarEvent({
  id: 'evt-3',
  title: 'Team lunch',
  start: '2026-03-05T11:00:00Z',
  end: '2026-03-05T12:00:00Z',
});

/**
 * Runs `work` as a queue would: after a crash, a new process runs it again;
 * a prompt claimed by the crashed one is taken over once its lease lapses.
 */
async function withRetry<T>(h: CoreHarness, work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const retryable = error instanceof SimulatedCrashError || error instanceof PromptInProgressError;
      if (!retryable || attempt >= 3) throw error;
      if (error instanceof PromptInProgressError) h.clock.advance(CLAIM_LEASE_MS + 1_000);
      h.store.restart();
    }
  }
}

/** Sets the clock, fires what is due, and lets failed firings retry a few minutes later. */
async function advanceAndSettle(h: CoreHarness, at: string): Promise<void> {
  await h.advanceTo(at);
  for (let round = 0; round < 5; round++) {
    if (!(await h.scheduler.listPending()).some((s) => s.lastError)) return;
    h.clock.advance(3 * MINUTE);
    await h.runDue();
  }
}

/** First sync, prep, thank-you and status check of one interview; returns the mails by kind. */
async function wholeStory(h: CoreHarness): Promise<string[]> {
  h.calendar.onToken(undefined, [{ changes: [INTERVIEW, LUNCH], nextSyncToken: 'tok-1', full: true }]);
  h.calendar.onToken('tok-1', [{ changes: [], nextSyncToken: 'tok-1', full: false }]);
  await withRetry(h, () => h.sync());
  await advanceAndSettle(h, '2026-03-04T12:00:00Z');
  await advanceAndSettle(h, '2026-03-04T14:00:00Z');
  // A later, harmless sync in between (the same page again).
  await withRetry(h, () => h.sync());
  // 5 business days after Wed 4 Mar: Wed 11 Mar, 09:00 Berlin.
  await advanceAndSettle(h, '2026-03-11T08:00:00Z');
  return h.mailer.sent.map((m) => m.tags.kind ?? '?');
}

describe('the whole story survives a crash after any write', () => {
  it('sends prep, thank-you and status check exactly once, whichever write crashes', async () => {
    const probe = await CoreHarness.create(dynalite, { start: BEFORE });
    const writesBefore = probe.store.writes;
    expect(await wholeStory(probe)).toEqual(['prep', 'thank-you', 'status-check']);
    const writes = probe.store.writes - writesBefore;
    expect(writes).toBeGreaterThanOrEqual(12);

    // One story per crash position; stories use their own tables, so a few run side by side.
    const story = async (n: number): Promise<string | undefined> => {
      const h = await CoreHarness.create(dynalite, { start: BEFORE });
      h.store.crashAfter(n);
      const mails = await wholeStory(h);
      const crashedAfter = h.store.log[writesBefore + n - 1];
      const token = (await h.connection()).syncToken;
      const ok =
        JSON.stringify(mails) === JSON.stringify(['prep', 'thank-you', 'status-check']) && token === 'tok-1';
      return ok
        ? undefined
        : `crash after write ${n} (${crashedAfter}): ${JSON.stringify(mails)}, token ${token}`;
    };
    const failures: string[] = [];
    for (let n = 1; n <= writes; n += 6) {
      const batch = Array.from({ length: Math.min(6, writes - n + 1) }, (_, i) => story(n + i));
      for (const failure of await Promise.all(batch)) if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });
});

describe('cancellation survives a crash after any write', () => {
  it('sends no thank-you and no status check for the cancelled interview', async () => {
    const setup = async () => {
      const h = await CoreHarness.create(dynalite, { start: BEFORE });
      h.calendar.page([INTERVIEW], 'tok-1', true);
      await h.sync();
      h.calendar.onToken('tok-1', [{ changes: [removed('evt-1')], nextSyncToken: 'tok-2', full: false }]);
      h.calendar.onToken('tok-2', [{ changes: [], nextSyncToken: 'tok-2', full: false }]);
      return h;
    };
    const probe = await setup();
    const before = probe.store.writes;
    await probe.sync();
    const writes = probe.store.writes - before;
    expect(writes).toBeGreaterThanOrEqual(3);
    for (let n = 1; n <= writes; n++) {
      const h = await setup();
      h.store.crashAfter(n);
      await withRetry(h, () => h.sync());
      await withRetry(h, () => h.sync());
      await h.advanceTo('2026-04-30T08:00:00Z');
      expect((await h.interview('evt-1'))?.state).toBe('cancelled');
      expect(
        h.mailer.sent.map((m) => m.tags.kind),
        `crash after write ${n} (${h.store.log.at(-1)})`,
      ).toEqual([]);
    }
  });
});

describe('sync token safety (invariant 3)', () => {
  it('saves the token only after every change of the page is applied; a re-run applies all', async () => {
    const page = [{ changes: [INTERVIEW, GLOBEX, LUNCH], nextSyncToken: 'tok-2', full: false }];
    const probe = await CoreHarness.create(dynalite, { start: BEFORE });
    probe.calendar.onToken(undefined, [{ changes: [], nextSyncToken: 'tok-1', full: true }]);
    await probe.sync();
    probe.calendar.onToken('tok-1', page);
    const before = probe.store.writes;
    await probe.sync();
    const writes = probe.store.writes - before;
    // The cursor is the last write of the sync.
    expect(probe.store.log.at(-1)).toBe(`connection:${probe.connectionId}`);

    for (let n = 1; n < writes; n++) {
      const h = await CoreHarness.create(dynalite, { start: BEFORE });
      h.calendar.onToken(undefined, [{ changes: [], nextSyncToken: 'tok-1', full: true }]);
      await h.sync();
      h.calendar.onToken('tok-1', page);
      h.store.crashAfter(n);
      await expect(h.sync()).rejects.toBeInstanceOf(SimulatedCrashError);
      h.store.restart();
      expect((await h.connection()).syncToken, `crash after write ${n}`).toBe('tok-1');
      const report = await h.sync();
      expect(report.changes).toBe(3);
      expect((await h.connection()).syncToken).toBe('tok-2');
      expect(h.calendar.calls).toEqual([undefined, 'tok-1', 'tok-1']);
      const interviews = await h.list('interview');
      expect(interviews.map((i) => i.eventId).sort(), `crash after write ${n}`).toEqual(['evt-1', 'evt-2']);
      const apps = await h.list('application');
      expect(apps.map((a) => a.id).sort()).toEqual(['acme-robotics', 'globex']);
      expect(
        apps.every((a) => a.statusCheckAt),
        `crash after write ${n}: status checks planned`,
      ).toBe(true);
      const pending = await h.scheduler.listPending();
      expect(pending.filter((s) => s.payload.kind === 'interview-ended')).toHaveLength(2);
      expect(pending.filter((s) => s.payload.kind === 'status-check')).toHaveLength(2);
    }
  });

  it('saves nothing when the provider fails on a later page, and the re-run applies both pages', async () => {
    const h = await CoreHarness.create(dynalite, { start: BEFORE });
    h.calendar.onToken(undefined, [{ changes: [], nextSyncToken: 'tok-1', full: true }]);
    await h.sync();
    h.calendar.answer({
      error: new Error('socket hang up'),
      afterPages: [{ changes: [INTERVIEW], full: false }],
    });
    await expect(h.sync()).rejects.toThrow('socket hang up');
    expect((await h.connection()).syncToken).toBe('tok-1');
    h.calendar.page([INTERVIEW], 'tok-never');
    h.calendar.answer({
      pages: [
        { changes: [INTERVIEW], full: false },
        { changes: [GLOBEX], nextSyncToken: 'tok-2', full: false },
      ],
    });
    // The first scripted answer is consumed by this sync; the two-page one by the next.
    await h.sync();
    await h.sync();
    expect((await h.connection()).syncToken).toBe('tok-2');
    expect((await h.list('interview')).map((i) => i.eventId).sort()).toEqual(['evt-1', 'evt-2']);
  });

  it('applying the same change twice is harmless: nothing rewritten, no extra schedule', async () => {
    const h = await CoreHarness.create(dynalite, { start: BEFORE });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    const snapshot = await h.snapshot();
    h.calendar.page([INTERVIEW, INTERVIEW], 'tok-1');
    const report = await h.sync();
    expect(report.outcomes).toEqual({ unchanged: 2 });
    const after = JSON.parse(await h.snapshot());
    const before = JSON.parse(snapshot);
    expect(after.entities.slice(2)).toEqual(before.entities.slice(2));
    expect(after.pending).toEqual(before.pending);
  });

  it('on an expired token, lists everything once and reconciles: the missing interview is cancelled, the listed one stays', async () => {
    const h = await CoreHarness.create(dynalite, { start: BEFORE });
    const other = acme('evt-4', '2026-03-06T09:00:00Z', '2026-03-06T10:00:00Z');
    h.calendar.page([INTERVIEW, other], 'tok-1', true);
    await h.sync();
    expect(await h.list('interview')).toHaveLength(2);

    h.calendar.expireToken().fullListing([INTERVIEW, LUNCH], 'tok-full');
    const report = await h.sync();
    expect(report.status).toBe('resynced');
    expect(h.calendar.calls).toEqual([undefined, 'tok-1', undefined]);
    expect((await h.interview('evt-1'))?.state).toBe('scheduled');
    expect((await h.interview('evt-4'))?.state).toBe('cancelled');
    expect((await h.connection()).syncToken).toBe('tok-full');
    expect(h.log.entries.some((e) => e.level === 'warn' && /expired/.test(e.message))).toBe(true);

    await h.advanceTo('2026-03-06T10:00:00Z');
    expect(h.renderer.ofKind('thank-you').map((v) => v.why)).toHaveLength(1);
    expect(h.renderer.ofKind('thank-you')[0]!.why).toContain(INTERVIEW.title);
  });

  it('keeps the follow-ups of an ended interview missing from the full listing', async () => {
    const h = await CoreHarness.create(dynalite, { start: BEFORE });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T14:00:00Z');
    h.calendar.expireToken().fullListing([], 'tok-full');
    await h.sync();
    expect((await h.interview('evt-1'))?.state).toBe('scheduled');
    await h.advanceTo('2026-03-11T08:00:00Z');
    // The prep fired only after the start (the clock jumped): nothing to prepare any more.
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['thank-you', 'status-check']);
  });

  it('resyncs at most once: an expired token on the full listing too surfaces, and nothing is saved', async () => {
    const h = await CoreHarness.create(dynalite, { start: BEFORE });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    h.calendar.expireToken();
    h.calendar.answer({ error: new SyncTokenExpiredError('still gone') });
    await expect(h.sync()).rejects.toBeInstanceOf(SyncTokenExpiredError);
    expect(h.calendar.calls).toEqual([undefined, 'tok-1', undefined]);
    expect((await h.connection()).syncToken).toBe('tok-1');
    expect((await h.interview('evt-1'))?.state).toBe('scheduled');
  });

  it('a removal of an event that was never an interview is ignored', async () => {
    const h = await CoreHarness.create(dynalite, { start: BEFORE });
    h.calendar.page([LUNCH], 'tok-1', true);
    await h.sync();
    h.calendar.page([removed('evt-3')], 'tok-2');
    expect((await h.sync()).outcomes).toEqual({ ignored: 1 });
    expect(await h.list('interview')).toEqual([]);
  });
});

describe('revoked grant (invariant 8)', () => {
  it('marks the connection broken and emails once across repeated syncs, without throwing', async () => {
    const h = await CoreHarness.create(dynalite, { start: BEFORE });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    h.calendar.revoke();
    expect((await h.sync()).status).toBe('broken');
    for (let i = 0; i < 3; i++) expect((await h.sync()).status).toBe('skipped');
    const connection = await h.connection();
    expect(connection.status).toBe('broken');
    expect(connection.brokenReason).toContain('revoked');
    expect(connection.brokenNotifiedAt).toBeDefined();
    expect(h.mailer.ofKind('connection-broken')).toHaveLength(1);
    expect(h.mailer.ofKind('connection-broken')[0]!.to).toBe('sam.seeker@mail.test');
    // The provider was asked once after the revocation: no crash loop.
    expect(h.calendar.calls).toEqual([undefined, 'tok-1']);
  });

  it('emails exactly once even when the sync crashes after any of its writes', async () => {
    for (let n = 1; n <= 4; n++) {
      const h = await CoreHarness.create(dynalite, { start: BEFORE });
      h.calendar.page([], 'tok-1', true);
      await h.sync();
      h.calendar.revoke();
      h.store.crashAfter(n);
      await withRetry(h, () => h.sync());
      for (let i = 0; i < 2; i++) await withRetry(h, () => h.sync());
      expect(
        h.mailer.ofKind('connection-broken'),
        `crash after write ${n} (${h.store.log.at(-1)})`,
      ).toHaveLength(1);
      expect((await h.connection()).brokenNotifiedAt, `crash after write ${n}`).toBeDefined();
    }
  });
});
