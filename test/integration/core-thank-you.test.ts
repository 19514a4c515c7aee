/**
 * Invariants 1 and 2 through the real store and scheduler: every interview
 * that ends yields exactly one thank-you prompt, under duplicate and
 * concurrent firings and a crash after any write; none for cancelled,
 * declined or dismissed events; a moved interview fires at its new time only.
 */
import { describe, expect, it } from 'vitest';
import { handleFollowup } from '../../functions/core/followup.js';
import { type FollowupPayload, LIMITS } from '../../functions/core/model.js';
import { CLAIM_LEASE_MS, PromptInProgressError } from '../../functions/core/prompts/delivery.js';
import { PromptMailRenderer } from '../../functions/web/prompt-mail.js';
import { SimulatedCrashError } from '../../sim/fakes/crashing-store.js';
import { CoreHarness, calendarEvent, linkIn, removed, tokenOf } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

// Wed 4 Mar 2026, 14:00-15:00 in Berlin (CET = UTC+1).
const START = '2026-03-04T13:00:00Z';
const END = '2026-03-04T14:00:00Z';
const BEFORE = '2026-03-02T08:00:00Z';

const INTERVIEW = calendarEvent({
  id: 'evt-1',
  start: START,
  end: END,
  description: "You'll meet: Olu Adeyemi",
  people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
  organizer: { email: 'rita@acmerobotics.com', name: 'Rita Recruiter' },
});

async function harnessWithInterview(event = INTERVIEW): Promise<CoreHarness> {
  const h = await CoreHarness.create(dynalite, { start: BEFORE });
  h.calendar.page([event], 'tok-1', true);
  await h.sync();
  return h;
}

function endedPayload(h: CoreHarness, version: number, eventId = 'evt-1'): FollowupPayload {
  return { kind: 'interview-ended', userId: h.userId, interviewId: h.interviewId(eventId), version };
}

