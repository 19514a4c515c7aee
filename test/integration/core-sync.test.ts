/**
 * Invariants 3 and 8, and invariant 1 across the whole pipeline: the sync
 * token is saved only after its page is applied; an expired token leads to a
 * full resync and a reconcile; a revoked grant marks the connection broken
 * and emails once; a crash after any write of a sync is repaired by the retry.
 */
import { describe, expect, it } from 'vitest';
import { SyncTokenExpiredError } from '../../functions/core/errors.js';
import { SimulatedCrashError } from '../../sim/fakes/crashing-store.js';
import { CoreHarness, calendarEvent, removed } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

const BEFORE = '2026-03-02T08:00:00Z';

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
      await h.withRetry(() => h.sync());
      await h.withRetry(() => h.sync());
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
      await h.withRetry(() => h.sync());
      for (let i = 0; i < 2; i++) await h.withRetry(() => h.sync());
      expect(
        h.mailer.ofKind('connection-broken'),
        `crash after write ${n} (${h.store.log.at(-1)})`,
      ).toHaveLength(1);
      expect((await h.connection()).brokenNotifiedAt, `crash after write ${n}`).toBeDefined();
    }
  });
});
