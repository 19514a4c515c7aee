/**
 * Date values of an iCalendar line, read the way a tolerant calendar app
 * reads them and checked strictly: `DTSTART:20220101` (a date written
 * without `VALUE=DATE`, common in holiday calendars) and ISO-extended
 * `2026-01-05T10:00:00Z` are accepted; a date that cannot exist, such as
 * `20261399T250000Z`, is refused (ical.js would roll it into April).
 */

/** Properties whose values are dates or date-times. */
export const DATE_PROPERTIES = new Set([
  'DTSTART',
  'DTEND',
  'DUE',
  'RECURRENCE-ID',
  'EXDATE',
  'RDATE',
  'DTSTAMP',
  'LAST-MODIFIED',
  'CREATED',
]);

/** Dates that only describe the record: a bad one is dropped, not the event. */
export const INCIDENTAL_DATE_PROPERTIES = new Set(['DTSTAMP', 'LAST-MODIFIED', 'CREATED']);

const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const BASIC_DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;
const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z?))?$/;

/** A date value in the basic form ical.js reads, and whether it is a date without a time. */
export interface NormalDate {
  value: string;
  isDate: boolean;
}

/** `raw` as a valid basic-form date or date-time, or undefined when it is no real date. */
export function normalDate(raw: string): NormalDate | undefined {
  const text = raw.trim().toUpperCase();
  const extended = EXTENDED.exec(text);
  const basic = extended
    ? extended[4] === undefined
      ? `${extended[1]}${extended[2]}${extended[3]}`
      : `${extended[1]}${extended[2]}${extended[3]}T${extended[4]}${extended[5]}${extended[6] ?? '00'}${extended[7] ?? ''}`
    : text;
  const date = BASIC_DATE.exec(basic);
  if (date) return realDate(date) ? { value: basic, isDate: true } : undefined;
  const dateTime = BASIC_DATE_TIME.exec(basic);
  if (!dateTime || !realDate(dateTime)) return undefined;
  const [hour, minute, second] = [Number(dateTime[4]), Number(dateTime[5]), Number(dateTime[6])];
  // 60 seconds is a leap second (RFC 5545 allows it).
  return hour <= 23 && minute <= 59 && second <= 60 ? { value: basic, isDate: false } : undefined;
}

function realDate(match: RegExpExecArray): boolean {
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && leap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= days;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function leap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
