/**
 * Generated feeds: recurrence rules of every frequency with valid, odd and
 * invalid parts, dates good and impossible, durations, junk lines, in any
 * order, with one known interview among them. Whatever is generated, the
 * listing answers, and the interview (and every plain good event) is in it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERVIEW_UID, interviewLines, listing } from '../support/ics-corpus.js';

const FREQ = fc.constantFrom(
  'SECONDLY',
  'MINUTELY',
  'HOURLY',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'YEARLY',
  'FOO',
  '',
);
const int = (min: number, max: number) => fc.integer({ min, max }).map(String);
const part = fc.oneof(
  fc.tuple(fc.constant('INTERVAL'), fc.oneof(int(0, 400), fc.constant('x'))),
  fc.tuple(fc.constant('COUNT'), fc.oneof(int(0, 100_000), fc.constant('abc'))),
  fc.tuple(
    fc.constant('UNTIL'),
    fc.constantFrom('20270101T000000Z', '20261399T250000Z', '19700101', '2027-01-01'),
  ),
  fc.tuple(
    fc.constant('BYMONTH'),
    fc.array(int(-1, 14), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
  ),
  fc.tuple(
    fc.constant('BYMONTHDAY'),
    fc.array(int(-32, 32), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
  ),
  fc.tuple(
    fc.constant('BYYEARDAY'),
    fc.array(int(-367, 367), { minLength: 1, maxLength: 2 }).map((a) => a.join(',')),
  ),
  fc.tuple(
    fc.constant('BYWEEKNO'),
    fc.array(int(-54, 54), { minLength: 1, maxLength: 2 }).map((a) => a.join(',')),
  ),
  fc.tuple(
    fc.constant('BYHOUR'),
    fc.array(int(0, 25), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
  ),
  fc.tuple(
    fc.constant('BYMINUTE'),
    fc.array(int(0, 61), { minLength: 1, maxLength: 2 }).map((a) => a.join(',')),
  ),
  fc.tuple(fc.constant('BYDAY'), fc.constantFrom('MO', 'TU,TH', '1MO', '-1FR', '5SU', '53MO', 'XX', '+2WE')),
  fc.tuple(fc.constant('BYSETPOS'), fc.oneof(int(-3, 3), fc.constant('400'))),
  fc.tuple(fc.constant('WKST'), fc.constantFrom('MO', 'SU', 'ZZ')),
);
const rrule = fc
  .tuple(FREQ, fc.array(part, { maxLength: 4 }))
  .map(
    ([freq, parts]) =>
      `RRULE:${[freq ? `FREQ=${freq}` : '', ...parts.map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(';')}`,
  );
const date = fc.constantFrom(
  'DTSTART:19900101T090000Z',
  'DTSTART:20261115T090000Z',
  'DTSTART:20261203T090000',
  'DTSTART;TZID=America/New_York:20261204T090000',
  'DTSTART;TZID=Nowhere/Land:20261204T090000',
  'DTSTART:20261205',
  'DTSTART;VALUE=DATE:20261206',
  'DTSTART:2026-12-07T09:00:00Z',
  'DTSTART:20261399T250000Z',
  'DTSTART:1997-09-T1T00:00:Z',
  'DTSTART:00010101T000000Z',
  'DTSTART:99991231T235959Z',
);
const ending = fc.constantFrom(
  '',
  'DURATION:PT1H',
  'DURATION:P1D',
  'DURATION:P99999999W',
  'DURATION:PX',
  'DURATION:-PT1H',
  'DTEND:20261208T100000Z',
  'DTEND:99991231T000000Z',
  'DTEND;VALUE=DATE:20261209',
);
const extras = fc.array(
  fc.constantFrom(
    'EXDATE:20261116T090000Z',
    'EXDATE:20261399T000000Z',
    'RDATE:20261210T090000Z,20261211T090000Z',
    'RDATE;VALUE=PERIOD:20261212T090000Z/PT1H',
    'ATTENDEE;CN="Unclosed:mailto:x@y.test',
    'ATTENDEE;CN=Ok:mailto:ok@y.test',
    'RECURRENCE-ID:20261116T090000Z',
    'SUMMARY:Interview',
    'X-JUNK;;;:::',
    ':no name',
  ),
  { maxLength: 3 },
);
const vevent = fc
  .tuple(fc.nat(50), date, ending, fc.option(rrule, { nil: undefined }), extras, fc.boolean())
  .map(([n, start, end, rule, more, terminated]) =>
    [
      'BEGIN:VEVENT',
      `UID:gen-${n}`,
      start,
      ...(end ? [end] : []),
      ...(rule ? [rule] : []),
      ...more,
      ...(terminated ? ['END:VEVENT'] : []),
    ].join('\r\n'),
  );
const junk = fc.constantFrom('garbage line', 'BEGIN:VTODO', 'END:VTODO', 'BEGIN:VALARM', 'END:VEVENT', '');

const LIMITS = {
  stepsPerSeries: 3_000,
  stepsTotal: 60_000,
  msPerSeries: 1_000,
  msTotal: 20_000,
  occurrences: 50_000,
};

describe('generated feeds', () => {
  it('always answer, and always hold the good interview and the good plain events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: vevent }, { weight: 1, arbitrary: junk }), {
          maxLength: 12,
        }),
        fc.nat(),
        (parts, position) => {
          const at = parts.length === 0 ? 0 : position % (parts.length + 1);
          // A good plain event right after the interview: the part before it may be cut short.
          const good = [
            'BEGIN:VEVENT',
            'UID:plain-good',
            'DTSTART:20261210T150000Z',
            'DURATION:PT1H',
            'END:VEVENT',
          ];
          const body = [
            ...parts.slice(0, at),
            interviewLines().join('\r\n'),
            good.join('\r\n'),
            ...parts.slice(at),
          ];
          const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...body, 'END:VCALENDAR'].join('\r\n');
          const result = listing(text, { limits: LIMITS });
          const uids = result.events.map((event) => event.iCalUID);
          expect(uids).toContain(INTERVIEW_UID);
          expect(uids).toContain('plain-good');
          for (const note of result.notes) {
            expect(typeof note.message).toBe('string');
            if (note.uid !== undefined) expect(note.uid.length).toBeLessThanOrEqual(100);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
