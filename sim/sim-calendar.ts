/**
 * An in-process calendar service that behaves as Google Calendar is
 * documented to: a full listing of a time window (paged), then incremental
 * listings by sync token that report every changed event once (deleted ones
 * as a cancelled stub), tokens that can be invalidated (410), rate limits
 * (429), server errors, revoked grants, and a push notification per change.
 * Events go through the real Google mapper. Every API call is counted.
 */
import { mapGoogleEvent } from '../functions/adapters/calendar/google/google-mapper.js';
import { GrantRevokedError, RateLimitedError, SyncTokenExpiredError } from '../functions/core/errors.js';
import type { Connection, Owner } from '../functions/core/model.js';
import type { CalendarProvider, ChangePage, Clock } from '../functions/core/ports.js';
import { SYNC_WINDOW } from '../functions/core/sync.js';
import { type FaultPlan, ProviderUnavailableError } from './faults.js';
import type { RawEvent } from './workload.js';

const DAY = 24 * 60 * 60 * 1000;

interface StoredEvent {
  raw: RawEvent;
  seq: number;
  cancelled: boolean;
  startMs: number;
  endMs: number;
}

interface Calendar {
  owner: Owner;
  events: Map<string, StoredEvent>;
  seq: number;
  revoked: boolean;
}

export interface ProviderCalls {
  /** `events.list` pages (full and incremental). */
  list: number;
  /** `events.watch` / `channels.stop` (channel renewals). */
  channels: number;
}

export interface SimCalendarOptions {
  clock: Clock;
  faults: FaultPlan;
  /** Events per page (Google's default maxResults is 250). */
  pageSize: number;
  /** Called for every change: the push notification Google sends to the webhook. */
  onChange?: (connectionId: string) => void;
  /** Called when the provider decides the grant is revoked. */
  onRevoked?: (connectionId: string) => void;
}

export class SimCalendarService {
  readonly calls: ProviderCalls = { list: 0, channels: 0 };
  readonly #calendars = new Map<string, Calendar>();

  constructor(private readonly options: SimCalendarOptions) {}

  addCalendar(connectionId: string, owner: Owner, initial: RawEvent[]): void {
    const calendar: Calendar = { owner, events: new Map(), seq: 0, revoked: false };
    this.#calendars.set(connectionId, calendar);
    for (const raw of initial) this.store(calendar, raw, false);
  }

  /** Creates or replaces an event, then notifies. */
  put(connectionId: string, raw: RawEvent): void {
    this.store(this.calendar(connectionId), raw, false);
    this.options.onChange?.(connectionId);
  }

  /** Cancels (deletes) an event, then notifies. */
  remove(connectionId: string, eventId: string): void {
    const calendar = this.calendar(connectionId);
    const existing = calendar.events.get(eventId);
    if (!existing || existing.cancelled) return;
    this.store(calendar, existing.raw, true);
    this.options.onChange?.(connectionId);
  }

  /** The user connected again after a revoked grant. */
  restore(connectionId: string): void {
    this.calendar(connectionId).revoked = false;
  }

  /** A channel renewal: `channels.stop` for the old one, `events.watch` for the new. */
  renewChannel(): void {
    this.calls.channels += 2;
  }

  /** Events a full listing would return now (the polling peer lists this many). */
  windowSize(connectionId: string): number {
    return this.windowEvents(this.calendar(connectionId)).length;
  }

  /** The port the core syncs through. */
  provider(): CalendarProvider {
    return { listChanges: (connection, token) => this.listChanges(connection, token) };
  }

  private async *listChanges(
    connection: Connection,
    syncToken: string | undefined,
  ): AsyncIterable<ChangePage> {
    const calendar = this.calendar(connection.id);
    this.call(connection.id, calendar);
    const snapshot = calendar.seq;
    let items: StoredEvent[];
    if (syncToken === undefined) {
      items = this.windowEvents(calendar);
    } else {
      const since = parseToken(syncToken, connection.id);
      if (since === undefined || since > snapshot || this.options.faults.hit('token-expired')) {
        throw new SyncTokenExpiredError('410 Gone: fullSyncRequired');
      }
      items = [...calendar.events.values()]
        .filter((event) => event.seq > since)
        .sort((a, b) => a.seq - b.seq);
    }
    const full = syncToken === undefined;
    const size = this.options.pageSize;
    for (let offset = 0; offset === 0 || offset < items.length; offset += size) {
      if (offset > 0) this.call(connection.id, calendar);
      const page = items.slice(offset, offset + size);
      const last = offset + size >= items.length;
      yield {
        changes: page.map((event) =>
          mapGoogleEvent(
            event.cancelled ? { id: event.raw.id, status: 'cancelled' } : event.raw,
            calendar.owner,
          ),
        ),
        full,
        ...(last ? { nextSyncToken: `sim:${connection.id}:${snapshot}` } : {}),
      };
    }
  }

  /** One API request: counted, and maybe refused. */
  private call(connectionId: string, calendar: Calendar): void {
    this.calls.list += 1;
    const { faults } = this.options;
    if (!calendar.revoked && faults.hit('grant-revoked')) {
      calendar.revoked = true;
      this.options.onRevoked?.(connectionId);
    }
    if (calendar.revoked) throw new GrantRevokedError('invalid_grant: Token has been expired or revoked.');
    if (faults.hit('provider-429')) throw new RateLimitedError(faults.draw('provider-429', 10, 90));
    if (faults.hit('provider-5xx')) throw new ProviderUnavailableError(503);
    if (faults.hit('provider-timeout')) throw new ProviderUnavailableError('timeout');
  }

  private windowEvents(calendar: Calendar): StoredEvent[] {
    const now = this.options.clock.now().getTime();
    const from = now - SYNC_WINDOW.pastDays * DAY;
    const to = now + SYNC_WINDOW.futureDays * DAY;
    return [...calendar.events.values()]
      .filter((event) => !event.cancelled && event.endMs > from && event.startMs < to)
      .sort((a, b) => a.startMs - b.startMs || a.raw.id.localeCompare(b.raw.id));
  }

  private store(calendar: Calendar, raw: RawEvent, cancelled: boolean): void {
    calendar.seq += 1;
    const times = raw as { start?: { dateTime?: string }; end?: { dateTime?: string } };
    calendar.events.set(raw.id, {
      raw,
      seq: calendar.seq,
      cancelled,
      startMs: Date.parse(times.start?.dateTime ?? ''),
      endMs: Date.parse(times.end?.dateTime ?? ''),
    });
  }

  private calendar(connectionId: string): Calendar {
    const calendar = this.#calendars.get(connectionId);
    if (!calendar) throw new Error(`no simulated calendar ${connectionId}`);
    return calendar;
  }
}

function parseToken(token: string, connectionId: string): number | undefined {
  const prefix = `sim:${connectionId}:`;
  if (!token.startsWith(prefix)) return undefined;
  const seq = Number(token.slice(prefix.length));
  return Number.isInteger(seq) ? seq : undefined;
}
