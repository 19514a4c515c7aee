/**
 * Drafts a person can send, through the real store, scheduler and action
 * links: the name they sign with, private notes that stay private, a loop
 * found after it ended thanked in one prompt, the stay-in-touch task after a
 * rejection, "not an interview" closing its tasks (and undo), a pause with an
 * end, and the prep mail's real lead time.
 */
import { describe, expect, it } from 'vitest';
import type { PromptView } from '../../functions/core/ports.js';
import { CoreHarness, calendarEvent, linkIn, tokenOf } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

const JANE = { email: 'jane@acmerobotics.com', name: 'Jane Doe' };
const RAVI = { email: 'ravi@acmerobotics.com', name: 'Ravi Patel' };
const MEI = { email: 'mei@acmerobotics.com', name: 'Mei Chen' };
const TALENT = { email: 'talent@acmerobotics.com', name: 'Acme Robotics Talent' };

// Thu 5 Mar 2026, Berlin: an onsite loop 10-11, 11-12 and 12:30-13:30.
const LOOP = [
  calendarEvent({
    id: 'a',
    title: 'Acme Robotics onsite: coding',
    start: '2026-03-05T09:00:00Z',
    end: '2026-03-05T10:00:00Z',
    people: [JANE],
    organizer: TALENT,
  }),
  calendarEvent({
    id: 'b',
    title: 'Acme Robotics onsite: system design',
    start: '2026-03-05T10:00:00Z',
    end: '2026-03-05T11:00:00Z',
    people: [RAVI],
    organizer: TALENT,
  }),
  calendarEvent({
    id: 'c',
    title: 'Acme Robotics onsite: hiring manager',
    start: '2026-03-05T11:30:00Z',
    end: '2026-03-05T12:30:00Z',
    people: [MEI],
    organizer: TALENT,
  }),
];

async function afterLoop(email?: string) {
  const h = await CoreHarness.create(dynalite, {
    start: '2026-03-02T08:00:00Z',
    prepEnabled: false,
    ...(email ? { email } : {}),
  });
  h.calendar.page(LOOP, 'tok-1', true);
  await h.sync();
  await h.advanceTo('2026-03-05T12:30:00Z');
  const view = h.renderer.ofKind('thank-you')[0]!;
  return { h, view };
}

function thankYouDrafts(view: PromptView) {
  return view.items.flatMap((i) => (i.draft?.subject.startsWith('Thank you') ? [i.draft] : []));
}

describe('the name drafts are signed with', () => {
  it('is never "You" nor guessed from the address; the chosen name signs every draft', async () => {
    const { h, view } = await afterLoop('you@example.com');
    for (const draft of thankYouDrafts(view)) {
      expect(draft.body).not.toMatch(/\nYou$/);
      expect(draft.body).not.toContain('You\n');
    }
    const settings = await h.settings();
    await h.raw.put('settings', { ...settings, signAs: 'Sam Rivera' });
    const item = view.items.find((i) => i.draft?.toName === 'Jane Doe')!;
    const page = await h.actions.describe(tokenOf(item.draft!.editUrl!));
    expect(page.draft?.body.endsWith('\nSam Rivera')).toBe(true);
  });

  it('defaults to the calendar account’s display name, learned from the owner on an event', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    const event = calendarEvent({
      id: 'x',
      title: 'Acme Robotics interview',
      start: '2026-03-04T13:00:00Z',
      end: '2026-03-04T14:00:00Z',
      people: [JANE],
    });
    const withName = {
      ...event,
      attendees: event.attendees.map((a) => (a.self ? { ...a, name: 'Sam Seeker-Smith' } : a)),
    };
    h.calendar.page([withName], 'tok-1', true);
    await h.sync();
    expect((await h.settings()).accountName).toBe('Sam Seeker-Smith');
    await h.advanceTo('2026-03-04T14:00:00Z');
    const draft = h.renderer.ofKind('thank-you')[0]!.items[0]!.draft!;
    expect(draft.body.endsWith('\nSam Seeker-Smith')).toBe(true);
  });
});

