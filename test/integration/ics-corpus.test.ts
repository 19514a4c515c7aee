/**
 * The calendar corpus: what Google, Outlook, Apple Calendar, Thunderbird,
 * Fastmail and holiday calendars export (quirks kept), feeds broken on
 * purpose, and seeded fuzzed variants of all of them. Each gets one known
 * interview added; it must be read from every one, and every component left
 * out must be named (UID) with a reason.
 */
import { describe, expect, it } from 'vitest';
import {
  CORPUS_NOW,
  corpusFiles,
  INTERVIEW_UID,
  listing,
  mutate,
  readCorpus,
  withInterview,
} from '../support/ics-corpus.js';

/** What each file must yield besides the interview: UIDs read, and UIDs left out with a reason. */
const EXPECTED: Record<string, { read: string[]; left: Record<string, RegExp> }> = {
  'apple-calendar.ics': { read: ['5B2C6A1E-0F6E-4C1F-9A0B-7E1D2C3B4A59'], left: {} },
  'bom-lf-two-calendars.ics': { read: ['lf-folded@fastmail', 'second-calendar@example'], left: {} },
  'broken-lines-and-dates.ics': {
    read: ['bad-dtstamp-only', 'iso-extended', 'after-the-cut'],
    left: {
      'unterminated-quote': /double quote/,
      'impossible-date': /DTSTART "20261399T250000Z" is not a real date/,
      'odd-date': /DTSTART "1997-09-T1T00:00:Z" is not a real date/,
      'feb-29-2027': /not a real date/,
      'huge-duration': /longer than a year/,
      'bad-duration': /not a duration/,
      'end-year-9999': /longer than a year/,
      'never-ended': /not terminated/,
    },
  },
  'broken-recurrence-rules.ics': {
    read: ['daily-since-1990'],
    left: {
      'never-feb-30': /days that do not exist/,
      'never-feb-30-weekly-monthly': /days that do not exist/,
      'never-yearday': /BYYEARDAY/,
      'bymonth-13': /BYMONTH/,
      'byhour-25': /BYHOUR/,
      'freq-foo': /frequency/,
      'count-abc': /integer/,
      'until-impossible': /UNTIL "20271340T000000Z" is not a real date/,
      'secondly-interview': /more often than daily/,
      'minutely-interview': /more often than daily/,
      'daily-byhour-many': /more often than daily/,
      'rdate-hourly': /more often than daily/,
    },
  },
  'google-holidays.ics': {
    read: [
      '20261126_fsbfeho2cbv2p7cimnhj04ck9k@google.com',
      '20261225_u1u2f8b5hmv0fgcmk9tm2rrmts@google.com',
      '20270101_3g8nc4a4mbgbnb9ub7ffhc7jn8@google.com',
    ],
    left: {},
  },
  'holidays-without-value-date.ics': {
    read: [
      '63451@calendarlabs.com',
      '63452@calendarlabs.com',
      '63453@calendarlabs.com',
      '63454@calendarlabs.com',
    ],
    left: {},
  },
  'outlook-recurring.ics': {
    read: [
      '040000008200E00074C5B7101A82E00800000000B0C1D2E3F4A5D901000000000000000010000000DEADBEEF',
      '040000008200E00074C5B7101A82E00800000000C0C1D2E3F4A5D901000000000000000010000000FACADE',
    ],
    left: {},
  },
  'thunderbird.ics': {
    read: ['7a3e9f10-1b2c-4d5e-8f90-abcdef012345', '8b4f0a21-2c3d-4e5f-9012-bcdef0123456'],
    left: {},
  },
};

describe('the calendar corpus', () => {
  it('has an expectation for every file', () => {
    expect(corpusFiles()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of corpusFiles()) {
    for (const where of ['first', 'last'] as const) {
      it(`${file}: reads the interview (added ${where}), the good events, and names what it leaves out`, () => {
        const result = listing(withInterview(readCorpus(file), where));
        const uids = new Set(result.events.map((event) => event.iCalUID));
        const expected = EXPECTED[file]!;
        expect(uids.has(INTERVIEW_UID)).toBe(true);
        for (const uid of expected.read) expect(uids, uid).toContain(uid);
        for (const [uid, reason] of Object.entries(expected.left)) {
          expect(uids.has(uid), uid).toBe(false);
          const note = result.notes.find((n) => n.uid === uid);
          expect(note, uid).toBeDefined();
          expect(`${note!.message} ${note!.reason ?? ''}`, uid).toMatch(reason);
        }
        const interview = result.events.find((event) => event.iCalUID === INTERVIEW_UID)!;
        expect(interview).toMatchObject({
          start: '2026-12-02T10:58:00.000Z',
          end: '2026-12-02T11:58:00.000Z',
          title: 'Interview: Acme Corp – Staff Engineer',
        });
      });
    }
  }

  it('reads dates as the apps show them', () => {
    const holidays = listing(readCorpus('holidays-without-value-date.ics')).events;
    // DTSTART:20261225 without VALUE=DATE is an all-day date, in the owner's zone (Berlin).
    expect(holidays.find((e) => e.iCalUID === '63451@calendarlabs.com')).toMatchObject({
      allDay: true,
      start: '2026-12-24T23:00:00.000Z',
      end: '2026-12-25T23:00:00.000Z',
    });
    const broken = listing(readCorpus('broken-lines-and-dates.ics')).events;
    expect(broken.find((e) => e.iCalUID === 'iso-extended')).toMatchObject({
      start: '2026-12-04T13:00:00.000Z',
      end: '2026-12-04T14:00:00.000Z',
    });
    const apple = listing(readCorpus('apple-calendar.ics')).events;
    expect(apple.find((e) => e.title === 'Dinner with Sam')).toMatchObject({
      start: '2026-12-03T18:00:00.000Z',
    });
  });

  it('walks a series from 1990 only near the window: 210 daily instances in a 210-day window', () => {
    const events = listing(readCorpus('broken-recurrence-rules.ics')).events.filter(
      (event) => event.recurringEventId === 'daily-since-1990',
    );
    expect(events).toHaveLength(210);
    expect(events[0]!.start).toBe('2026-11-03T08:30:00.000Z');
  });
});

describe('fuzzed variants of the corpus', () => {
  for (const file of corpusFiles()) {
    it(`${file}: 25 damaged variants never fail the feed and never lose the interview`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const damaged = mutate(readCorpus(file), seed * 7919 + file.length);
        const result = listing(withInterview(damaged, 'first'));
        const uids = result.events.map((event) => event.iCalUID);
        expect(uids, `seed ${seed}`).toContain(INTERVIEW_UID);
        for (const note of result.notes) expect(note.message.length).toBeGreaterThan(0);
      }
    });
  }
});

