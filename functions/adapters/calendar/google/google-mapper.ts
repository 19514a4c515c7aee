/**
 * Google Calendar API v3 Event resource -> core `CalendarEvent`. The raw
 * type stays in this folder; the zod schema checks only the parts we read
 * and lets unknown fields pass.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors.js';
import type { Attendee, CalendarEvent, Owner, Person, RemovedEvent, Response } from '../../../core/model.js';
import { LIMITS } from '../../../core/model.js';
import { describeIssues } from '../../../core/zod-issues.js';
import { clipOptional, descriptionText, emailAddress, lineText, webUrl } from '../event-text.js';
import { toInstant } from './google-time.js';

/** The raw resource as the API returns it. */
export type GoogleEvent = calendar_v3.Schema$Event;

const text = z.string().nullish();
const flag = z.boolean().nullish();

const GoogleTime = z.looseObject({ date: text, dateTime: text, timeZone: text });

const GooglePerson = z.looseObject({ email: text, displayName: text, self: flag });

const GoogleAttendee = GooglePerson.extend({
  organizer: flag,
  resource: flag,
  optional: flag,
  responseStatus: text,
});

/** The fields of `calendar_v3.Schema$Event` the mapper reads. */
const GoogleEventSchema = z.looseObject({
  id: z.string().min(1).max(1024),
  status: text,
  summary: text,
  description: text,
  location: text,
  start: GoogleTime.nullish(),
  end: GoogleTime.nullish(),
  organizer: GooglePerson.nullish(),
  creator: GooglePerson.nullish(),
  attendees: z.array(GoogleAttendee).nullish(),
  hangoutLink: text,
  conferenceData: z
    .looseObject({
      entryPoints: z.array(z.looseObject({ entryPointType: text, uri: text })).nullish(),
    })
    .nullish(),
  iCalUID: text,
  recurringEventId: text,
  originalStartTime: GoogleTime.nullish(),
  updated: text,
});
type ParsedGoogleEvent = z.infer<typeof GoogleEventSchema>;

/**
 * Maps one Google event. Cancelled events that carry no times (what
 * incremental sync sends) become a `RemovedEvent`; cancelled events with
 * full data stay events with status `cancelled`. Throws `ValidationError`
 * for input that is not a Google event.
 */
export function mapGoogleEvent(raw: unknown, owner: Owner): CalendarEvent | RemovedEvent {
  const parsed = GoogleEventSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(`not a Google Calendar event: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const event = parsed.data;
  const status = eventStatus(event.status);
  if (status === 'cancelled' && !(event.start && event.end)) {
    return { provider: 'google', eventId: event.id, removed: true };
  }
  if (!event.start || !event.end) {
    throw new ValidationError(`Google event ${event.id} has no start or end`);
  }
  const allDay = Boolean(event.start.date && !event.start.dateTime);
  const ownerEmail = owner.email.toLowerCase();
  const organizer = person(event.organizer);
  const attendees = (event.attendees ?? [])
    .map((attendee) => mapAttendee(attendee, ownerEmail))
    .slice(0, LIMITS.attendees);
  return {
    provider: 'google',
    eventId: event.id,
    iCalUID: clipOptional(event.iCalUID, 1024),
    recurringEventId: clipOptional(event.recurringEventId, 1024),
    // With the iCalUID, names the occurrence across calendars (one interview, two calendars).
    originalStart:
      event.recurringEventId && event.originalStartTime
        ? toInstant(event.originalStartTime, owner.timeZone, event.id, 'originalStartTime')
        : undefined,
    status,
    title: lineText(event.summary, LIMITS.title),
    description: descriptionText(event.description, 'sniff', LIMITS.description),
    location: clipOptional(lineText(event.location, LIMITS.location), LIMITS.location),
    start: toInstant(event.start, owner.timeZone, event.id, 'start'),
    end: toInstant(event.end, owner.timeZone, event.id, 'end'),
    allDay,
    timeZone: validZone(event.start.timeZone),
    organizer,
    attendees,
    ownerResponse: ownerResponse(event, ownerEmail),
    onlineMeetingUrl: meetingUrl(event),
    updated: updatedInstant(event.updated),
  };
}

function eventStatus(status: string | null | undefined): CalendarEvent['status'] {
  if (status === 'cancelled' || status === 'tentative') return status;
  return 'confirmed';
}

function person(raw: z.infer<typeof GooglePerson> | null | undefined): Person | undefined {
  if (!raw) return undefined;
  const email = emailAddress(raw.email);
  const name = clipOptional(lineText(raw.displayName, 200), 200);
  if (!email && !name) return undefined;
  return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

const RESPONSES: Record<string, Response> = {
  accepted: 'accepted',
  tentative: 'tentative',
  declined: 'declined',
  needsAction: 'needsAction',
};

function mapAttendee(raw: z.infer<typeof GoogleAttendee>, ownerEmail: string): Attendee {
  const email = emailAddress(raw.email);
  const name = clipOptional(lineText(raw.displayName, 200), 200);
  return {
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    response: RESPONSES[raw.responseStatus ?? ''] ?? 'none',
    kind: raw.resource ? 'resource' : 'person',
    self: raw.self === true || (email !== undefined && email === ownerEmail),
    organizer: raw.organizer === true,
    optional: raw.optional === true,
  };
}

/** The owner's answer: organiser, else their attendee entry, else none. */
function ownerResponse(event: ParsedGoogleEvent, ownerEmail: string): Response {
  const isOwner = (who: z.infer<typeof GooglePerson> | null | undefined) =>
    Boolean(who && (who.self === true || emailAddress(who.email) === ownerEmail));
  if (isOwner(event.organizer)) return 'organizer';
  const self = (event.attendees ?? []).find(isOwner);
  if (self) {
    if (self.organizer) return 'organizer';
    return RESPONSES[self.responseStatus ?? ''] ?? 'none';
  }
  // A personal event nobody was invited to: the creator owns it.
  if (!event.attendees?.length && isOwner(event.creator)) return 'organizer';
  return 'none';
}

function meetingUrl(event: ParsedGoogleEvent): string | undefined {
  const video = event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video');
  return webUrl(video?.uri) ?? webUrl(event.hangoutLink);
}

function validZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  return DateTime.now().setZone(zone).isValid ? zone : undefined;
}

function updatedInstant(updated: string | null | undefined): string | undefined {
  if (!updated) return undefined;
  const parsed = DateTime.fromISO(updated, { setZone: true });
  return parsed.isValid
    ? (parsed.toUTC().startOf('second').toISO({ suppressMilliseconds: true }) ?? undefined)
    : undefined;
}