describe('thank-you prompt: exactly one per interview that ends', () => {
  it('sends one thank-you with a draft per interviewer when the interview ends, not before', async () => {
    const h = await harnessWithInterview();
    await h.advanceTo('2026-03-04T13:59:00Z');
    expect(h.mailer.ofKind('thank-you')).toHaveLength(0);
    await h.advanceTo(END);
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    const view = h.renderer.ofKind('thank-you')[0]!;
    const drafts = view.items.flatMap((item) => (item.draft ? [item.draft] : []));
    // Jane and Rita (invited) and Olu (named in the description), plus the ask-address draft.
    expect(drafts.map((d) => d.toName)).toEqual([
      'Jane Doe',
      'Rita Recruiter',
      'Olu Adeyemi',
      'Rita Recruiter',
    ]);
    expect(new Set(drafts.slice(0, 3).map((d) => d.body.replace(/Hi \w+,/, ''))).size).toBe(3);
    const tasks = await h.list('task');
    expect(tasks.map((t) => `${t.kind}:${t.interviewer?.key}`).sort()).toEqual([
      'ask-address:olu-adeyemi',
      'thank-you:jane@acmerobotics.com',
      'thank-you:olu-adeyemi',
      'thank-you:rita@acmerobotics.com',
    ]);
    expect((await h.interview('evt-1'))?.thankYouPromptId).toBe(`thank-you#${h.interviewId('evt-1')}`);
    expect(view.why).toMatch(/\d\d:\d\d CES?T/);
  });

  it('sends one prompt when the same firing arrives again and again', async () => {
    const h = await harnessWithInterview();
    h.clock.set(END);
    const payload = endedPayload(h, (await h.interview('evt-1'))!.version);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await handleFollowup(h.deps, payload));
    expect(outcomes[0]).toBe('sent');
    expect(outcomes.slice(1)).toEqual(['stale', 'stale']);
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
  });

  it('retries a refused send at once: a failed send releases its claim', async () => {
    const h = await harnessWithInterview();
    h.clock.set(END);
    const payload = endedPayload(h, (await h.interview('evt-1'))!.version);
    const send = h.deps.mailer.send.bind(h.deps.mailer);
    let refusals = 1;
    h.deps.mailer.send = async (message) => {
      if (refusals-- > 0) throw new Error('Throttling: Maximum sending rate exceeded');
      return send(message);
    };
    await expect(handleFollowup(h.deps, payload)).rejects.toThrow(/Throttling/);
    // No lease to wait out: the very next retry sends.
    expect(await handleFollowup(h.deps, payload)).toBe('sent');
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
  });

  it('sends one prompt when two firings run at the same time', async () => {
    const h = await harnessWithInterview();
    h.clock.set(END);
    const payload = endedPayload(h, (await h.interview('evt-1'))!.version);
    const results = await Promise.allSettled([
      handleFollowup(h.deps, payload),
      handleFollowup(h.deps, payload),
    ]);
    const values = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(values).toContain('sent');
    for (const error of errors) expect(error).toBeInstanceOf(PromptInProgressError);
    // The loser is retried by the scheduler later: it finds the work done.
    h.clock.advance(CLAIM_LEASE_MS + 1_000);
    for (let i = 0; i < errors.length; i++)
      expect(await handleFollowup(h.deps, payload)).toMatch(/stale|duplicate/);
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    expect(await h.list('task')).toHaveLength(4);
  });

  it('sends exactly one prompt whichever write the handler crashes after (retried until done)', async () => {
    // A run without crash counts the handler's writes.
    const probe = await harnessWithInterview();
    probe.clock.set(END);
    const before = probe.store.writes;
    expect(
      await handleFollowup(probe.deps, endedPayload(probe, (await probe.interview('evt-1'))!.version)),
    ).toBe('sent');
    const writes = probe.store.writes - before;
    expect(writes).toBeGreaterThanOrEqual(6);

    for (let n = 1; n <= writes; n++) {
      const h = await harnessWithInterview();
      h.clock.set(END);
      const payload = endedPayload(h, (await h.interview('evt-1'))!.version);
      h.store.crashAfter(n);
      await expect(handleFollowup(h.deps, payload), `crash after write ${n}`).rejects.toBeInstanceOf(
        SimulatedCrashError,
      );
      // The scheduler retries the same payload until the handler returns.
      let outcome: string | undefined;
      for (let attempt = 0; attempt < 5 && !outcome; attempt++) {
        h.store.restart();
        h.clock.advance(CLAIM_LEASE_MS + 1_000);
        outcome = await handleFollowup(h.deps, payload).catch((error: unknown) => {
          if (error instanceof PromptInProgressError) return undefined;
          throw error;
        });
      }
      expect(outcome, `crash after write ${n} (${h.store.log.at(-1)})`).toMatch(/sent|duplicate|stale/);
      expect(h.mailer.ofKind('thank-you'), `crash after write ${n}`).toHaveLength(1);
      expect(await h.list('task'), `crash after write ${n}`).toHaveLength(4);
      expect((await h.interview('evt-1'))?.thankYouPromptId, `crash after write ${n}`).toBeDefined();
      const prompts = (await h.list('prompt')).filter((p) => p.kind === 'thank-you');
      expect(prompts.map((p) => p.state)).toEqual(['sent']);
    }
  });

  it('sends none for an interview cancelled before it ends', async () => {
    const h = await harnessWithInterview();
    await h.advanceTo('2026-03-04T13:30:00Z');
    h.calendar.page([removed('evt-1')], 'tok-2');
    await h.sync();
    expect((await h.interview('evt-1'))?.state).toBe('cancelled');
    await h.advanceTo('2026-03-20T09:00:00Z');
    expect(h.mailer.sent.filter((m) => m.tags.kind !== 'prep')).toHaveLength(0);
    expect(await h.scheduler.listPending()).toEqual([]);
  });

  it('thanks for an interview that was cancelled and then put back on the calendar', async () => {
    const h = await harnessWithInterview();
    h.calendar.page([removed('evt-1')], 'tok-2');
    await h.sync();
    expect((await h.interview('evt-1'))?.state).toBe('cancelled');
    h.calendar.page([INTERVIEW], 'tok-3');
    await h.sync();
    expect((await h.interview('evt-1'))?.state).toBe('scheduled');
    await h.advanceTo(END);
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
  });

  it('sends none for an interview the owner declined', async () => {
    const h = await harnessWithInterview();
    h.calendar.page([{ ...INTERVIEW, ownerResponse: 'declined' }], 'tok-2');
    await h.sync();
    expect((await h.interview('evt-1'))?.state).toBe('declined');
    await h.advanceTo('2026-03-20T09:00:00Z');
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('sends none for a declined interview seen for the first time', async () => {
    const h = await harnessWithInterview({ ...INTERVIEW, ownerResponse: 'declined' });
    expect(await h.interview('evt-1')).toBeUndefined();
    await h.advanceTo('2026-03-20T09:00:00Z');
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('sends none for an event the user dismissed as "not an interview" from the prep prompt', async () => {
    const h = await harnessWithInterview();
    await h.advanceTo('2026-03-04T12:00:00Z');
    const prep = h.renderer.ofKind('prep')[0]!;
    await h.actions.perform(tokenOf(linkIn(prep, 'Not an interview').url), {});
    expect((await h.interview('evt-1'))?.state).toBe('dismissed');
    await h.advanceTo('2026-03-20T09:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['prep']);
    // A later edit of the event does not bring it back.
    h.calendar.page([{ ...INTERVIEW, title: `${INTERVIEW.title} (updated)` }], 'tok-2');
    await h.sync();
    expect((await h.interview('evt-1'))?.state).toBe('dismissed');
  });

  it('keeps the follow-ups of an interview cancelled after it ended', async () => {
    const h = await harnessWithInterview();
    h.clock.set('2026-03-04T14:01:00Z');
    // The recruiter deletes the event right after it ended, before the schedule fires.
    h.calendar.page([removed('evt-1')], 'tok-2');
    await h.sync();
    expect((await h.interview('evt-1'))?.state).toBe('scheduled');
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    expect((await h.list('application'))[0]?.statusCheckAt).toBeDefined();
  });
});

describe('moved interviews and stale firings (invariant 2)', () => {
  it('fires at the new time only, and the old payload does nothing', async () => {
    const h = await harnessWithInterview();
    const old = await h.interview('evt-1');
    // Moved from 14:00 to 17:00 local.
    h.calendar.page([{ ...INTERVIEW, start: '2026-03-04T16:00:00Z', end: '2026-03-04T17:00:00Z' }], 'tok-2');
    await h.sync();
    const moved = await h.interview('evt-1');
    expect(moved!.version).toBeGreaterThan(old!.version);
    const pending = await h.scheduler.listPending();
    const ended = pending.filter((s) => s.payload.kind === 'interview-ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.at).toBe('2026-03-04T17:00:00.000Z');
    expect(ended[0]!.payload).toMatchObject({ version: moved!.version });
    const prep = pending.filter((s) => s.payload.kind === 'prep');
    expect(prep.map((s) => s.at)).toEqual(['2026-03-04T15:00:00.000Z']);

    await h.advanceTo(END);
    expect(h.mailer.sent).toHaveLength(0);
    // A stale delivery of the old schedule (EventBridge had it in flight) does nothing.
    expect(await handleFollowup(h.deps, endedPayload(h, old!.version))).toBe('stale');
    expect(
      await handleFollowup(h.deps, {
        kind: 'prep',
        userId: h.userId,
        interviewId: h.interviewId('evt-1'),
        version: old!.version,
      }),
    ).toBe('stale');
    expect(h.mailer.sent).toHaveLength(0);

    await h.advanceTo('2026-03-04T15:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['prep']);
    await h.advanceTo('2026-03-04T17:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['prep', 'thank-you']);
  });

  it('a status check fired with the application version of before a replan does nothing', async () => {
    const h = await harnessWithInterview();
    const before = (await h.list('application'))[0]!;
    h.calendar.page([{ ...INTERVIEW, start: '2026-03-05T13:00:00Z', end: '2026-03-05T14:00:00Z' }], 'tok-2');
    await h.sync();
    const after = (await h.list('application'))[0]!;
    expect(after.version).toBeGreaterThan(before.version);
    h.clock.set('2026-03-12T08:00:00Z');
    const stale = {
      kind: 'status-check' as const,
      userId: h.userId,
      applicationId: before.id,
      version: before.version,
    };
    expect(await handleFollowup(h.deps, stale)).toBe('stale');
    expect(h.mailer.ofKind('status-check')).toHaveLength(0);
  });

  it('names each schedule from what it is for: one schedule per purpose, however often replanned', async () => {
    const h = await harnessWithInterview();
    for (let i = 2; i < 5; i++) {
      h.calendar.page([{ ...INTERVIEW, title: `${INTERVIEW.title} v${i}` }], `tok-${i}`);
      await h.sync();
    }
    const pending = await h.scheduler.listPending();
    expect(pending.map((s) => s.payload.kind).sort()).toEqual(['interview-ended', 'prep', 'status-check']);
    const interview = await h.interview('evt-1');
    for (const s of pending.filter((s) => s.payload.kind !== 'status-check')) {
      expect(s.payload).toMatchObject({ version: interview!.version });
    }
  });
});

describe('hostile calendar content (invariant 6)', () => {
  it('turns a maximal, hostile event into one safe prompt with working drafts', async () => {
    const evil = '<script>alert(1)</script>&"\'';
    // Cut so that the 300-character title ends inside an emoji pair after the mapper trimmed it.
    const title = `Interview: ${evil} Backend Engineer at Acme Robotics ${'😀'.repeat(200)}`.slice(
      0,
      LIMITS.title,
    );
    const people = Array.from({ length: LIMITS.attendees - 1 }, (_, i) => ({
      email: `p${i}@acmerobotics.com`,
      name: `${evil.slice(0, 20)} Person ${i}`.slice(0, 200),
    }));
    const event = calendarEvent({
      id: 'evil',
      title,
      start: START,
      end: END,
      description: `You'll meet: Olu Adeyemi\n${'<img src=x onerror=alert(1)>'.repeat(400)}`.slice(
        0,
        LIMITS.description,
      ),
      people,
    });
    const h = await CoreHarness.create(dynalite, { start: BEFORE, prepEnabled: false });
    h.calendar.page([event], 'tok-1', true);
    expect((await h.sync()).outcomes).toEqual({ created: 1 });
    const stored = await h.interview('evil');
    expect(stored!.description.length).toBeLessThanOrEqual(2_000);
    await h.advanceTo(END);
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    const view = h.renderer.ofKind('thank-you')[0]!;
    // 99 invited people and Olu from the description, plus the ask-address block.
    expect(view.items.filter((i) => i.draft)).toHaveLength(101);
    expect(await h.list('task')).toHaveLength(101);
    for (const item of view.items) {
      if (!item.draft) continue;
      const url = new URL(item.draft.mailto);
      expect(url.protocol).toBe('mailto:');
      expect(decodeURIComponent(url.search)).toContain('subject=');
    }
    const mail = new PromptMailRenderer().render(view);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;');
  });
});
