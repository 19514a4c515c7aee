/** How instants are shown to people: in their zone, with the zone's name. */
import { DateTime } from 'luxon';
import { zoneLabel } from '../core/timing.js';

/**
 * "Tue 3 Mar, 14:00 CET"; the year is added when it is not
 * the year of `now`. An unknown zone falls back to UTC rather than failing.
 */
export function formatInstant(iso: string, zone: string, now: Date = new Date()): string {
  let at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) at = DateTime.fromISO(iso, { zone: 'UTC' });
  if (!at.isValid) return iso;
  const day = at.setLocale('en-GB').toFormat('ccc d LLL');
  const year = at.year === DateTime.fromJSDate(now, { zone: at.zone }).year ? '' : ` ${at.year}`;
  return `${day}${year}, ${at.toFormat('HH:mm')} ${zoneLabel(at)}`;
}
