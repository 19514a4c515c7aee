/**
 * Microsoft Graph event resource -> core `CalendarEvent`. The Graph type
 * stays in this folder; the zod schema checks only the parts we read and
 * lets unknown fields pass.
 */
import type { Event as GraphEventType } from '@microsoft/microsoft-graph-types';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors.js';
import type { Attendee, CalendarEvent, Owner, Person, RemovedEvent, Response } from '../../../core/model.js';
import { LIMITS } from '../../../core/model.js';
import { describeIssues } from '../../../core/zod-issues.js';
import { clipOptional, descriptionText, emailAddress, lineText, webUrl } from '../event-text.js';
import { graphInstant, ianaZone } from './graph-time.js';

/** The raw resource as Graph returns it (`@removed` is added by delta queries). */
export type GraphEvent = GraphEventType & { '@removed'?: { reason?: string } };

const text = z.string().nullish();
const flag = z.boolean().nullish();

const GraphTime = z.looseObject({ dateTime: z.string(), timeZone: text });
const EmailAddress = z.looseObject({ name: text, address: text });

const GraphAttendee = z.looseObject({
  type: text,
  emailAddress: EmailAddress.nullish(),
  status: z.looseObject({ response: text }).nullish(),
});

/** The fields of Graph's `Event` the mapper reads. */
const GraphEventSchema = z.looseObject({
  id: z.string().min(1).max(1024),
  '@removed': z.looseObject({ reason: text }).nullish(),
  subject: text,
  body: z.looseObject({ contentType: text, content: text }).nullish(),
  bodyPreview: text,
  start: GraphTime.nullish(),
  end: GraphTime.nullish(),
  originalStartTimeZone: text,
  isAllDay: flag,
  isCancelled: flag,
  isOrganizer: flag,
  responseStatus: z.looseObject({ response: text }).nullish(),
  attendees: z.array(GraphAttendee).nullish(),
  organizer: z.looseObject({ emailAddress: EmailAddress.nullish() }).nullish(),
  onlineMeeting: z.looseObject({ joinUrl: text }).nullish(),
  onlineMeetingUrl: text,
  location: z.looseObject({ displayName: text }).nullish(),
  iCalUId: text,
  uid: text,
  originalStart: text,
  seriesMasterId: text,
  lastModifiedDateTime: text,
  type: text,
});
type ParsedGraphEvent = z.infer<typeof GraphEventSchema>;

/**
 * Maps one Graph event. Delta's `@removed` entries become a `RemovedEvent`;
 * `isCancelled` events stay events with status `cancelled`. Throws
 * `ValidationError` for input that is not a Graph event.
 */
export function mapMicrosoftEvent(raw: unknown, owner: Owner): CalendarEvent | RemovedEvent {
  if (isRemoved(raw)) return { provider: 'microsoft', eventId: raw.id, removed: true };
  const parsed = GraphEventSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(`not a Microsoft Graph event: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const event = parsed.data;
  if (!event.start || !event.end) {
    throw new ValidationError(`Microsoft event ${event.id} has no start or end`);
  }
  const ownerEmail = owner.email.toLowerCase();
  const allDay = event.isAllDay === true;
  const timing = { allDay, ownerZone: owner.timeZone, eventId: event.id };
  const organizer = person(event.organizer?.emailAddress);
  return {
    provider: 'microsoft',
    eventId: event.id,
    // Graph's iCalUId differs per occurrence; `uid` is the invitation's UID, as other calendars know it.
    iCalUID: clipOptional(event.uid ?? event.iCalUId, 1024),
    recurringEventId: clipOptional(event.seriesMasterId, 1024),
    originalStart: event.seriesMasterId ? isoInstant(event.originalStart) : undefined,
    status: event.isCancelled ? 'cancelled' : 'confirmed',
    title: lineText(event.subject, LIMITS.title),
    description: description(event),
    location: clipOptional(lineText(event.location?.displayName, LIMITS.location), LIMITS.location),
    start: graphInstant(event.start, { ...timing, which: 'start' }),
    end: graphInstant(event.end, { ...timing, which: 'end' }),
    allDay,
    timeZone: ianaZone(event.originalStartTimeZone) ?? ianaZone(event.start.timeZone),
    organizer,
    attendees: (event.attendees ?? [])
      .map((attendee) => mapAttendee(attendee, ownerEmail, organizer?.email))
      .slice(0, LIMITS.attendees),
    ownerResponse: ownerResponse(event),
    onlineMeetingUrl: webUrl(event.onlineMeeting?.joinUrl) ?? webUrl(event.onlineMeetingUrl),
    updated: isoInstant(event.lastModifiedDateTime),
  };
}

function isRemoved(raw: unknown): raw is { id: string } {
  if (typeof raw !== 'object' || raw === null || !('@removed' in raw)) return false;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 1024;
}

function description(event: ParsedGraphEvent): string {
  const content = event.body?.content;
  if (content?.trim()) {
    const format = event.body?.contentType?.toLowerCase() === 'text' ? 'text' : 'html';
    return descriptionText(content, format, LIMITS.description);
  }
  return descriptionText(event.bodyPreview, 'text', LIMITS.description);
}

function person(raw: z.infer<typeof EmailAddress> | null | undefined): Person | undefined {
  if (!raw) return undefined;
  const email = emailAddress(raw.address);
  const name = clipOptional(lineText(raw.name, 200), 200);
  if (!email && !name) return undefined;
  return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

const RESPONSES: Record<string, Response> = {
  none: 'none',
  organizer: 'organizer',
  tentativelyAccepted: 'tentative',
  accepted: 'accepted',
  declined: 'declined',
  notResponded: 'needsAction',
};

function mapAttendee(
  raw: z.infer<typeof GraphAttendee>,
  ownerEmail: string,
  organizerEmail: string | undefined,
): Attendee {
  const found = person(raw.emailAddress);
  const email = found?.email;
  return {
    ...found,
    response: RESPONSES[raw.status?.response ?? ''] ?? 'none',
    kind: raw.type === 'resource' ? 'resource' : 'person',
    self: email !== undefined && email === ownerEmail,
    organizer: email !== undefined && email === organizerEmail,
    optional: raw.type === 'optional',
  };
}

function ownerResponse(event: ParsedGraphEvent): Response {
  if (event.isOrganizer) return 'organizer';
  return RESPONSES[event.responseStatus?.response ?? ''] ?? 'none';
}

function isoInstant(updated: string | null | undefined): string | undefined {
  if (!updated) return undefined;
  const parsed = DateTime.fromISO(updated, { zone: 'UTC' });
  return parsed.isValid
    ? (parsed.toUTC().startOf('second').toISO({ suppressMilliseconds: true }) ?? undefined)
    : undefined;
}
