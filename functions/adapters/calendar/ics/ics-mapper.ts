/**
 * Maps one VEVENT (or one occurrence of a recurring one) to the core's
 * `CalendarEvent`. Everything read here is hostile: strings are bounded to
 * the model's LIMITS, addresses checked, URLs accepted only when https.
 */
import { createHash } from 'node:crypto';
import type ICAL from 'ical.js';
import {
  type Attendee,
  type CalendarEvent,
  LIMITS,
  type Person,
  type Response,
} from '../../../core/model.js';
import { type ResolvedTime, resolveTime, type ZoneContext } from './ics-time.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalProperty = InstanceType<typeof ICAL.Property>;
type IcalTime = InstanceType<typeof ICAL.Time>;

export interface MapContext {
  /** The calendar owner's address, lower-cased: "you" in attendee lists. */
  ownerEmail: string;
  zones: ZoneContext;
}

/** One occurrence to map: the component holding its properties and its times. */
export interface Occurrence {
  component: IcalComponent;
  start: IcalTime;
  end: IcalTime;
  /** TZIDs the times are in (see `resolveTime`). */
  startTzid?: string;
  endTzid?: string;
  /** For instances of a series: the series UID and the instance's key. */
  series?: { uid: string; instanceKey: string };
}

const MAX_EVENT_ID = 1024;
const PARTSTAT: Record<string, Response> = {
  ACCEPTED: 'accepted',
  TENTATIVE: 'tentative',
  DECLINED: 'declined',
  'NEEDS-ACTION': 'needsAction',
  DELEGATED: 'declined',
};
/** Conference hosts whose links count as the meeting link when found in text. */
const MEETING_HOSTS = [
  /^meet\.google\.com$/,
  /^teams\.microsoft\.com$/,
  /^teams\.live\.com$/,
  /^([a-z0-9-]+\.)*zoom\.us$/,
  /^([a-z0-9-]+\.)*zoomgov\.com$/,
  /^([a-z0-9-]+\.)*webex\.com$/,
  /^([a-z0-9-]+\.)*whereby\.com$/,
  /^meet\.jit\.si$/,
  /^([a-z0-9-]+\.)*chime\.aws$/,
];
/** Properties that carry a conference link directly. */
const CONFERENCE_PROPERTIES = [
  'x-google-conference',
  'x-microsoft-skypeteamsmeetingurl',
  'x-microsoft-onlinemeetingconflink',
];

/** The core event for `occurrence`; the caller validates it with the zod schema. */
export function mapOccurrence(occurrence: Occurrence, context: MapContext): CalendarEvent {
  const { component, series } = occurrence;
  const uid = text(component, 'uid') ?? '';
  const start = resolveTime(occurrence.start, context.zones, occurrence.startTzid);
  const end = endTime(occurrence, start, context);
  const organizer = organizerOf(component);
  const attendees = attendeesOf(component, context.ownerEmail, organizer);
  const description = bound(text(component, 'description') ?? '', LIMITS.description);
  const location = optionalBound(text(component, 'location'), LIMITS.location);
  const onlineMeetingUrl = meetingUrl(component, description, location);
  const updated = updatedAt(component, context);
  return {
    provider: 'ics',
    eventId: boundId(series ? `${series.uid}_${series.instanceKey}` : uid),
    iCalUID: boundId(uid),
    ...(series ? { recurringEventId: boundId(series.uid) } : {}),
    status: statusOf(component),
    title: bound(text(component, 'summary') ?? '', LIMITS.title),
    description,
    ...(location ? { location } : {}),
    start: start.instant.toISOString(),
    end: end.toISOString(),
    allDay: occurrence.start.isDate,
    ...(start.zone && start.zone !== 'UTC' ? { timeZone: start.zone } : {}),
    ...(organizer ? { organizer } : {}),
    attendees,
    ownerResponse: ownerResponse(attendees, organizer, context.ownerEmail),
    ...(onlineMeetingUrl ? { onlineMeetingUrl } : {}),
    ...(updated ? { updated } : {}),
  };
}

