/** A calendar scripted call by call, for the sync use case's tests. */
import { GrantRevokedError, SyncTokenExpiredError } from '../../functions/core/errors.js';
import type { CalendarEvent, Connection, RemovedEvent } from '../../functions/core/model.js';
import type { CalendarProvider, ChangePage } from '../../functions/core/ports.js';

/** What the fake calendar answers to one `listChanges` call. */
export type CalendarAnswer = { pages: ChangePage[] } | { error: Error; afterPages?: ChangePage[] };

/**
 * A calendar the test scripts call by call. With no script left it answers
 * one empty page that keeps the token given. `revoke()` makes every call fail
 * with `GrantRevokedError`; `expireToken()` makes calls with a token fail with
 * `SyncTokenExpiredError` until a full listing is requested.
 */
export class ScriptedCalendar implements CalendarProvider {
  /** The sync token of every call, in order (undefined: a full listing). */
  readonly calls: Array<string | undefined> = [];
  private readonly script: CalendarAnswer[] = [];
  private readonly byToken = new Map<string | undefined, ChangePage[]>();
  private full: ChangePage[] | undefined;
  private revoked = false;
  private expired = false;

  /** Queues the answer to the next incremental call. */
  answer(answer: CalendarAnswer): this {
    this.script.push(answer);
    return this;
  }
  /** Queues one page of changes, ending with `nextSyncToken`. */
  page(changes: Array<CalendarEvent | RemovedEvent>, nextSyncToken: string, full = false): this {
    return this.answer({ pages: [{ changes, nextSyncToken, full }] });
  }
  /**
   * What a call with this token returns, every time (as a real provider does
   * until the token moves on): lets a crashed sync re-read the same page.
   */
  onToken(token: string | undefined, pages: ChangePage[]): this {
    this.byToken.set(token, pages);
    return this;
  }
  /** What a full listing (no token) returns from now on. */
  fullListing(events: CalendarEvent[], nextSyncToken: string): this {
    this.full = [{ changes: events, nextSyncToken, full: true }];
    return this;
  }
  expireToken(): this {
    this.expired = true;
    return this;
  }
  revoke(): this {
    this.revoked = true;
    return this;
  }

  async *listChanges(_connection: Connection, syncToken: string | undefined): AsyncIterable<ChangePage> {
    this.calls.push(syncToken);
    if (this.revoked) throw new GrantRevokedError('invalid_grant: token revoked');
    if (syncToken !== undefined && this.expired) throw new SyncTokenExpiredError('410 Gone');
    const fixed = this.byToken.get(syncToken);
    if (fixed) {
      yield* fixed;
      return;
    }
    if (syncToken === undefined && this.full) {
      this.expired = false;
      yield* this.full;
      return;
    }
    const next = this.script.shift() ?? {
      pages: [{ changes: [], nextSyncToken: syncToken ?? 'empty', full: false }],
    };
    if ('error' in next) {
      yield* next.afterPages ?? [];
      throw next.error;
    }
    yield* next.pages;
  }
}
