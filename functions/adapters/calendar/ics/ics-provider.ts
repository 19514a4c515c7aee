/**
 * An ICS feed (file or URL) as a calendar source. ICS has no deltas: every
 * read that finds the feed changed yields a full listing of the window, and
 * the core reconciles it against what it stored.
 */
import ICAL from 'ical.js';
import type { CalendarEvent as CalendarEventType, Connection } from '../../../core/model.js';
import { CalendarEvent } from '../../../core/model.js';
import type { CalendarProvider, ChangePage, Clock, Log } from '../../../core/ports.js';
import { SYNC_WINDOW } from '../../../core/sync.js';
import { IcsParseError } from './errors.js';
import { decodeCursor, encodeCursor, type IcsCursor } from './ics-cursor.js';
import { expandOccurrences } from './ics-expand.js';
import { mapOccurrence } from './ics-mapper.js';
import { readSource } from './ics-source.js';
import { zoneDefinitions } from './ics-time.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface IcsProviderOptions {
  /** The owner's address: "you" among attendees. */
  ownerEmail: string;
  /** The owner's IANA zone: floating times and all-day dates are read in it. */
  ownerTimeZone: string;
  clock: Clock;
  log: Log;
  /** Window around now; defaults to the core's sync window (30 days back, 180 ahead). */
  daysBack?: number;
  daysAhead?: number;
  /** Largest feed read; default 10 MB. */
  maxBytes?: number;
  /** Whole-request time-out; default 20 s. */
  timeoutMs?: number;
  /** Changes per page; default 200. */
  pageSize?: number;
  /** A cursor older than this is ignored so recurring events roll into the window; default 1 day. */
  cursorMaxAgeMs?: number;
  /**
   * Whether feeds may be files or live on loopback/private hosts. Default
   * true (the local runner); a server must set false, or a user could point
   * a "calendar" at its internals.
   */
  allowLocalSources?: boolean;
}

/** `CalendarProvider` over an ICS feed; `connection.calendarId` is the path or URL. */
export class IcsProvider implements CalendarProvider {
  readonly #options: Required<IcsProviderOptions>;

  constructor(options: IcsProviderOptions) {
    this.#options = {
      daysBack: SYNC_WINDOW.pastDays,
      daysAhead: SYNC_WINDOW.futureDays,
      maxBytes: 10 * 1024 * 1024,
      timeoutMs: 20_000,
      pageSize: 200,
      cursorMaxAgeMs: DAY_MS,
      allowLocalSources: true,
      ...options,
      ownerEmail: options.ownerEmail.toLowerCase(),
    };
  }

  async *listChanges(connection: Connection, syncToken: string | undefined): AsyncIterable<ChangePage> {
    const now = this.#options.clock.now();
    const cursor = freshCursor(decodeCursor(syncToken), now, this.#options.cursorMaxAgeMs);
    const source = await readSource(connection.calendarId, cursor, this.#options);
    if (source.kind === 'not-modified' || (cursor && source.sha256 === cursor.sha256)) {
      // Not a listing: `full: false` so that the core does not reconcile an
      // unchanged feed against an empty page and drop every event.
      yield { changes: [], nextSyncToken: syncToken!, full: false };
      return;
    }
    const events = this.events(source.text, now, connection);
    const nextSyncToken = encodeCursor({
      ...(source.etag ? { etag: source.etag } : {}),
      ...(source.lastModified ? { lastModified: source.lastModified } : {}),
      sha256: source.sha256,
      listedAt: now.toISOString(),
    });
    yield* pages(events, this.#options.pageSize, nextSyncToken);
  }

  /** Every event of the feed in the window, mapped and validated; the rest is logged and skipped. */
  events(text: string, now: Date, connection: Pick<Connection, 'userId' | 'id'>): CalendarEventType[] {
    const { log, ownerEmail, ownerTimeZone } = this.#options;
    const calendar = parseCalendar(text);
    const unknownZones = new Set<string>();
    const zones = {
      ownerZone: ownerTimeZone,
      definitions: zoneDefinitions(calendar),
      onUnknownZone: (tzid: string) => unknownZones.add(tzid),
    };
    const logContext = { userId: connection.userId, connectionId: connection.id };
    const occurrences = expandOccurrences(calendar.getAllSubcomponents('vevent'), {
      windowStart: new Date(now.getTime() - this.#options.daysBack * DAY_MS),
      windowEnd: new Date(now.getTime() + this.#options.daysAhead * DAY_MS),
      zones,
      maxStepsPerSeries: 20_000,
      maxStepsTotal: 100_000,
      maxOccurrences: 10_000,
      onSkip: (reason, extra) => log.warn(`ics: ${reason}`, { ...logContext, ...extra }),
    });
    const events: CalendarEventType[] = [];
    for (const occurrence of occurrences) {
      try {
        events.push(CalendarEvent.parse(mapOccurrence(occurrence, { ownerEmail, zones })));
      } catch (error) {
        const uid = occurrence.component.getFirstPropertyValue('uid');
        log.warn('ics: skipped an event that does not map', {
          ...logContext,
          uid: typeof uid === 'string' ? uid.slice(0, 100) : undefined,
          error: error instanceof Error ? error.message.slice(0, 500) : String(error),
        });
      }
    }
    if (unknownZones.size > 0) {
      log.warn('ics: unknown time zones read in the owner zone', {
        ...logContext,
        zones: [...unknownZones].slice(0, 10).map((zone) => zone.slice(0, 100)),
      });
    }
    return events;
  }
}

function freshCursor(cursor: IcsCursor | undefined, now: Date, maxAgeMs: number): IcsCursor | undefined {
  if (!cursor) return undefined;
  return now.getTime() - new Date(cursor.listedAt).getTime() < maxAgeMs ? cursor : undefined;
}

function parseCalendar(text: string): InstanceType<typeof ICAL.Component> {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw new IcsParseError('the feed is not valid iCalendar', { cause: error });
  }
  // A stream of several VCALENDARs parses to an array: take the first.
  const first = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
  const calendar = new ICAL.Component(first as ConstructorParameters<typeof ICAL.Component>[0]);
  if (calendar.name !== 'vcalendar') throw new IcsParseError('the feed holds no VCALENDAR');
  return calendar;
}

function* pages(events: CalendarEventType[], size: number, nextSyncToken: string): Generator<ChangePage> {
  if (events.length === 0) {
    yield { changes: [], nextSyncToken, full: true };
    return;
  }
  for (let i = 0; i < events.length; i += size) {
    const last = i + size >= events.length;
    yield { changes: events.slice(i, i + size), full: true, ...(last ? { nextSyncToken } : {}) };
  }
}
