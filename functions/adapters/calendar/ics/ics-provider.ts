/**
 * An ICS feed (file or URL) as a calendar source. ICS has no deltas: every
 * read that finds the feed changed yields a full listing of the window, and
 * the core reconciles it against what it stored.
 */
import { CalendarUnavailableError, CalendarUnreadableError } from '../../../core/errors.js';
import type { CalendarEvent as CalendarEventType, Connection } from '../../../core/model.js';
import type { CalendarProvider, ChangePage, Clock, Log } from '../../../core/ports.js';
import { SYNC_WINDOW } from '../../../core/sync.js';
import { IcsFetchError, IcsParseError } from './errors.js';
import { decodeCursor, encodeCursor, type IcsCursor } from './ics-cursor.js';
import type { ExpandLimits } from './ics-expand.js';
import { type ListingInput, type ListingResult, listFeed } from './ics-listing.js';
import { readSource } from './ics-source.js';
import { listFeedOffThread } from './off-thread.js';

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
  /**
   * Feeds at least this long (characters) are read on a worker thread, so
   * that a big one does not stall the process; default: never (a Lambda
   * serves one request at a time).
   */
  offThreadAboveBytes?: number;
  /** Aborts a listing (Ctrl-C): an off-thread read at once, paging at the next page. */
  signal?: AbortSignal;
  /** Expansion bounds; default `DEFAULT_EXPAND_LIMITS`. */
  limits?: ExpandLimits;
}

type OptionalOptions = 'offThreadAboveBytes' | 'signal' | 'limits';
/** Skipped events logged one by one per listing; the rest are counted. */
const MAX_NOTES_LOGGED = 20;

/** `CalendarProvider` over an ICS feed; `connection.calendarId` is the path or URL. */
export class IcsProvider implements CalendarProvider {
  readonly #options: Required<Omit<IcsProviderOptions, OptionalOptions>> &
    Pick<IcsProviderOptions, OptionalOptions>;

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
    const source = await readOrExplain(() => readSource(connection.calendarId, cursor, this.#options));
    if (source.kind === 'not-modified' || (cursor && source.sha256 === cursor.sha256)) {
      // Not a listing: `full: false` so that the core does not reconcile an
      // unchanged feed against an empty page and drop every event.
      yield { changes: [], nextSyncToken: syncToken!, full: false };
      return;
    }
    const events = await readOrExplain(() => this.#list(source.text, now, connection));
    const nextSyncToken = encodeCursor({
      ...(source.etag ? { etag: source.etag } : {}),
      ...(source.lastModified ? { lastModified: source.lastModified } : {}),
      sha256: source.sha256,
      listedAt: now.toISOString(),
    });
    yield* pages(events, this.#options.pageSize, nextSyncToken, this.#options.signal);
  }

  /** Every event of the feed in the window, mapped and validated; the rest is logged and skipped. */
  events(text: string, now: Date, connection: Pick<Connection, 'userId' | 'id'>): CalendarEventType[] {
    return this.#report(listFeed(this.#input(text, now)), connection);
  }

  async #list(text: string, now: Date, connection: Connection): Promise<CalendarEventType[]> {
    const { offThreadAboveBytes, signal } = this.#options;
    if (offThreadAboveBytes === undefined || text.length < offThreadAboveBytes) {
      return this.events(text, now, connection);
    }
    return this.#report(await listFeedOffThread(this.#input(text, now), signal), connection);
  }

  #input(text: string, now: Date): ListingInput {
    const { ownerEmail, ownerTimeZone, daysBack, daysAhead, limits } = this.#options;
    return {
      text,
      now: now.toISOString(),
      windowStart: new Date(now.getTime() - daysBack * DAY_MS).toISOString(),
      windowEnd: new Date(now.getTime() + daysAhead * DAY_MS).toISOString(),
      ownerEmail,
      ownerTimeZone,
      ...(limits ? { limits } : {}),
    };
  }

  /** Logs what was left out (each event by UID and why, up to a bound) and returns the events. */
  #report(result: ListingResult, connection: Pick<Connection, 'userId' | 'id'>): CalendarEventType[] {
    const { log } = this.#options;
    const logContext = { userId: connection.userId, connectionId: connection.id };
    for (const note of result.notes.slice(0, MAX_NOTES_LOGGED)) {
      log.warn(`ics: ${note.message}`, {
        ...logContext,
        ...(note.uid !== undefined ? { uid: note.uid } : {}),
        ...(note.reason !== undefined ? { reason: note.reason } : {}),
        ...note.extra,
      });
    }
    if (result.notes.length > MAX_NOTES_LOGGED) {
      log.warn('ics: more events left out', { ...logContext, count: result.notes.length - MAX_NOTES_LOGGED });
    }
    if (result.unknownZones.length > 0) {
      log.warn('ics: unknown time zones read in the owner zone', {
        ...logContext,
        zones: result.unknownZones,
      });
    }
    return result.events;
  }
}

/**
 * The core's words for a failed read: a feed that is gone (404, 410) or is
 * no calendar breaks the connection; anything else (DNS, time-out, 5xx) is
 * transient and backs off.
 */
async function readOrExplain<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof IcsParseError) throw new CalendarUnreadableError(error.message, { cause: error });
    if (error instanceof IcsFetchError) {
      if (error.permanent) throw new CalendarUnreadableError(error.message, { cause: error });
      throw new CalendarUnavailableError(error.message, { cause: error });
    }
    throw error;
  }
}

function freshCursor(cursor: IcsCursor | undefined, now: Date, maxAgeMs: number): IcsCursor | undefined {
  if (!cursor) return undefined;
  return now.getTime() - new Date(cursor.listedAt).getTime() < maxAgeMs ? cursor : undefined;
}

function* pages(
  events: CalendarEventType[],
  size: number,
  nextSyncToken: string,
  signal: AbortSignal | undefined,
): Generator<ChangePage> {
  if (events.length === 0) {
    yield { changes: [], nextSyncToken, full: true };
    return;
  }
  for (let i = 0; i < events.length; i += size) {
    // A page boundary: where Ctrl-C stops a sync, every page before it applied.
    signal?.throwIfAborted();
    const last = i + size >= events.length;
    yield { changes: events.slice(i, i + size), full: true, ...(last ? { nextSyncToken } : {}) };
  }
}