describe('a loop', () => {
  it('gets one prompt whose drafts differ by person and round, greeting people by name', async () => {
    const { view } = await afterLoop();
    const drafts = thankYouDrafts(view);
    expect(drafts.map((d) => d.toName).sort()).toEqual(['Jane Doe', 'Mei Chen', 'Ravi Patel']);
    for (const d of drafts) expect(d.body.startsWith(`Hi ${d.toName!.split(' ')[0]},\n`)).toBe(true);
    const blanked = drafts.map((d) => d.body.replaceAll(d.toName!.split(' ')[0]!, '<n>'));
    expect(new Set(blanked).size).toBe(3);
  });

  it('found on a first sync after it ended, across pages the scheduler fired between, gets ONE prompt', async () => {
    // Thu 5 Mar, 15:00 Berlin: the loop ended an hour and a half ago; the calendar was just connected.
    const h = await CoreHarness.create(dynalite, { start: '2026-03-05T14:00:00Z', prepEnabled: false });
    // The first page brings the first interview; the scheduler fires before the second page is read.
    h.calendar.answer({ pages: [{ changes: [LOOP[0]!], full: true }] });
    await h.sync();
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(0);
    expect(h.firedOf('interview-ended').map((f) => f.outcome)).toEqual(['waiting-for-sync']);
    h.calendar.page(LOOP, 'tok-1', true);
    await h.sync();
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    const names = thankYouDrafts(h.renderer.ofKind('thank-you')[0]!).map((d) => d.toName);
    expect(names.sort()).toEqual(['Jane Doe', 'Mei Chen', 'Ravi Patel']);
  });

  it('found after it ended by a sync that never finishes is still thanked, after a bounded wait', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-05T14:00:00Z', prepEnabled: false });
    h.calendar.answer({ pages: [{ changes: LOOP, full: true }] });
    await h.sync();
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(0);
    // The interviews' own schedules were consumed; maintenance (re-arm) or a later sync fires them again.
    h.clock.advance(11 * 60_000);
    h.calendar.page([], 'tok-1');
    await h.sync();
    const [first] = await h.list('interview');
    await h.deps.scheduler.upsert({
      name: 'rearm',
      at: first!.end,
      payload: { kind: 'interview-ended', userId: h.userId, interviewId: first!.id, version: first!.version },
    });
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
  });
});

describe('notes', () => {
  it('put what was discussed into that person’s draft, and never the private notes', async () => {
    const { h, view } = await afterLoop();
    const notes = tokenOf(linkIn(view, 'Record notes and the timeline they gave').url);
    const page = await h.actions.describe(notes);
    const keys = page.facts.map((f) => f.label);
    // The mail's notes link covers everyone the loop's thank-you names, not only the last interview's.
    expect(keys).toEqual([
      'note:jane@acmerobotics.com',
      'note:ravi@acmerobotics.com',
      'note:mei@acmerobotics.com',
    ]);
    await h.actions.perform(notes, {
      'note:jane@acmerobotics.com': 'Pairing on the path planner',
      'note:mei@acmerobotics.com': 'The roadmap for the fleet planner',
      private: 'Their migration from Airflow to Dagster - ask about on-call rota.',
    });
    const bodyOf = async (name: string) => {
      const item = view.items.find((i) => i.draft?.toName === name)!;
      return (await h.actions.describe(tokenOf(item.draft!.editUrl!))).draft!.body;
    };
    expect(await bodyOf('Mei Chen')).toContain('the roadmap for the fleet planner');
    expect(await bodyOf('Jane Doe')).toContain('Pairing on the path planner');
    expect(await bodyOf('Ravi Patel')).not.toMatch(/planner/);
    expect((await h.interview('a'))?.notes).toEqual({
      'jane@acmerobotics.com': 'Pairing on the path planner',
    });
    for (const item of view.items.filter((i) => i.draft?.editUrl)) {
      const draft = (await h.actions.describe(tokenOf(item.draft!.editUrl!))).draft!;
      expect(draft.body).not.toMatch(/Airflow|on-call/);
    }
    // The page shows what was saved, ready to edit.
    const again = await h.actions.describe(
      tokenOf(linkIn(view, 'Record notes and the timeline they gave').url),
    );
    expect(again.values).toEqual({
      'note:jane@acmerobotics.com': 'Pairing on the path planner',
      'note:mei@acmerobotics.com': 'The roadmap for the fleet planner',
      private: 'Their migration from Airflow to Dagster - ask about on-call rota.',
    });
  });
});

