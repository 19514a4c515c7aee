/**
 * One interview, two calendars: the same invitation received in Google and
 * in Outlook gives one set of follow-ups. The occasion is the iCalUID, and
 * for a recurring instance its original start; a cancellation or a decline
 * from either calendar ends the one interview.
 */
import { describe, expect, it } from 'vitest';
import { applyChange } from '../../functions/core/apply-change.js';
import { scheduleName } from '../../functions/core/ids.js';
import type { CalendarEvent, Connection } from '../../functions/core/model.js';
import { CoreHarness, calendarEvent, removed } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();
const BEFORE = '2026-03-02T08:00:00Z';
const START = '2026-03-04T13:00:00Z';
const END = '2026-03-04T14:00:00Z';
const UID = '040000008200E00074C5B7101A82E00800000000@acmerobotics.com';

function invitation(id: string, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    ...calendarEvent({
      id,
      start: START,
      end: END,
      people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
      organizer: { email: 'rita@acmerobotics.com', name: 'Rita Recruiter' },
    }),
    iCalUID: UID,
    ...extra,
  };
}

/** A harness whose user has a second (Outlook) connection; `apply` feeds one change to either. */
async function twoCalendars() {
  const h = await CoreHarness.create(dynalite, { start: BEFORE, prepEnabled: false });
  const google = await h.connection();
  const outlook: Connection = await h.store.put('connection', {
    userId: h.userId,
    id: 'microsoft-outlook1',
    version: 0,
    provider: 'microsoft',
    calendarId: 'oid.tid',
    status: 'active',
  });
  const settings = await h.settings();
  const apply = (connection: Connection, change: Parameters<typeof applyChange>[2]) =>
    applyChange(h.deps, { connection, settings }, change);
  return { h, google, outlook, apply };
}

async function thankYouMails(h: CoreHarness): Promise<number> {
  await h.advanceAndSettle('2026-03-04T14:05:00Z');
  return h.mailer.ofKind('thank-you').length;
}

describe('the same invitation in two calendars', () => {
  it('gives one interview and one thank-you prompt, whichever calendar reports it first', async () => {
    const { h, google, outlook, apply } = await twoCalendars();
    expect(await apply(outlook, invitation('AAMkOutlook='))).toBe('created');
    expect(await apply(google, invitation('g-evt-1'))).toBe('duplicate');
    // Applying again (a later sync) changes nothing.
    expect(await apply(google, invitation('g-evt-1'))).toBe('unchanged');
    const interviews = await h.list('interview');
    expect(interviews.map((i) => i.state).sort()).toEqual(['duplicate', 'scheduled']);
    expect(await thankYouMails(h)).toBe(1);
    expect(h.firedOf('interview-ended')).toHaveLength(1);
  });

  it('is cancelled by a removal in either calendar', async () => {
    for (const from of ['first', 'second'] as const) {
      const { h, google, outlook, apply } = await twoCalendars();
      await apply(google, invitation('g-evt-1'));
      await apply(outlook, invitation('AAMkOutlook='));
      const change =
        from === 'first' ? apply(google, removed('g-evt-1')) : apply(outlook, removed('AAMkOutlook='));
      expect(await change).toBe('cancelled');
      const primary = (await h.list('interview')).find((i) => i.state !== 'duplicate');
      expect(primary?.state).toBe('cancelled');
      expect(await thankYouMails(h)).toBe(0);
    }
  });

  it('is declined when the owner declines it in either calendar', async () => {
    const { h, google, outlook, apply } = await twoCalendars();
    await apply(google, invitation('g-evt-1'));
    await apply(outlook, invitation('AAMkOutlook='));
    expect(await apply(outlook, invitation('AAMkOutlook=', { ownerResponse: 'declined' }))).toBe('cancelled');
    expect((await h.list('interview')).find((i) => i.connectionId === google.id)?.state).toBe('declined');
    expect(await thankYouMails(h)).toBe(0);
  });

  it('keeps the follow-ups of an interview that already happened when one calendar drops it', async () => {
    const { h, google, outlook, apply } = await twoCalendars();
    await apply(google, invitation('g-evt-1'));
    await apply(outlook, invitation('AAMkOutlook='));
    expect(await thankYouMails(h)).toBe(1);
    expect(await apply(outlook, removed('AAMkOutlook='))).toBe('kept');
    expect((await h.list('interview')).find((i) => i.connectionId === google.id)?.state).toBe('scheduled');
  });

  it('tells apart the instances of a recurring invitation by their original start', async () => {
    const { h, google, outlook, apply } = await twoCalendars();
    const series = { recurringEventId: 'series-1', iCalUID: UID };
    await apply(google, invitation('g-evt-1_20260304', { ...series, originalStart: START }));
    const nextWeek = { start: '2026-03-11T13:00:00Z', end: '2026-03-11T14:00:00Z' };
    expect(
      await apply(
        outlook,
        invitation('AAMkNextWeek=', { ...series, ...nextWeek, originalStart: nextWeek.start }),
      ),
    ).toBe('created');
    expect(await apply(outlook, invitation('AAMkThisWeek=', { ...series, originalStart: START }))).toBe(
      'duplicate',
    );
    expect((await h.list('interview')).filter((i) => i.state === 'scheduled')).toHaveLength(2);
  });

  it('never joins events without an iCalUID, nor two events of one calendar', async () => {
    const { h, google, outlook, apply } = await twoCalendars();
    await apply(google, invitation('g-evt-1', { iCalUID: undefined }));
    expect(await apply(outlook, invitation('AAMk1=', { iCalUID: undefined }))).toBe('created');
    await apply(google, invitation('g-evt-2'));
    expect(await apply(google, invitation('g-evt-3'))).toBe('created');
    expect((await h.list('interview')).every((i) => i.state === 'scheduled')).toBe(true);
  });

  it('the remaining calendar takes over when the first one is disconnected, without a second thank-you', async () => {
    const { h, google, outlook, apply } = await twoCalendars();
    await apply(google, invitation('g-evt-1'));
    await apply(outlook, invitation('AAMkOutlook='));
    const later = { start: '2026-03-05T13:00:00Z', end: '2026-03-05T14:00:00Z' };
    // Disconnecting Google: the connection is deleted and its interviews' schedules are cancelled.
    await h.store.put('connection', { ...(await h.connection()), status: 'deleted' });
    const first = (await h.list('interview')).find((i) => i.connectionId === google.id);
    for (const kind of ['prep', 'interview-ended'] as const) {
      await h.deps.scheduler.cancel(
        scheduleName({ kind, userId: h.userId, interviewId: first?.id ?? '', version: 0 }),
      );
    }
    // The next change Outlook reports (here: a move) is followed as Outlook's own interview.
    expect(await apply(outlook, invitation('AAMkOutlook=', later))).toBe('updated');
    const outlookCopy = (await h.list('interview')).find((i) => i.connectionId === outlook.id);
    expect(outlookCopy).toMatchObject({ state: 'scheduled', start: later.start });
    expect(outlookCopy?.twinOf).toBeUndefined();
    await h.advanceAndSettle('2026-03-05T14:05:00Z');
    expect(h.mailer.ofKind('thank-you')).toHaveLength(1);
  });
});
