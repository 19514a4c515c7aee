/**
 * The follow-up policies through the real store and scheduler: first sight,
 * loops, the status check's timing and what cancels or moves it, the prep
 * prompt, and pausing.
 */
import { describe, expect, it } from 'vitest';
import { CoreHarness, calendarEvent, linkIn, removed, tokenOf } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

const JANE = { email: 'jane@acmerobotics.com', name: 'Jane Doe' };
const RAVI = { email: 'ravi@acmerobotics.com', name: 'Ravi Patel' };
const MEI = { email: 'mei@acmerobotics.com', name: 'Mei Chen' };
const RITA = { email: 'rita@acmerobotics.com', name: 'Rita Recruiter' };

function acme(
  id: string,
  start: string,
  end: string,
  extra: Partial<Parameters<typeof calendarEvent>[0]> = {},
) {
  return calendarEvent({ people: [JANE], organizer: RITA, ...extra, id, start, end });
}

describe('first sight', () => {
  it('thanks at once for an interview that ended less than 24 h ago, only checks status after 8 days, and never prompts after 40', async () => {
    // Now: Wed 11 Mar 2026, 13:00 Berlin.
    const h = await CoreHarness.create(dynalite, { start: '2026-03-11T12:00:00Z' });
    const recent = acme('recent', '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z');
    const eightDays = calendarEvent({
      id: 'eight',
      title: 'Globex interview – Product Manager',
      start: '2026-03-03T13:00:00Z',
      end: '2026-03-03T14:00:00Z',
      people: [{ email: 'hank@globex.com', name: 'Hank Hill' }],
    });
    const fortyDays = calendarEvent({
      id: 'forty',
      title: 'Initech interview – Data Analyst',
      start: '2026-01-30T13:00:00Z',
      end: '2026-01-30T14:00:00Z',
      people: [{ email: 'bill@initech.com', name: 'Bill Lumbergh' }],
    });
    h.calendar.page([recent, eightDays, fortyDays], 'tok-1', true);
    expect((await h.sync()).outcomes).toEqual({ created: 3 });
    expect(await h.list('interview')).toHaveLength(3);

    await h.runDue();
    const mails = h.renderer.views.map((v) => `${v.kind}:${v.subject}`);
    expect(mails.sort()).toEqual([
      'status-check:Time to check in with Globex',
      'thank-you:Send your thank-you notes: Acme Robotics',
    ]);

    expect((await h.interview('recent'))?.thankYouWaived).toBe(false);
    expect((await h.interview('eight'))?.thankYouWaived).toBe(true);
    expect((await h.interview('forty'))?.thankYouWaived).toBe(true);
    const initech = (await h.list('application')).find((a) => a.company === 'Initech');
    expect(initech?.statusCheckWaived).toBe(true);
    expect(initech?.statusCheckAt).toBeUndefined();

    // Weeks later, still nothing for the old one, and nothing more for the others.
    await h.advanceTo('2026-04-30T08:00:00Z');
    const later = h.renderer.views.map((v) => v.kind);
    expect(later.filter((k) => k === 'thank-you')).toHaveLength(1);
    // The Acme status check comes in its own time; none ever for Initech.
    expect(h.renderer.views.filter((v) => v.subject.includes('Initech'))).toEqual([]);
    expect(
      h.renderer
        .ofKind('status-check')
        .map((v) => v.subject)
        .sort(),
    ).toEqual(['Time to check in with Acme Robotics', 'Time to check in with Globex']);
  });
});

