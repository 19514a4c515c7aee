/** Google event times -> UTC instants. */
import { DateTime } from 'luxon';
import { ValidationError } from '../../../core/errors.js';

/** `start`/`end` of a Google event: `dateTime` for timed events, `date` for all-day ones. */
export interface GoogleTimeFields {
  date?: string | null;
  dateTime?: string | null;
  timeZone?: string | null;
}

/**
 * A UTC instant (`...Z`, whole seconds). `dateTime` carries its own offset;
 * without one it is read in the event's `timeZone`, else the owner's zone.
 * An all-day `date` is midnight in the owner's zone (Google's end date is
 * exclusive, so the end is midnight after the last day).
 */
export function toInstant(time: GoogleTimeFields, ownerZone: string, eventId: string, which: string): string {
  const zone = time.timeZone && DateTime.now().setZone(time.timeZone).isValid ? time.timeZone : ownerZone;
  let parsed: DateTime;
  if (time.dateTime) {
    parsed = DateTime.fromISO(time.dateTime, { zone, setZone: false });
  } else if (time.date) {
    parsed = DateTime.fromISO(time.date, { zone: ownerZone }).startOf('day');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(time.date)) parsed = DateTime.invalid('not a date');
  } else {
    throw new ValidationError(`Google event ${eventId}: ${which} has neither date nor dateTime`);
  }
  if (!parsed.isValid) {
    throw new ValidationError(
      `Google event ${eventId}: ${which} '${String(time.dateTime ?? time.date).slice(0, 40)}' is not a valid time`,
    );
  }
  const iso = parsed.toUTC().startOf('second').toISO({ suppressMilliseconds: true });
  if (!iso) throw new ValidationError(`Google event ${eventId}: ${which} is out of range`);
  return iso;
}
