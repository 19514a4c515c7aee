import fc from 'fast-check';
import { DateTime, Settings as LuxonSettings } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  dayInWords,
  formatInZone,
  formatTime,
  localDate,
  MORNING_HOUR,
  nextBusinessMorning,
  statusCheckDue,
  toInstant,
  weekdayMorning,
} from '../../functions/core/timing.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

/** A local wall-clock time in a zone, as a JS Date. */
function local(iso: string, zone: string): Date {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${iso}`);
  return dt.toJSDate();
}

/** The instant seen as local wall-clock text in a zone: "2026-03-09T09:00 Mon". */
function wall(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ccc");
}

describe('addBusinessDays', () => {
  it('skips the weekend and keeps the local clock time', () => {
    const friday = DateTime.fromISO('2026-03-06T16:30', { zone: BERLIN });
    expect(addBusinessDays(friday, 1).toFormat("yyyy-MM-dd'T'HH:mm ccc")).toBe('2026-03-09T16:30 Mon');
    expect(addBusinessDays(friday, 5).toFormat("yyyy-MM-dd'T'HH:mm ccc")).toBe('2026-03-13T16:30 Fri');
  });

  it('counts from a weekend day as if from the Friday before', () => {
    const saturday = DateTime.fromISO('2026-03-07T11:00', { zone: BERLIN });
    const sunday = DateTime.fromISO('2026-03-08T11:00', { zone: BERLIN });
    expect(addBusinessDays(saturday, 1).toISODate()).toBe('2026-03-09');
    expect(addBusinessDays(sunday, 1).toISODate()).toBe('2026-03-09');
    expect(addBusinessDays(sunday, 6).toISODate()).toBe('2026-03-16');
  });

  it('never lands on a weekend and spans exactly n weekdays (property)', () => {
    const start = DateTime.fromISO('2026-01-01T12:00', { zone: BERLIN });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 1, max: 60 }), (offset, days) => {
        const from = start.plus({ days: offset });
        const to = addBusinessDays(from, days);
        expect(to.weekday).toBeLessThan(6);
        let weekdays = 0;
        for (let day = from.plus({ days: 1 }); day <= to; day = day.plus({ days: 1 })) {
          if (day.weekday < 6) weekdays += 1;
        }
        expect(weekdays).toBe(days);
        expect(to.toFormat('HH:mm')).toBe('12:00');
      }),
      { numRuns: 60 },
    );
  });
});

describe('weekdayMorning', () => {
  it('moves a Saturday or Sunday to Monday at 09:00 and keeps a weekday', () => {
    expect(weekdayMorning(DateTime.fromISO('2026-03-07T22:15', { zone: BERLIN })).toFormat('ccc HH:mm')).toBe(
      'Mon 09:00',
    );
    expect(weekdayMorning(DateTime.fromISO('2026-03-08T01:00', { zone: BERLIN })).toISODate()).toBe(
      '2026-03-09',
    );
    expect(
      weekdayMorning(DateTime.fromISO('2026-03-04T23:59', { zone: BERLIN })).toFormat(
        'yyyy-MM-dd HH:mm:ss.SSS',
      ),
    ).toBe('2026-03-04 09:00:00.000');
  });
});

describe('statusCheckDue', () => {
  it('lands 5 business days after the interview at 09:00 local on a weekday', () => {
    // Thursday afternoon: 5 business days later is the next Thursday.
    const due = statusCheckDue(local('2026-03-05T15:00', BERLIN), BERLIN, undefined, 5);
    expect(wall(due, BERLIN)).toBe('2026-03-12T09:00 Thu');
    expect(due.toISOString()).toBe('2026-03-12T08:00:00.000Z');
  });

  it('counts the waiting window over a weekend', () => {
    const due = statusCheckDue(local('2026-03-06T17:00', BERLIN), BERLIN, undefined, 3);
    expect(wall(due, BERLIN)).toBe('2026-03-11T09:00 Wed');
  });

  it('never lands at night even for a late-evening interview in another zone', () => {
    // 23:30 in New York is already the next day in UTC: the count starts from the local day.
    const due = statusCheckDue(local('2026-06-05T23:30', NEW_YORK), NEW_YORK, undefined, 1);
    expect(wall(due, NEW_YORK)).toBe('2026-06-08T09:00 Mon');
    expect(due.toISOString()).toBe('2026-06-08T13:00:00.000Z');
  });

  it('keeps 09:00 local across the Berlin spring-forward change (CET -> CEST)', () => {
    // DST starts on Sunday 2026-03-29 in the EU.
    const due = statusCheckDue(local('2026-03-25T15:00', BERLIN), BERLIN, undefined, 5);
    expect(wall(due, BERLIN)).toBe('2026-04-01T09:00 Wed');
    expect(due.toISOString()).toBe('2026-04-01T07:00:00.000Z');
  });

  it('keeps 09:00 local across the Berlin fall-back change (CEST -> CET)', () => {
    // DST ends on Sunday 2026-10-25 in the EU.
    const due = statusCheckDue(local('2026-10-22T10:00', BERLIN), BERLIN, undefined, 2);
    expect(wall(due, BERLIN)).toBe('2026-10-26T09:00 Mon');
    expect(due.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('keeps 09:00 local across the New York spring-forward and fall-back changes', () => {
    // US DST starts 2026-03-08 and ends 2026-11-01 (both Sundays).
    const spring = statusCheckDue(local('2026-03-06T16:00', NEW_YORK), NEW_YORK, undefined, 1);
    expect(wall(spring, NEW_YORK)).toBe('2026-03-09T09:00 Mon');
    expect(spring.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    const fall = statusCheckDue(local('2026-10-30T16:00', NEW_YORK), NEW_YORK, undefined, 1);
    expect(wall(fall, NEW_YORK)).toBe('2026-11-02T09:00 Mon');
    expect(fall.toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('uses a timeline in days instead of the default window', () => {
    const end = local('2026-03-05T15:00', BERLIN);
    const due = statusCheckDue(end, BERLIN, { kind: 'days', days: 10 }, 5);
    expect(wall(due, BERLIN)).toBe('2026-03-19T09:00 Thu');
  });

  it('uses a timeline date: the next business morning after that date', () => {
    const end = local('2026-03-05T15:00', BERLIN);
    expect(wall(statusCheckDue(end, BERLIN, { kind: 'date', date: '2026-03-17' }, 5), BERLIN)).toBe(
      '2026-03-18T09:00 Wed',
    );
    // A Friday date: the next business morning is Monday.
    expect(wall(statusCheckDue(end, BERLIN, { kind: 'date', date: '2026-03-20' }, 5), BERLIN)).toBe(
      '2026-03-23T09:00 Mon',
    );
  });

  it('ignores a timeline date that is not after the interview and falls back to the window', () => {
    const end = local('2026-03-05T15:00', BERLIN);
    const due = statusCheckDue(end, BERLIN, { kind: 'date', date: '2026-03-01' }, 5);
    expect(wall(due, BERLIN)).toBe('2026-03-12T09:00 Thu');
  });

  it('always lands on a weekday at 09:00 local (property, several zones)', () => {
    const zones = [BERLIN, NEW_YORK, 'Asia/Tokyo', 'Australia/Sydney', 'America/Los_Angeles'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2025-01-01T00:00:00Z'),
          max: new Date('2028-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 60 }),
        (end, zone, days) => {
          const due = DateTime.fromJSDate(statusCheckDue(end, zone, undefined, days), { zone });
          expect(due.weekday).toBeLessThan(6);
          expect(due.hour).toBe(MORNING_HOUR);
          expect(due.minute).toBe(0);
          expect(due.toMillis()).toBeGreaterThan(end.getTime());
        },
      ),
    );
  });
});

describe('nextBusinessMorning', () => {
  it('is tomorrow at 09:00 on a weekday, Monday from a Friday', () => {
    expect(wall(nextBusinessMorning(local('2026-03-04T18:00', BERLIN), BERLIN), BERLIN)).toBe(
      '2026-03-05T09:00 Thu',
    );
    expect(wall(nextBusinessMorning(local('2026-03-06T08:00', BERLIN), BERLIN), BERLIN)).toBe(
      '2026-03-09T09:00 Mon',
    );
  });
});

describe('localDate', () => {
  it('is the date in the user zone, not in UTC', () => {
    expect(localDate('2026-03-02T23:30:00Z', BERLIN)).toBe('2026-03-03');
    expect(localDate('2026-03-03T03:30:00Z', NEW_YORK)).toBe('2026-03-02');
    expect(localDate('2026-03-03T03:30:00Z', 'UTC')).toBe('2026-03-03');
  });
});

describe('formatInZone and formatTime', () => {
  it('shows the local time with one zone label, never the same zone twice', () => {
    expect(formatInZone('2026-03-03T13:00:00Z', BERLIN)).toBe('Tue 3 Mar 2026, 14:00 CET');
    expect(formatInZone('2026-07-03T13:00:00Z', BERLIN)).toBe('Fri 3 Jul 2026, 15:00 CEST');
    expect(formatInZone('2026-07-03T13:51:00Z', 'UTC')).toBe('Fri 3 Jul 2026, 13:51 UTC');
    expect(formatInZone('2026-07-03T13:00:00Z', NEW_YORK)).toBe('Fri 3 Jul 2026, 09:00 EDT');
    expect(formatInZone(new Date('2026-12-03T13:00:00Z'), NEW_YORK)).toBe('Thu 3 Dec 2026, 08:00 EST');
  });

  it('reads the same whatever the machine locale (mails are in English)', () => {
    const previous = LuxonSettings.defaultLocale;
    try {
      LuxonSettings.defaultLocale = 'de-DE';
      expect(formatInZone('2026-03-03T13:00:00Z', BERLIN)).toBe('Tue 3 Mar 2026, 14:00 CET');
      expect(formatTime('2026-03-03T13:00:00Z', NEW_YORK)).toBe('08:00 EST');
    } finally {
      LuxonSettings.defaultLocale = previous;
    }
  });

  it('changes with the zone: the same instant reads differently per user', () => {
    const instant = '2026-03-03T13:00:00Z';
    expect(formatInZone(instant, 'Asia/Tokyo')).toBe('Tue 3 Mar 2026, 22:00 Asia/Tokyo');
    expect(formatTime(instant, NEW_YORK)).toBe('08:00 EST');
  });
});

describe('toInstant', () => {
  it('is UTC without milliseconds', () => {
    expect(toInstant(new Date('2026-03-03T13:00:00.000Z'))).toBe('2026-03-03T13:00:00Z');
    expect(toInstant(local('2026-03-03T14:00', BERLIN))).toBe('2026-03-03T13:00:00Z');
  });
});

describe('dayInWords', () => {
  const now = new Date('2026-03-06T16:00:00Z'); // Friday in Berlin
  it('says today, yesterday, a weekday within the week, else the date', () => {
    expect(dayInWords('2026-03-06T09:00:00Z', now, BERLIN)).toBe('today');
    expect(dayInWords('2026-03-05T23:30:00Z', now, BERLIN)).toBe('today');
    expect(dayInWords('2026-03-05T12:00:00Z', now, BERLIN)).toBe('yesterday');
    expect(dayInWords('2026-03-02T12:00:00Z', now, BERLIN)).toBe('on Monday');
    expect(dayInWords('2026-02-20T12:00:00Z', now, BERLIN)).toBe('on 20 February');
  });
});