describe('first sight, between 24 hours and the waiting window', () => {
  it('schedules only the status check, still ahead, for an interview that ended two days ago', async () => {
    // Now: Fri 13 Mar 2026, 10:00 Berlin; the interview was Wed 11 Mar, 14:00-15:00.
    const h = await CoreHarness.create(dynalite, { start: '2026-03-13T09:00:00Z' });
    h.calendar.page([acme('evt-1', '2026-03-11T13:00:00Z', '2026-03-11T14:00:00Z')], 'tok-1', true);
    await h.sync();
    await h.runDue();
    expect(h.mailer.sent).toHaveLength(0);
    expect((await h.scheduler.listPending()).map((s) => `${s.payload.kind}@${s.at}`)).toEqual([
      'status-check@2026-03-18T08:00:00.000Z',
    ]);
    await h.advanceTo('2026-03-18T08:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['status-check']);
  });
});

describe('loops', () => {
  // Thu 5 Mar 2026, Berlin: 10-11, 11-12 and 12:30-13:30.
  const A = acme('loop-a', '2026-03-05T09:00:00Z', '2026-03-05T10:00:00Z', { people: [JANE] });
  const B = acme('loop-b', '2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z', {
    people: [RAVI],
    description: "You'll meet: Olu Adeyemi",
  });
  const C = acme('loop-c', '2026-03-05T11:30:00Z', '2026-03-05T12:30:00Z', { people: [MEI] });

  async function loopHarness() {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    h.calendar.page([A, B, C], 'tok-1', true);
    await h.sync();
    return h;
  }

  it('sends one thank-you after the last interview ends, covering every interviewer', async () => {
    const h = await loopHarness();
    await h.advanceTo('2026-03-05T10:00:00Z');
    await h.advanceTo('2026-03-05T11:00:00Z');
    expect(h.mailer.sent).toHaveLength(0);
    expect(h.firedOf('interview-ended').map((f) => f.outcome)).toEqual([
      'waiting-for-loop',
      'waiting-for-loop',
    ]);
    await h.advanceTo('2026-03-05T12:30:00Z');
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);

    const view = h.renderer.ofKind('thank-you')[0]!;
    const drafts = view.items.flatMap((i) => (i.draft ? [i.draft] : []));
    // One draft per interviewer of the loop (Rita organised all three: one draft), plus the ask-address one.
    const thankYous = drafts.filter((d) => d.subject.startsWith('Thank you'));
    expect(thankYous.map((d) => d.toName).sort()).toEqual(
      ['Jane Doe', 'Mei Chen', 'Olu Adeyemi', 'Ravi Patel', 'Rita Recruiter'].sort(),
    );
    const bodies = thankYous.map((d) =>
      d.body.split('\n').slice(1).join('\n').replaceAll(d.toName!.split(' ')[0]!, '<n>'),
    );
    expect(new Set(bodies).size).toBe(thankYous.length);
    const ask = drafts.find((d) => d.subject === 'A quick request after my interview');
    expect(ask?.to).toBe(RITA.email);
    expect(ask?.body).toContain('Olu Adeyemi');

    const tasks = await h.list('task');
    expect(tasks.filter((t) => t.kind === 'ask-address').map((t) => t.interviewer?.name)).toEqual([
      'Olu Adeyemi',
    ]);
    const promptId = `thank-you#${h.interviewId('loop-c')}`;
    for (const id of ['loop-a', 'loop-b', 'loop-c'])
      expect((await h.interview(id))?.thankYouPromptId).toBe(promptId);
    expect(view.why).toContain(A.title);
    expect(view.why).toContain('13:30');
  });

  it('still thanks the earlier interviews when the last one of the loop is cancelled', async () => {
    const h = await loopHarness();
    await h.advanceTo('2026-03-05T11:00:00Z');
    expect(h.mailer.sent).toHaveLength(0);
    h.clock.set('2026-03-05T11:15:00Z');
    h.calendar.page([removed('loop-c')], 'tok-2');
    await h.sync();
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    const view = h.renderer.ofKind('thank-you')[0]!;
    const names = view.items.flatMap((i) =>
      i.draft?.subject.startsWith('Thank you') ? [i.draft.toName] : [],
    );
    expect(names.sort()).toEqual(['Jane Doe', 'Olu Adeyemi', 'Ravi Patel', 'Rita Recruiter']);
    await h.advanceTo('2026-03-05T13:00:00Z');
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    expect((await h.interview('loop-c'))?.state).toBe('cancelled');
  });

  it('shows on the draft page the same draft the mail showed, for every interviewer', async () => {
    const h = await loopHarness();
    await h.advanceTo('2026-03-05T12:30:00Z');
    const view = h.renderer.ofKind('thank-you')[0]!;
    const items = view.items.filter((i) => i.draft?.editUrl && i.draft.subject.startsWith('Thank you'));
    expect(items.length).toBeGreaterThanOrEqual(4);
    for (const item of items) {
      const page = await h.actions.describe(tokenOf(item.draft!.editUrl!));
      expect(page.draft?.body, item.draft!.toName).toBe(item.draft!.body);
      expect(page.draft?.mailto).toBe(item.draft!.mailto);
    }
  });
});

