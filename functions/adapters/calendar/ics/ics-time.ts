/**
 * Turns iCalendar times into instants. Zones are resolved, in order: an IANA
 * name (also inside Mozilla-style prefixes), a Windows name (Outlook), the
 * feed's own VTIMEZONE definition (Outlook's "Customized Time Zone"), and
 * finally the owner's zone. Floating times and all-day dates are the owner's
 * wall clock.
 */
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { findIana } from 'windows-iana';

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalTimezone = InstanceType<typeof ICAL.Timezone>;

/** What a feed's zones resolve against. */
export interface ZoneContext {
  ownerZone: string;
  /** The feed's VTIMEZONE definitions by TZID. */
  definitions: Map<string, IcalTimezone>;
  /** Called once per TZID that resolves to nothing. */
  onUnknownZone: (tzid: string) => void;
}

export interface ResolvedTime {
  instant: Date;
  /** IANA zone, when the time named one we could resolve. */
  zone?: string;
}

/** The TZID parameter of a component's property (DTSTART, DTEND, RECURRENCE-ID). */
export function tzidOf(component: InstanceType<typeof ICAL.Component>, name: string): string | undefined {
  const value = component.getFirstProperty(name)?.getParameter('tzid');
  const tzid = Array.isArray(value) ? value[0] : value;
  return typeof tzid === 'string' && tzid.trim() !== '' ? tzid : undefined;
}

/** The VTIMEZONE definitions of a parsed VCALENDAR, kept per feed (never global). */
export function zoneDefinitions(calendar: InstanceType<typeof ICAL.Component>): Map<string, IcalTimezone> {
  const definitions = new Map<string, IcalTimezone>();
  for (const component of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = component.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string') definitions.set(tzid, new ICAL.Timezone(component));
  }
  return definitions;
}

/**
 * The instant of `time`, and its IANA zone when known. `tzid` is the TZID
 * parameter of the property the time came from: ical.js forgets it when the
 * feed has no VTIMEZONE for it, and on every recurrence instance.
 */
export function resolveTime(time: IcalTime, context: ZoneContext, tzid?: string): ResolvedTime {
  const parts = { year: time.year, month: time.month, day: time.day };
  if (time.isDate) return { instant: wallClock(parts, context.ownerZone) };
  const full = { ...parts, hour: time.hour, minute: time.minute, second: time.second };
  const zoneId = time.zone?.tzid === 'UTC' ? 'UTC' : (tzid ?? time.zone?.tzid ?? 'floating');
  return resolveIn(full, zoneId, time, context);
}

function resolveIn(
  full: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  tzid: string,
  time: IcalTime,
  context: ZoneContext,
): ResolvedTime {
  if (tzid === 'UTC' || tzid === 'Z')
    return {
      instant: new Date(Date.UTC(full.year, full.month - 1, full.day, full.hour, full.minute, full.second)),
      zone: 'UTC',
    };
  if (tzid === 'floating') return { instant: wallClock(full, context.ownerZone) };
  const iana = ianaZone(tzid);
  if (iana) return { instant: wallClock(full, iana), zone: iana };
  const definition = context.definitions.get(tzid);
  if (definition) {
    const local = Date.UTC(full.year, full.month - 1, full.day, full.hour, full.minute, full.second);
    // utcOffset reads the time's wall-clock fields against the definition's rules.
    return { instant: new Date(local - definition.utcOffset(time) * 1000) };
  }
  context.onUnknownZone(tzid);
  return { instant: wallClock(full, context.ownerZone) };
}

const ianaCache = new Map<string, string | undefined>();

/** The IANA zone a TZID names, if any. */
export function ianaZone(tzid: string): string | undefined {
  if (ianaCache.has(tzid)) return ianaCache.get(tzid);
  const resolved = lookupIana(tzid);
  if (ianaCache.size < 1000) ianaCache.set(tzid, resolved);
  return resolved;
}

function lookupIana(tzid: string): string | undefined {
  const trimmed = tzid.trim().replace(/^"|"$/g, '');
  if (IANAZone.isValidZone(trimmed) && trimmed.includes('/')) return trimmed;
  // "/mozilla.org/20050126_1/America/New_York", "/citadel.org/.../Europe/Paris".
  const tail = /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(trimmed)?.[1];
  if (tail && IANAZone.isValidZone(tail)) return tail;
  const windows = findIana(trimmed)[0];
  if (windows && IANAZone.isValidZone(windows)) return windows;
  if (IANAZone.isValidZone(trimmed)) return trimmed; // "UTC", "GMT", "EST5EDT"...
  return undefined;
}

function wallClock(
  parts: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  zone: string,
): Date {
  return DateTime.fromObject(parts, { zone }).toJSDate();
}
