/**
 * Graph `dateTimeTimeZone` values -> UTC instants. Graph writes local wall
 * time without an offset (`2026-03-10T15:00:00.0000000`) plus a zone that is
 * an IANA name, a Windows name ("W. Europe Standard Time") or "UTC".
 */
import { DateTime, IANAZone } from 'luxon';
import { findIana } from 'windows-iana';
import { ValidationError } from '../../../core/errors.js';

/** An IANA zone for a Graph zone name, or undefined when unknown. */
export function ianaZone(name: string | null | undefined): string | undefined {
  const zone = (name ?? '').trim();
  if (zone === '') return undefined;
  if (/^(?:utc|gmt|z|tzone:\/\/microsoft\/utc)$/i.test(zone)) return 'UTC';
  if (IANAZone.isValidZone(zone)) return zone;
  return findIana(zone).find((candidate) => IANAZone.isValidZone(candidate));
}

/** Graph's `dateTimeTimeZone` shape. */
export interface GraphTimeFields {
  dateTime?: string | null;
  timeZone?: string | null;
}

/**
 * A UTC instant (`...Z`, whole seconds). For all-day events Graph gives
 * midnights; the date is read in the owner's zone so that the day is the
 * owner's day whatever zone Graph reported it in.
 */
export function graphInstant(
  time: GraphTimeFields,
  options: { allDay: boolean; ownerZone: string; eventId: string; which: string },
): string {
  const { allDay, ownerZone, eventId, which } = options;
  const raw = time.dateTime ?? '';
  let parsed: DateTime;
  if (allDay) {
    const date = /^(\d{4}-\d{2}-\d{2})/.exec(raw)?.[1];
    parsed = date ? DateTime.fromISO(date, { zone: ownerZone }) : DateTime.invalid('no date');
  } else {
    const zone = ianaZone(time.timeZone);
    if (time.timeZone && !zone) {
      throw new ValidationError(
        `Microsoft event ${eventId}: ${which} has an unknown time zone '${time.timeZone.slice(0, 80)}'`,
      );
    }
    // An explicit offset in the string wins over the zone name.
    parsed = DateTime.fromISO(raw, { zone: zone ?? 'UTC' });
  }
  if (!parsed.isValid) {
    throw new ValidationError(
      `Microsoft event ${eventId}: ${which} '${raw.slice(0, 40)}' is not a valid time`,
    );
  }
  const iso = parsed.toUTC().startOf('second').toISO({ suppressMilliseconds: true });
  if (!iso) throw new ValidationError(`Microsoft event ${eventId}: ${which} is out of range`);
  return iso;
}