describe('feeds that used to use up a global budget', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const stamp = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const calendar = (events: string[]) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR'].join('\r\n');

  it('50 daily meetings that began a year ago leave the interview that just ended', () => {
    const since = stamp(CORPUS_NOW.getTime() - 365 * DAY);
    const meetings = Array.from({ length: 50 }, (_, i) =>
      [
        'BEGIN:VEVENT',
        `UID:daily-${i}`,
        `DTSTART:${since}`,
        'DURATION:PT15M',
        'RRULE:FREQ=DAILY',
        'SUMMARY:Sync',
        'END:VEVENT',
      ].join('\r\n'),
    );
    const result = listing(withInterview(calendar(meetings), 'last'));
    expect(result.events.map((e) => e.iCalUID)).toContain(INTERVIEW_UID);
    expect(result.events.filter((e) => e.recurringEventId === 'daily-0')).toHaveLength(210);
    expect(result.notes).toEqual([]);
  });

  it('10,050 single events before it leave the interview too', () => {
    const start = CORPUS_NOW.getTime() - 20 * DAY;
    const singles = Array.from({ length: 10_050 }, (_, i) =>
      [
        'BEGIN:VEVENT',
        `UID:single-${i}`,
        `DTSTART:${stamp(start + i * 60_000)}`,
        'DURATION:PT30M',
        'SUMMARY:Busy',
        'END:VEVENT',
      ].join('\r\n'),
    );
    const result = listing(withInterview(calendar(singles), 'last'));
    expect(result.events).toHaveLength(10_051);
    expect(result.events.at(-1)!.iCalUID).toBe(INTERVIEW_UID);
  });

  it('past the occurrence limit keeps what is nearest now, and says so', () => {
    const start = CORPUS_NOW.getTime() - 25 * DAY;
    const singles = Array.from({ length: 300 }, (_, i) =>
      [
        'BEGIN:VEVENT',
        `UID:s-${i}`,
        `DTSTART:${stamp(start + i * 60_000)}`,
        'DURATION:PT30M',
        'END:VEVENT',
      ].join('\r\n'),
    );
    const result = listing(withInterview(calendar(singles), 'last'), {
      limits: {
        stepsPerSeries: 10_000,
        stepsTotal: 100_000,
        msPerSeries: 1_000,
        msTotal: 20_000,
        occurrences: 100,
      },
    });
    expect(result.events).toHaveLength(100);
    expect(result.events.map((e) => e.iCalUID)).toContain(INTERVIEW_UID);
    expect(result.notes.map((n) => n.message)).toContain(
      'occurrence limit reached; those furthest from now left out',
    );
  });

  it('a daily RDATE list of 3,000 dates yields only the instances in the window', () => {
    const dates = Array.from({ length: 3_000 }, (_, i) =>
      stamp(CORPUS_NOW.getTime() - 1_500 * DAY + i * DAY),
    );
    const text = calendar([
      [
        'BEGIN:VEVENT',
        'UID:rdates',
        `DTSTART:${dates[0]}`,
        'DURATION:PT1H',
        `RDATE:${dates.join(',')}`,
        'SUMMARY:Interview',
        'END:VEVENT',
      ].join('\r\n'),
    ]);
    const events = listing(text).events;
    expect(events.length).toBeGreaterThan(200);
    expect(events.length).toBeLessThanOrEqual(211);
  });

  it('a rule that yields nothing for ever is stopped by its step budget, and the rest is read', () => {
    // Feb 29 on a Monday: not for 27 years from the window, so the walk ends at its budget.
    const text = withInterview(
      calendar([
        [
          'BEGIN:VEVENT',
          'UID:rare',
          'DTSTART:20261101T100000Z',
          'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;BYSETPOS=1',
          'END:VEVENT',
        ].join('\r\n'),
      ]),
      'last',
    );
    const result = listing(text);
    expect(result.events.map((e) => e.iCalUID)).toEqual([INTERVIEW_UID]);
    expect(result.notes).toContainEqual(
      expect.objectContaining({
        uid: 'rare',
        message: 'recurrence expansion limit reached; later instances left out',
      }),
    );
  });
});