/** Instance key of an occurrence: its original start, `YYYYMMDD` or `YYYYMMDDTHHMMSSZ`. */
export function instanceKey(time: IcalTime, zones: ZoneContext, tzid?: string): string {
  if (time.isDate) {
    return `${time.year}${pad(time.month)}${pad(time.day)}`;
  }
  return resolveTime(time, zones, tzid)
    .instant.toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function endTime(occurrence: Occurrence, start: ResolvedTime, context: MapContext): Date {
  const end = resolveTime(occurrence.end, context.zones, occurrence.endTzid).instant;
  // A zero-length or inverted event ends when it starts.
  return end.getTime() < start.instant.getTime() ? start.instant : end;
}

function statusOf(component: IcalComponent): CalendarEvent['status'] {
  const status = text(component, 'status')?.toUpperCase();
  if (status === 'CANCELLED') return 'cancelled';
  if (status === 'TENTATIVE') return 'tentative';
  return 'confirmed';
}

function organizerOf(component: IcalComponent): Person | undefined {
  const property = component.getFirstProperty('organizer');
  if (!property) return undefined;
  const person = personOf(property);
  return person.email || person.name ? person : undefined;
}

function attendeesOf(
  component: IcalComponent,
  ownerEmail: string,
  organizer: Person | undefined,
): Attendee[] {
  const organizerEmail = organizer?.email?.toLowerCase();
  return component
    .getAllProperties('attendee')
    .slice(0, LIMITS.attendees)
    .map((property) => {
      const person = personOf(property);
      const email = person.email?.toLowerCase();
      const cutype = param(property, 'cutype')?.toUpperCase();
      return {
        ...person,
        // RFC 5545: an ATTENDEE without PARTSTAT has not answered.
        response: PARTSTAT[param(property, 'partstat')?.toUpperCase() ?? 'NEEDS-ACTION'] ?? 'none',
        kind: cutype === 'ROOM' || cutype === 'RESOURCE' ? 'resource' : 'person',
        self: email !== undefined && email === ownerEmail,
        organizer: email !== undefined && email === organizerEmail,
        optional: param(property, 'role')?.toUpperCase() === 'OPT-PARTICIPANT',
      } satisfies Attendee;
    });
}

function ownerResponse(attendees: Attendee[], organizer: Person | undefined, ownerEmail: string): Response {
  if (organizer?.email?.toLowerCase() === ownerEmail) return 'organizer';
  const self = attendees.find((attendee) => attendee.self);
  if (self) return self.response;
  // An event nobody was invited to is the owner's own.
  return !organizer && attendees.length === 0 ? 'organizer' : 'none';
}

function personOf(property: IcalProperty): Person {
  const value = property.getFirstValue();
  const fromValue = typeof value === 'string' && /^mailto:/i.test(value) ? value.slice(7) : undefined;
  const email = cleanEmail(fromValue) ?? cleanEmail(param(property, 'email'));
  const name = optionalBound(param(property, 'cn')?.replace(/^"|"$/g, '').trim(), 200);
  return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

function cleanEmail(raw: string | undefined): string | undefined {
  const email = raw ? decodeURIComponentSafe(raw).trim() : undefined;
  if (!email || email.length > 320) return undefined;
  return /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/.test(email) ? email : undefined;
}

function meetingUrl(
  component: IcalComponent,
  description: string,
  location: string | undefined,
): string | undefined {
  for (const name of CONFERENCE_PROPERTIES) {
    const url = httpsUrl(text(component, name));
    if (url) return url;
  }
  const candidates = [text(component, 'url'), ...urlsIn(location ?? ''), ...urlsIn(description)];
  for (const candidate of candidates) {
    const url = httpsUrl(candidate);
    if (url && MEETING_HOSTS.some((host) => host.test(new URL(url).hostname))) return url;
  }
  return undefined;
}

function urlsIn(textValue: string): string[] {
  return (textValue.match(/https:\/\/[^\s<>"'\])]+/gi) ?? []).map((url) => url.replace(/[.,;:!?]+$/, ''));
}

function httpsUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' && url.href.length <= 2048 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function updatedAt(component: IcalComponent, context: MapContext): string | undefined {
  const value =
    component.getFirstPropertyValue('last-modified') ?? component.getFirstPropertyValue('dtstamp');
  if (!value || typeof value !== 'object' || !('isDate' in value)) return undefined;
  const instant = resolveTime(value as IcalTime, context.zones).instant;
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

function text(component: IcalComponent, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name);
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(value);
}

function param(property: IcalProperty, name: string): string | undefined {
  const value = property.getParameter(name);
  if (Array.isArray(value)) return value[0];
  return typeof value === 'string' ? value : undefined;
}

function bound(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function optionalBound(value: string | undefined, max: number): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? bound(trimmed, max) : undefined;
}

/** Ids longer than the model allows keep a prefix and a hash, so they stay distinct. */
function boundId(id: string): string {
  if (id.length <= MAX_EVENT_ID) return id;
  return `${id.slice(0, MAX_EVENT_ID - 65)}#${createHash('sha256').update(id).digest('hex')}`;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
