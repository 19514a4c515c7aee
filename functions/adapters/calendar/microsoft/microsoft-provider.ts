/**
 * Outlook calendar changes through Graph's `calendarView/delta` over a
 * bounded window: the first round lists the window, later rounds follow the
 * saved delta link. A round's pages are linked by `@odata.nextLink`; only the
 * last page's `@odata.deltaLink` becomes the cursor, saved by the core after
 * every page was applied. A window that runs short starts over (a full
 * listing, which the core reconciles).
 */
import { z } from 'zod';
import { SyncTokenExpiredError } from '../../../core/errors.js';
import type { Connection, EventChange, Owner } from '../../../core/model.js';
import type { CalendarProvider, ChangePage, Clock, Log } from '../../../core/ports.js';
import { SYNC_WINDOW } from '../../../core/sync.js';
import { type GraphSession, PREFER_UTC } from './graph-session.js';
import { mapMicrosoftEvent } from './microsoft-mapper.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A window older than this is renewed, so it always reaches months ahead. */
export const WINDOW_RENEW_AFTER_MS = 14 * DAY_MS;
const PAGE_SIZE = 50;

/** What the connection's `syncToken` holds for Outlook. */
const Cursor = z.object({ v: z.literal(1), deltaLink: z.string().url(), windowStart: z.iso.datetime() });
type Cursor = z.infer<typeof Cursor>;

const DeltaPage = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export class MicrosoftProvider implements CalendarProvider {
  constructor(private readonly deps: { session: GraphSession; owner: Owner; clock: Clock; log: Log }) {}

  async *listChanges(connection: Connection, syncToken: string | undefined): AsyncIterable<ChangePage> {
    const now = this.deps.clock.now().getTime();
    const cursor = syncToken === undefined ? undefined : this.#readCursor(syncToken, now);
    const windowStart = cursor ? Date.parse(cursor.windowStart) : now - SYNC_WINDOW.pastDays * DAY_MS;
    let url = cursor
      ? cursor.deltaLink
      : `/me/calendarView/delta?startDateTime=${iso(windowStart)}&endDateTime=${iso(now + SYNC_WINDOW.futureDays * DAY_MS)}`;
    for (;;) {
      const page = await this.#get(url);
      const changes: EventChange[] = [];
      for (const item of page.value) {
        try {
          changes.push(mapMicrosoftEvent(item, this.deps.owner));
        } catch (error) {
          // One bad event is skipped and reported, never the whole calendar (invariant 12).
          this.deps.log.warn('skipped an Outlook event', {
            connectionId: connection.id,
            error: String(error),
          });
        }
      }
      const next = page['@odata.nextLink'];
      const delta = page['@odata.deltaLink'];
      if (next) {
        yield { changes, full: cursor === undefined };
        url = next;
        continue;
      }
      if (!delta) throw new Error('Graph delta page has neither a next link nor a delta link');
      const saved: Cursor = { v: 1, deltaLink: delta, windowStart: iso(windowStart) };
      yield { changes, full: cursor === undefined, nextSyncToken: JSON.stringify(saved) };
      return;
    }
  }

  #readCursor(syncToken: string, now: number): Cursor {
    let cursor: Cursor;
    try {
      cursor = Cursor.parse(JSON.parse(syncToken));
    } catch (error) {
      throw new SyncTokenExpiredError('the saved Outlook cursor is unreadable', { cause: error });
    }
    if (!this.deps.session.isGraphUrl(cursor.deltaLink)) {
      throw new SyncTokenExpiredError('the saved delta link is not on the Graph origin');
    }
    if (now - Date.parse(cursor.windowStart) > SYNC_WINDOW.pastDays * DAY_MS + WINDOW_RENEW_AFTER_MS) {
      throw new SyncTokenExpiredError('the Outlook sync window runs short: starting a new one');
    }
    return cursor;
  }

  async #get(url: string): Promise<z.infer<typeof DeltaPage>> {
    try {
      const body: unknown = await this.deps.session.client
        .api(url)
        .header('Prefer', `${PREFER_UTC}, odata.maxpagesize=${PAGE_SIZE}`)
        .get();
      return DeltaPage.parse(body);
    } catch (error) {
      throw this.deps.session.mapError(error);
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
