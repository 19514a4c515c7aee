/**
 * Google Calendar as a `CalendarProvider`: `events.list` on the connection's
 * calendar with `singleEvents` and `showDeleted`, 250 a page, following
 * `pageToken` to the last page, whose `nextSyncToken` the core saves after
 * every page is applied. A first listing covers the core's sync window;
 * incremental listings send only the sync token (Google refuses `timeMin`,
 * `timeMax` and others with it). 410 becomes `SyncTokenExpiredError`, a
 * dead grant `GrantRevokedError`; rate limits and 5xx are retried with
 * backoff inside the budget.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { ValidationError } from '../../../core/errors.js';
import type { Connection, EventChange, Owner } from '../../../core/model.js';
import type { CalendarProvider, ChangePage, Clock, Log, TokenVault } from '../../../core/ports.js';
import { SYNC_WINDOW } from '../../../core/sync.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, withBackoff } from './google-backoff.js';
import { CALL_OPTIONS, calendarClient, clientFor } from './google-clients.js';
import type { GoogleClientConfig } from './google-config.js';
import { translateGoogleError } from './google-errors.js';
import { mapGoogleEvent } from './google-mapper.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const PAGE_SIZE = 250;

export interface GoogleProviderDeps {
  config: GoogleClientConfig;
  vault: TokenVault;
  /** The account's owner as the mapper needs it ("you" in attendee lists, the zone of all-day events). */
  owner: Owner;
  clock: Clock;
  log: Log;
  backoff?: BackoffPolicy;
}

export class GoogleCalendarProvider implements CalendarProvider {
  constructor(private readonly deps: GoogleProviderDeps) {}

  async *listChanges(connection: Connection, syncToken: string | undefined): AsyncIterable<ChangePage> {
    const api = await this.#api(connection);
    const full = syncToken === undefined;
    const now = this.deps.clock.now().getTime();
    const query: calendar_v3.Params$Resource$Events$List = {
      calendarId: connection.calendarId,
      singleEvents: true,
      showDeleted: true,
      maxResults: PAGE_SIZE,
      ...(full
        ? {
            timeMin: new Date(now - SYNC_WINDOW.pastDays * DAY_MS).toISOString(),
            timeMax: new Date(now + SYNC_WINDOW.futureDays * DAY_MS).toISOString(),
          }
        : { syncToken }),
    };
    let pageToken: string | undefined;
    do {
      const page = await this.#call(() =>
        api.events.list({ ...query, ...(pageToken ? { pageToken } : {}) }, CALL_OPTIONS),
      );
      pageToken = page.data.nextPageToken ?? undefined;
      const nextSyncToken = pageToken ? undefined : (page.data.nextSyncToken ?? undefined);
      yield {
        changes: this.#map(page.data.items ?? [], connection),
        full,
        ...(nextSyncToken ? { nextSyncToken } : {}),
      };
    } while (pageToken);
  }

  async #api(connection: Connection): Promise<calendar_v3.Calendar> {
    return calendarClient(this.deps.config, await clientFor(this.deps.config, this.deps.vault, connection));
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await withBackoff(call, this.deps.backoff ?? DEFAULT_BACKOFF);
    } catch (error) {
      throw translateGoogleError(error);
    }
  }

  /** One bad event is skipped and reported, never the whole page (invariant 12). */
  #map(items: calendar_v3.Schema$Event[], connection: Connection): EventChange[] {
    const changes: EventChange[] = [];
    for (const item of items) {
      try {
        changes.push(mapGoogleEvent(item, this.deps.owner));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.deps.log.warn('skipped a Google event that could not be read', {
          connectionId: connection.id,
          error: error.message,
        });
      }
    }
    return changes;
  }
}