describe('heard back: rejected', () => {
  it('opens a stay-in-touch task with its draft and "I sent it", and keeps the outcome in the history', async () => {
    const { h, view } = await afterLoop();
    const result = await h.actions.perform(tokenOf(linkIn(view, 'I heard back').url), {
      outcome: 'rejected',
    });
    expect(result.draft?.to).toBe(TALENT.email);
    expect(result.draft?.body.startsWith('Hello Acme Robotics team,\n')).toBe(true);
    expect(result.draft?.editUrl).toBeDefined();
    const task = (await h.list('task')).find((t) => t.kind === 'stay-in-touch');
    expect(task?.state).toBe('open');
    // Closing the tab loses nothing: the draft page rebuilds it.
    const page = await h.actions.describe(tokenOf(result.draft!.editUrl!));
    expect(page.title).toBe('Stay-in-touch note to Acme Robotics');
    expect(page.draft?.body).toBe(result.draft?.body);
    const sent = linkIn({ ...view, actions: result.links ?? [] }, 'I sent it');
    await h.actions.perform(tokenOf(sent.url), {});
    expect((await h.list('task')).find((t) => t.kind === 'stay-in-touch')?.state).toBe('done');
    const [app] = await h.list('application');
    expect(app?.outcome).toBe('rejected');
    expect(app?.history?.map((e) => [e.what, e.detail])).toEqual([['heard-back', 'not this time']]);
  });
});

describe('not an interview', () => {
  it('closes the event’s open tasks; undo opens them again', async () => {
    const { h, view } = await afterLoop();
    const open = async () => (await h.list('task')).filter((t) => t.state === 'open').map((t) => t.id);
    const before = await open();
    expect(before.length).toBe(3);
    const result = await h.actions.perform(tokenOf(linkIn(view, 'Not an interview').url), {});
    const meiTask = before.find((id) => id.includes(h.interviewId('c')))!;
    expect(await open()).not.toContain(meiTask);
    expect(await open()).toHaveLength(2);
    await h.actions.perform(tokenOf(result.links![0]!.url), {});
    expect((await open()).sort()).toEqual([...before].sort());
  });
});

describe('pause', () => {
  it('for a week ends by itself; until I resume does not', async () => {
    const { h, view } = await afterLoop();
    const weekResult = await h.actions.perform(tokenOf(view.unsubscribeUrl), { length: 'week' });
    expect(weekResult.message).toContain('Thu 12 Mar 2026');
    const settings = await h.settings();
    expect(settings.paused).toBe(true);
    expect(settings.pausedUntil).toBe('2026-03-12T12:30:00Z');
    // The status check falls on Thu 12 Mar 09:00, inside the pause.
    await h.advanceTo('2026-03-12T08:00:00Z');
    expect(h.firedOf('status-check').map((f) => f.outcome)).toEqual(['paused']);

    // The one-click unsubscribe (no length) pauses until resumed.
    await h.actions.perform(tokenOf(view.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click' });
    expect((await h.settings()).pausedUntil).toBeUndefined();
  });
});

describe('the prep prompt', () => {
  it('says how long before the interview it really went', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-04T12:15:00Z' });
    // A late invite: first seen 45 minutes before the start.
    const late = calendarEvent({
      id: 'late',
      title: 'Acme Robotics interview',
      start: '2026-03-04T13:00:00Z',
      end: '2026-03-04T14:00:00Z',
      people: [JANE],
    });
    h.calendar.page([{ ...late, onlineMeetingUrl: 'https://meet.example/abc-defg' }], 'tok-1', true);
    await h.sync();
    await h.runDue();
    const view = h.renderer.ofKind('prep')[0]!;
    expect(view.why).toContain('Sent 45 minutes before');
    expect(view.why).not.toContain('(Europe/Berlin)');
    expect(view.facts.find((f) => f.label === 'Join')?.url).toBe('https://meet.example/abc-defg');
    expect(view.preview).toMatch(/^Starts at 14:00 CET with Jane Doe/);
  });
});
