/** How instants are shown to people: in their zone, with the zone's name. */
import { DateTime } from 'luxon';

// en-US names American zones (EST), en-GB names European ones (CET); other
// zones get an offset such as GMT+5:30, which is still unambiguous.
const LOCALES = ['en-US', 'en-GB'] as const;

/** The short zone name at an instant ("CET", "EDT", "GMT+5:30"). */
function zoneAbbreviation(at: DateTime): string {
  let fallback = '';
  for (const locale of LOCALES) {
    const name = at.setLocale(locale).toFormat('ZZZZ');
    if (!/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback ||= name;
  }
  return fallback;
}

/**
 * "Tue 3 Mar, 14:00 CET (Europe/Berlin)"; the year is added when it is not
 * the year of `now`. An unknown zone falls back to UTC rather than failing.
 */
export function formatInstant(iso: string, zone: string, now: Date = new Date()): string {
  let at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) at = DateTime.fromISO(iso, { zone: 'UTC' });
  if (!at.isValid) return iso;
  const day = at.setLocale('en-GB').toFormat('ccc d LLL');
  const year = at.year === DateTime.fromJSDate(now, { zone: at.zone }).year ? '' : ` ${at.year}`;
  return `${day}${year}, ${at.toFormat('HH:mm')} ${zoneAbbreviation(at)} (${at.zoneName})`;
}