describe('status check', () => {
  // Wed 25 Mar 2026, 14:00-15:00 Berlin; Europe switches to summer time on Sun 29 Mar.
  const INTERVIEW = acme('evt-1', '2026-03-25T13:00:00Z', '2026-03-25T14:00:00Z');

  async function afterInterview() {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-23T08:00:00Z', prepEnabled: false });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-25T14:00:00Z');
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
    return h;
  }

  it('lands 5 business days later at 09:00 local on a weekday, and offers materials or references', async () => {
    const h = await afterInterview();
    const [app] = await h.list('application');
    // Wed 1 Apr 2026, 09:00 CEST.
    expect(app?.statusCheckAt).toBe('2026-04-01T07:00:00Z');
    expect((await h.scheduler.listPending()).find((s) => s.payload.kind === 'status-check')?.at).toBe(
      '2026-04-01T07:00:00.000Z',
    );
    await h.advanceTo('2026-04-01T06:59:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(0);
    await h.advanceTo('2026-04-01T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(1);
    const view = h.renderer.ofKind('status-check')[0]!;
    const draft = view.items[0]!.draft!;
    expect(draft.to).toBe(RITA.email);
    expect(draft.body).toMatch(/additional materials/);
    expect(draft.body).toMatch(/references/);
    expect(view.why).toContain('5 business days');
    // The draft page shows the very draft the mail showed.
    const page = await h.actions.describe(tokenOf(draft.editUrl!));
    expect(page.draft?.body).toBe(draft.body);
    expect(page.draft?.mailto).toBe(draft.mailto);
    expect(view.why).toMatch(/\d\d:\d\d CES?T/);
    expect(view.why).not.toContain('(Europe/Berlin)');
    await h.advanceTo('2026-04-20T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(1);
  });

  it('is called off by a later interview with the same company (the callback), and follows that one', async () => {
    const h = await afterInterview();
    h.clock.set('2026-03-27T10:00:00Z');
    const second = calendarEvent({
      id: 'evt-2',
      title: 'Acme Robotics – Technical Interview (Backend Engineer)',
      start: '2026-03-30T12:00:00Z',
      end: '2026-03-30T13:00:00Z',
      people: [RAVI],
    });
    h.calendar.page([second], 'tok-2');
    await h.sync();
    expect((await h.list('application')).map((a) => a.id)).toEqual(['acme-robotics']);
    await h.advanceTo('2026-04-01T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(0);
    expect(h.mailer.ofKind('thank-you')).toHaveLength(2);
    // Mon 30 Mar + 5 business days: Mon 6 Apr, 09:00 CEST.
    expect((await h.list('application'))[0]?.statusCheckAt).toBe('2026-04-06T07:00:00Z');
    await h.advanceTo('2026-04-06T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(1);
  });

  it('is cancelled by "I heard back"', async () => {
    const h = await afterInterview();
    const view = h.renderer.ofKind('thank-you')[0]!;
    const result = await h.actions.perform(tokenOf(linkIn(view, 'I heard back').url), {
      outcome: 'next-round',
    });
    expect(result.title).toBe('On to the next round');
    const [app] = await h.list('application');
    expect(app?.status).toBe('heard-back');
    expect(app?.statusCheckAt).toBeUndefined();
    expect((await h.scheduler.listPending()).filter((s) => s.payload.kind === 'status-check')).toEqual([]);
    await h.advanceTo('2026-04-30T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(0);
  });

  it('after a rejection, closes the application and offers a stay-in-touch draft', async () => {
    const h = await afterInterview();
    const view = h.renderer.ofKind('thank-you')[0]!;
    const result = await h.actions.perform(tokenOf(linkIn(view, 'I heard back').url), {
      outcome: 'rejected',
    });
    expect(result.draft?.to).toBe(RITA.email);
    expect(result.draft?.body).toMatch(/stay in touch/);
    expect(result.draft?.mailto.startsWith(`mailto:${RITA.email}?subject=`)).toBe(true);
    expect((await h.list('application'))[0]?.status).toBe('closed');
    await h.advanceTo('2026-04-30T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(0);
  });

  it('is moved by "they said two weeks"', async () => {
    const h = await afterInterview();
    const view = h.renderer.ofKind('thank-you')[0]!;
    const result = await h.actions.perform(tokenOf(linkIn(view, /They said/).url), {
      amount: '2',
      unit: 'weeks',
    });
    // Wed 25 Mar + 10 business days: Wed 8 Apr, 09:00 CEST.
    expect(result.message).toContain('Wed 8 Apr 2026, 09:00');
    expect(result.message).toContain('Wed 8 Apr 2026, 09:00 CEST');
    const [app] = await h.list('application');
    expect(app?.timeline).toEqual({ kind: 'days', days: 10 });
    expect(app?.statusCheckAt).toBe('2026-04-08T07:00:00Z');
    await h.advanceTo('2026-04-01T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(0);
    await h.advanceTo('2026-04-08T07:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(1);
    expect(h.renderer.ofKind('status-check')[0]!.why).toContain('the 10 business days they gave you');
  });
});

describe('prep prompt and pause', () => {
  const INTERVIEW = acme('evt-1', '2026-03-04T13:00:00Z', '2026-03-04T14:00:00Z', {
    description: "You'll meet: Olu Adeyemi",
  });

  it('sends the prep prompt 60 minutes before the start, naming who you will meet', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z' });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T11:59:00Z');
    expect(h.mailer.sent).toHaveLength(0);
    await h.advanceTo('2026-03-04T12:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['prep']);
    const view = h.renderer.ofKind('prep')[0]!;
    expect(view.headline).toMatch(/^Your interview with Acme Robotics starts at 14:00 (CET|GMT\+1)$/);
    const body = view.items[0]!.body!;
    expect(body).toContain('Jane Doe, Rita Recruiter, Olu Adeyemi');
    expect(body).toMatch(/key responsibilities/);
    expect(body).toMatch(/timeline/);
    expect(view.why).toContain('60 minutes before');
    // Pause sits in the footer of every mail (the unsubscribe link).
    expect(view.actions.map((a) => a.label)).toEqual(['Not an interview']);
    expect(h.mailer.sent[0]!.unsubscribeUrl).toBe(view.unsubscribeUrl);
  });

  it('sends no prep prompt when prep prompts are off', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T13:30:00Z');
    expect(h.mailer.sent).toHaveLength(0);
    expect((await h.scheduler.listPending()).map((s) => s.payload.kind).sort()).toEqual([
      'interview-ended',
      'status-check',
    ]);
  });

  it('sends nothing at all once the user paused prompts (one-click unsubscribe link)', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z' });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T12:00:00Z');
    const unsubscribe = h.mailer.sent[0]!.unsubscribeUrl!;
    await h.actions.perform(tokenOf(unsubscribe), {});
    expect((await h.settings()).paused).toBe(true);
    await h.advanceTo('2026-03-04T14:00:00Z');
    await h.advanceTo('2026-04-30T07:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['prep']);
    expect(h.firedOf('interview-ended').map((f) => f.outcome)).toEqual(['paused']);
    expect(h.firedOf('status-check').map((f) => f.outcome)).toEqual(['paused']);
  });
});

describe('acting on prompts', () => {
  // Wed 4 Mar 2026, 14:00-15:00 Berlin; the status check is due Wed 11 Mar, 09:00.
  const INTERVIEW = acme('evt-1', '2026-03-04T13:00:00Z', '2026-03-04T14:00:00Z', {
    description: "You'll meet: Olu Adeyemi",
  });

  async function afterThankYou() {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T14:00:00Z');
    return { h, view: h.renderer.ofKind('thank-you')[0]! };
  }

  it("puts the user's notes for a person into that person's draft, and the timeline they gave into the status check", async () => {
    const { h, view } = await afterThankYou();
    const notes = tokenOf(linkIn(view, 'Record notes and the timeline they gave').url);
    const page = await h.actions.describe(notes);
    expect(page.facts.map((f) => f.label)).toContain('note:jane@acmerobotics.com');
    await h.actions.perform(notes, {
      'note:jane@acmerobotics.com': 'the robot fleet scheduler',
      notes: 'went well',
      amount: '1',
      unit: 'weeks',
    });
    const janeItem = view.items.find((i) => i.draft?.toName === 'Jane Doe')!;
    const draft = (await h.actions.describe(tokenOf(janeItem.draft!.editUrl!))).draft!;
    expect(draft.body).toContain('the robot fleet scheduler');
    // The old free-text "notes" field was never for the email: it is kept as private.
    expect(draft.body).not.toContain('went well');
    expect((await h.list('interview'))[0]?.privateNotes).toBe('went well');
    const olu = view.items.find((i) => i.draft?.toName === 'Olu Adeyemi')!;
    expect((await h.actions.describe(tokenOf(olu.draft!.editUrl!))).draft!.body).not.toContain('fleet');
    // Wed 4 Mar + 5 business days (one week): Wed 11 Mar, 09:00 CET.
    expect((await h.list('application'))[0]?.statusCheckAt).toBe('2026-03-11T08:00:00Z');
  });

  it('snoozes a status check to the next business morning, and prompts again then', async () => {
    const { h } = await afterThankYou();
    // Fri 13 Mar: a timeline of 7 business days lands the check on a Friday.
    await h.actions.perform(tokenOf(linkIn(h.renderer.ofKind('thank-you')[0]!, /They said/).url), {
      amount: '7',
      unit: 'days',
    });
    await h.advanceTo('2026-03-13T08:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(1);
    const status = h.renderer.ofKind('status-check')[0]!;
    const result = await h.actions.perform(tokenOf(linkIn(status, 'Remind me tomorrow').url), {});
    expect(result.message).toContain('Mon 16 Mar 2026, 09:00 CET');
    await h.advanceTo('2026-03-15T08:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(1);
    await h.advanceTo('2026-03-16T08:00:00Z');
    expect(h.mailer.ofKind('status-check')).toHaveLength(2);
    expect(new Set(h.mailer.ofKind('status-check').map((m) => m.idempotencyKey)).size).toBe(2);
  });

  it('after "next round", the next interview with the company brings the status check back', async () => {
    const { h, view } = await afterThankYou();
    await h.actions.perform(tokenOf(linkIn(view, 'I heard back').url), { outcome: 'next-round' });
    h.clock.set('2026-03-06T09:00:00Z');
    const next = acme('evt-2', '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z', { people: [RAVI] });
    h.calendar.page([next], 'tok-2');
    await h.sync();
    const [app] = await h.list('application');
    expect(app?.status).toBe('active');
    // Tue 10 Mar + 5 business days: Tue 17 Mar, 09:00 CET.
    expect(app?.statusCheckAt).toBe('2026-03-17T08:00:00Z');
    await h.advanceTo('2026-03-10T14:00:00Z');
    await h.advanceTo('2026-03-17T08:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['thank-you', 'thank-you', 'status-check']);
  });

  it('"not an interview" after the thank-you also calls off its status check', async () => {
    const { h, view } = await afterThankYou();
    await h.actions.perform(tokenOf(linkIn(view, 'Not an interview').url), {});
    expect((await h.interview('evt-1'))?.state).toBe('dismissed');
    expect((await h.scheduler.listPending()).filter((s) => s.payload.kind === 'status-check')).toEqual([]);
    await h.advanceTo('2026-04-30T08:00:00Z');
    expect(h.mailer.sent.map((m) => m.tags.kind)).toEqual(['thank-you']);
  });
});
