/**
 * One feed's text to the core's events: read per component, expand within
 * bounds, map and validate. A pure function of its input, so that the
 * provider can run it on its own thread or in a worker (`ics-worker.ts`).
 */
import { CalendarEvent } from '../../../core/model.js';
import { DEFAULT_EXPAND_LIMITS, type ExpandLimits, expandOccurrences } from './ics-expand.js';
import { mapOccurrence } from './ics-mapper.js';
import { readFeed } from './ics-read.js';
import { zoneDefinitions } from './ics-time.js';

export interface ListingInput {
  text: string;
  /** ISO instants. */
  now: string;
  windowStart: string;
  windowEnd: string;
  ownerEmail: string;
  ownerTimeZone: string;
  limits?: ExpandLimits;
}

/** Something left out of the listing: one event (its UID) or part of the feed, and why. */
export interface ListingNote {
  message: string;
  uid?: string;
  reason?: string;
  extra?: Record<string, unknown>;
}

export interface ListingResult {
  events: CalendarEvent[];
  notes: ListingNote[];
  unknownZones: string[];
}

/** Every event of the feed in the window; throws `IcsParseError` only for text that is no calendar. */
export function listFeed(input: ListingInput): ListingResult {
  const feed = readFeed(input.text);
  const notes: ListingNote[] = feed.skipped.map((skip) => ({
    message: 'skipped an event that cannot be read',
    ...(skip.uid ? { uid: skip.uid } : {}),
    reason: skip.reason,
  }));
  const unknownZones = new Set<string>();
  const zones = {
    ownerZone: input.ownerTimeZone,
    definitions: zoneDefinitions(feed.calendar),
    onUnknownZone: (tzid: string) => unknownZones.add(tzid.slice(0, 100)),
  };
  const occurrences = expandOccurrences(feed.vevents, {
    windowStart: new Date(input.windowStart),
    windowEnd: new Date(input.windowEnd),
    now: new Date(input.now),
    zones,
    limits: input.limits ?? DEFAULT_EXPAND_LIMITS,
    onSkip: (message, { uid, error, ...extra }) =>
      notes.push({
        message: error === undefined ? message : 'skipped an event that cannot be read',
        ...(uid ? { uid } : {}),
        ...(error !== undefined ? { reason: String(error) } : {}),
        ...(Object.keys(extra).length > 0 ? { extra } : {}),
      }),
  });
  const events: CalendarEvent[] = [];
  for (const occurrence of occurrences) {
    try {
      events.push(CalendarEvent.parse(mapOccurrence(occurrence, { ownerEmail: input.ownerEmail, zones })));
    } catch (error) {
      const uid = occurrence.component.getFirstPropertyValue('uid');
      notes.push({
        message: 'skipped an event that does not map',
        ...(typeof uid === 'string' ? { uid: uid.slice(0, 100) } : {}),
        reason: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      });
    }
  }
  return { events, notes, unknownZones: [...unknownZones].slice(0, 10) };
}
