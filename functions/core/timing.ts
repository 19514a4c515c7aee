/**
 * When prompts are due. Instants are UTC; rules are applied in the user's
 * zone through luxon so that DST changes and weekends fall where a person
 * expects them.
 */
import { DateTime } from 'luxon';
import type { Application } from './model.js';

/** Status checks land at this local hour, never at night. */
export const MORNING_HOUR = 9;
const SATURDAY = 6;

function isWeekend(day: DateTime): boolean {
  return day.weekday >= SATURDAY;
}

/** Adds `days` business days (Mon-Fri) to a local date-time, keeping its clock time. */
export function addBusinessDays(from: DateTime, days: number): DateTime {
  let day = from;
  let left = days;
  while (left > 0) {
    day = day.plus({ days: 1 });
    if (!isWeekend(day)) left -= 1;
  }
  return day;
}

/** The same local day at the morning hour, moved forward to a weekday. */
export function weekdayMorning(day: DateTime): DateTime {
  let morning = day.set({ hour: MORNING_HOUR, minute: 0, second: 0, millisecond: 0 });
  while (isWeekend(morning)) morning = morning.plus({ days: 1 });
  return morning;
}

/** Prompts may land between these local hours on a weekday. */
export const DAYTIME_HOURS = { from: MORNING_HOUR, to: 20 } as const;

/** A weekday between the morning hour and 20:00 in the zone. */
export function isDaytime(now: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(now, { zone });
  return !isWeekend(local) && local.hour >= DAYTIME_HOURS.from && local.hour < DAYTIME_HOURS.to;
}

/** Validates an IANA zone name. */
export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/**
 * When the status-check prompt is due: the timeline the employer gave (a
 * number of business days, or a date: we check the next business morning
 * after it), else the user's default window, counted from the end of the
 * latest interview, landing at 09:00 local on a weekday.
 */
export function statusCheckDue(
  lastEnd: Date,
  zone: string,
  timeline: Application['timeline'],
  defaultDays: number,
): Date {
  const end = DateTime.fromJSDate(lastEnd, { zone });
  if (timeline?.kind === 'date') {
    const given = DateTime.fromISO(timeline.date, { zone });
    if (given.isValid && given > end) return weekdayMorning(addBusinessDays(given, 1)).toJSDate();
  }
  const days = timeline?.kind === 'days' ? timeline.days : defaultDays;
  return weekdayMorning(addBusinessDays(end, days)).toJSDate();
}

/** Tomorrow's business morning in the user's zone (snooze). */
export function nextBusinessMorning(now: Date, zone: string): Date {
  return weekdayMorning(addBusinessDays(DateTime.fromJSDate(now, { zone }), 1)).toJSDate();
}

/** The local calendar date (yyyy-mm-dd) of an instant in a zone. */
export function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate() ?? instant.slice(0, 10);
}

// en-US names American zones (EST), en-GB European ones (CET); other zones
// get an offset such as GMT+5:30, which is still unambiguous.
const ZONE_NAME_LOCALES = ['en-US', 'en-GB'] as const;

/** The short name of the zone at an instant: "CET", "EDT", else "GMT+5:30". */
export function zoneAbbreviation(at: DateTime): string {
  let fallback = '';
  for (const locale of ZONE_NAME_LOCALES) {
    const name = at.setLocale(locale).toFormat('ZZZZ');
    if (!/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback ||= name;
  }
  return fallback;
}

function inZone(instant: string | Date, zone: string): DateTime {
  return typeof instant === 'string'
    ? DateTime.fromISO(instant, { zone })
    : DateTime.fromJSDate(instant, { zone });
}

/**
 * One label for the zone: its short name when it has one ("CET", "EDT",
 * "UTC"), else the IANA name ("Asia/Kolkata"), which reads better than an
 * offset. Never both: "13:51 UTC (UTC)" said the same thing twice.
 */
export function zoneLabel(at: DateTime): string {
  const short = zoneAbbreviation(at);
  return /^(GMT|UTC)[+-]/.test(short) ? (at.zoneName ?? short) : short;
}

/** "Tue 3 Mar 2026, 14:00 CET": always with the zone's label. */
export function formatInZone(instant: string | Date, zone: string): string {
  const dt = inZone(instant, zone);
  return `${dt.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')} ${zoneLabel(dt)}`;
}

/** Clock time only, with the zone's label: "14:00 CET". */
export function formatTime(instant: string, zone: string): string {
  const dt = inZone(instant, zone);
  return `${dt.toFormat('HH:mm')} ${zoneLabel(dt)}`;
}

/** The local day for a sentence: "Thursday 5 March". */
export function formatDay(instant: string, zone: string): string {
  return inZone(instant, zone).setLocale('en-GB').toFormat('cccc d LLLL');
}

/** A past day as a person says it in a note: "today", "yesterday", "on Tuesday", "on 3 March". */
export function dayInWords(instant: string, now: Date, zone: string): string {
  const day = inZone(instant, zone).startOf('day');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Math.round(today.diff(day, 'days').days);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  const local = day.setLocale('en-GB');
  return days < 7 ? `on ${local.toFormat('cccc')}` : `on ${local.toFormat('d LLLL')}`;
}

/** UTC ISO string without milliseconds, as the model stores instants. */
export function toInstant(date: Date): string {
  return (
    DateTime.fromJSDate(date, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? date.toISOString()
  );
}
