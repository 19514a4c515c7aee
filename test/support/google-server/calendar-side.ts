/**
 * Google Calendar API v3 `events.list`, `events.watch` and `channels.stop` as
 * documented: pages of at most `maxResults` (default 250, cap 2500, and
 * possibly fewer) with `nextPageToken`, `nextSyncToken` on the last page only,
 * incremental results that carry changed and cancelled events (deleted
 * events as `{ id, status: "cancelled" }`), recurring events expanded into
 * instances with `singleEvents=true`, the parameters refused together with
 * `syncToken`, `410 fullSyncRequired` for a token no longer valid, and push
 * notifications to the channel's address.
 *
 * Recurrence understands `RRULE:FREQ=DAILY|WEEKLY;COUNT=n` (enough for the
 * tests); channel addresses may be `http` on loopback (Google requires HTTPS).
 */
import { randomBytes } from 'node:crypto';

/** An event as a test writes it: Google's Event resource (the server adds `etag`, `updated`...). */
export type EventInput = Record<string, unknown> & { id: string };

interface StoredEvent {
  resource: EventInput;
  deleted: boolean;
  seq: number;
}

interface InstanceOverride {
  resource: Record<string, unknown>;
  seq: number;
}

interface Listed {
  item: Record<string, unknown>;
  seq: number;
  start?: number;
  end?: number;
  cancelled: boolean;
}

export interface Channel {
  id: string;
  resourceId: string;
  token?: string;
  address: string;
  calendarId: string;
  expiration: number;
  stopped: boolean;
  messageNumber: number;
}

export interface Push {
  address: string;
  headers: Record<string, string>;
}

export interface CalendarReply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
}

/** Parameters Google refuses together with `syncToken`. */
export const REFUSED_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
] as const;

const DAY = 24 * 60 * 60 * 1000;

export class CalendarSide {
  /** The calendar's time zone, as `events.list` reports it. */
  timeZone = 'Europe/Berlin';
  /** Most items a page carries, whatever `maxResults` asks (Google may return fewer). */
  pageCap = 2500;
  /** Every `events.list` query, for assertions. */
  readonly listCalls: Array<Record<string, string>> = [];
  readonly channels: Channel[] = [];
  /** Notifications sent (or, without delivery, that would have been sent). */
  readonly pushes: Push[] = [];
  readonly #events = new Map<string, StoredEvent>();
  readonly #overrides = new Map<string, InstanceOverride>();
  readonly #pages = new Map<string, { items: Listed[]; offset: number; syncSeq: number }>();
  #seq = 1;
  /** Tokens minted before this generation answer 410. */
  #generation = 1;

  constructor(
    private readonly now: () => number,
    private readonly deliver: (push: Push) => Promise<void>,
  ) {}

  /** Adds or replaces an event (a new invite, an edit, a move). */
  put(resource: EventInput): void {
    this.#events.set(resource.id, { resource: structuredClone(resource), deleted: false, seq: ++this.#seq });
    this.#notify();
  }

  /** Deletes an event: incremental results then carry it as cancelled. */
  delete(id: string): void {
    const event = this.#events.get(id);
    if (!event) throw new Error(`no event ${id}`);
    event.deleted = true;
    event.seq = ++this.#seq;
    this.#notify();
  }

  /** Cancels or changes one instance of a recurring event (`originalStart` as an ISO instant). */
  overrideInstance(
    masterId: string,
    originalStart: string,
    change: { cancelled?: boolean; start?: string; end?: string },
  ): void {
    const id = instanceId(masterId, Date.parse(originalStart));
    const resource: Record<string, unknown> = change.cancelled
      ? { status: 'cancelled' }
      : {
          ...(change.start ? { start: { dateTime: change.start } } : {}),
          ...(change.end ? { end: { dateTime: change.end } } : {}),
        };
    this.#overrides.set(id, { resource, seq: ++this.#seq });
    this.#notify();
  }

  /** Makes every sync token minted so far invalid (Google then answers 410). */
  expireSyncTokens(): void {
    this.#generation += 1;
  }

  list(calendarId: string, query: Record<string, string>): CalendarReply {
    this.listCalls.push({ calendarId, ...query });
    if (calendarId !== 'primary') return apiError(404, 'notFound', 'Not Found');
    if (query.pageToken) return this.#nextPage(query.pageToken);
    const maxResults = Number(query.maxResults ?? '250');
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 2500) {
      return apiError(400, 'invalid', 'Invalid value for: maxResults');
    }
    const singleEvents = query.singleEvents === 'true';
    let items: Listed[];
    let syncFromSeq = 0;
    if (query.syncToken !== undefined) {
      const refused = REFUSED_WITH_SYNC_TOKEN.find((name) => query[name] !== undefined);
      if (refused)
        return apiError(400, 'invalid', `The parameter ${refused} cannot be used together with syncToken.`);
      const token = parseSyncToken(query.syncToken);
      if (!token) return apiError(400, 'invalid', 'Invalid sync token value.');
      if (token.generation !== this.#generation) {
        return apiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      }
      syncFromSeq = token.seq;
      // Incremental results always include deleted events, whatever showDeleted says.
      items = this.#items(singleEvents).filter((l) => l.seq > syncFromSeq);
    } else {
      const timeMin = query.timeMin ? Date.parse(query.timeMin) : undefined;
      const timeMax = query.timeMax ? Date.parse(query.timeMax) : undefined;
      if (Number.isNaN(timeMin) || Number.isNaN(timeMax)) return apiError(400, 'invalid', 'Bad Request');
      items = this.#items(singleEvents).filter((l) => {
        if (l.cancelled && query.showDeleted !== 'true') return false;
        if (l.start === undefined || l.end === undefined) return l.cancelled;
        return (timeMax === undefined || l.start < timeMax) && (timeMin === undefined || l.end > timeMin);
      });
    }
    const pageToken = randomBytes(12).toString('base64url');
    this.#pages.set(pageToken, { items, offset: 0, syncSeq: this.#seq });
    return this.#nextPage(pageToken, Math.min(maxResults, this.pageCap));
  }

  #nextPage(pageToken: string, size = this.pageCap): CalendarReply {
    const snapshot = this.#pages.get(pageToken);
    if (!snapshot) return apiError(400, 'invalid', 'Invalid page token value.');
    this.#pages.delete(pageToken);
    const page = snapshot.items.slice(snapshot.offset, snapshot.offset + size);
    const offset = snapshot.offset + page.length;
    const body: Record<string, unknown> = {
      kind: 'calendar#events',
      etag: `"p${snapshot.syncSeq}"`,
      summary: 'alex@gmail.test',
      updated: new Date(this.now()).toISOString(),
      timeZone: this.timeZone,
      accessRole: 'reader',
      defaultReminders: [],
      items: page.map((l) => l.item),
    };
    if (offset < snapshot.items.length) {
      const next = randomBytes(12).toString('base64url');
      this.#pages.set(next, { ...snapshot, offset });
      body.nextPageToken = next;
    } else {
      body.nextSyncToken = mintSyncToken(this.#generation, snapshot.syncSeq);
    }
    return { status: 200, json: body };
  }

  /** Every listable item now: events, or with `singleEvents` their instances, tombstones included. */
  #items(singleEvents: boolean): Listed[] {
    const out: Listed[] = [];
    for (const [id, event] of [...this.#events.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const updated = new Date(this.now()).toISOString();
      const rule = recurrence(event.resource);
      if (event.deleted && !(rule && singleEvents)) {
        out.push({
          item: { kind: 'calendar#event', id, status: 'cancelled' },
          seq: event.seq,
          cancelled: true,
        });
        continue;
      }
      const base = {
        kind: 'calendar#event',
        etag: `"${event.seq}"`,
        status: 'confirmed',
        updated,
        ...event.resource,
      };
      if (!rule || !singleEvents) {
        out.push(listed(base, event.seq));
        continue;
      }
      const start = Date.parse(String((event.resource.start as { dateTime?: string }).dateTime));
      const length = Date.parse(String((event.resource.end as { dateTime?: string }).dateTime)) - start;
      for (let n = 0; n < rule.count; n += 1) {
        const at = start + n * rule.stepMs;
        const iid = instanceId(id, at);
        const override = this.#overrides.get(iid);
        const instance: Record<string, unknown> = {
          ...base,
          id: iid,
          recurringEventId: id,
          originalStartTime: { dateTime: new Date(at).toISOString() },
          start: { dateTime: new Date(at).toISOString() },
          end: { dateTime: new Date(at + length).toISOString() },
        };
        delete instance.recurrence;
        const seq = Math.max(event.seq, override?.seq ?? 0);
        if (event.deleted || override?.resource.status === 'cancelled') {
          // A cancelled instance: its id, the series and the original start, as Google sends it.
          out.push({
            item: {
              kind: 'calendar#event',
              id: iid,
              status: 'cancelled',
              recurringEventId: id,
              originalStartTime: instance.originalStartTime,
            },
            seq,
            start: at,
            end: at + length,
            cancelled: true,
          });
        } else {
          out.push(listed({ ...instance, ...(override?.resource ?? {}) }, seq));
        }
      }
    }
    return out;
  }

  watch(calendarId: string, body: Record<string, unknown>, notifyMs = this.now()): CalendarReply {
    const id = typeof body.id === 'string' ? body.id : '';
    const address = typeof body.address === 'string' ? body.address : '';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return apiError(400, 'invalid', 'Invalid channel id.');
    if (!['web_hook', 'webhook'].includes(String(body.type)))
      return apiError(400, 'invalid', 'Invalid channel type.');
    if (!/^https?:\/\//.test(address))
      return apiError(400, 'push.webhookUrlNotHttps', 'WebHook callback must be HTTPS.');
    if (this.channels.some((c) => c.id === id))
      return apiError(400, 'channelIdNotUnique', 'Channel id not unique.');
    const params = (body.params ?? {}) as { ttl?: string };
    const ttl = params.ttl !== undefined ? Number(params.ttl) * 1000 : 7 * DAY;
    const requested = body.expiration !== undefined ? Number(body.expiration) : Number.POSITIVE_INFINITY;
    const channel: Channel = {
      id,
      resourceId: `res-${calendarId}-${randomBytes(6).toString('hex')}`,
      ...(typeof body.token === 'string' ? { token: body.token } : {}),
      address,
      calendarId,
      expiration: Math.min(notifyMs + Math.min(ttl, 30 * DAY), requested),
      stopped: false,
      messageNumber: 0,
    };
    this.channels.push(channel);
    this.#send(channel, 'sync');
    return {
      status: 200,
      json: {
        kind: 'api#channel',
        id,
        resourceId: channel.resourceId,
        resourceUri: `https://www.googleapis.com/calendar/v3/calendars/${calendarId}/events?alt=json`,
        ...(channel.token !== undefined ? { token: channel.token } : {}),
        expiration: String(channel.expiration),
      },
    };
  }

  stop(body: Record<string, unknown>): CalendarReply {
    const channel = this.channels.find(
      (c) => c.id === body.id && c.resourceId === body.resourceId && !c.stopped,
    );
    if (!channel) return apiError(404, 'notFound', `Channel '${String(body.id)}' not found for project '1'`);
    channel.stopped = true;
    return { status: 204 };
  }

  /** Channels that still deliver. */
  liveChannels(): Channel[] {
    return this.channels.filter((c) => !c.stopped && c.expiration > this.now());
  }

  #notify(): void {
    for (const channel of this.liveChannels()) this.#send(channel, 'exists');
  }

  #send(channel: Channel, state: 'sync' | 'exists'): void {
    channel.messageNumber += 1;
    const push: Push = {
      address: channel.address,
      headers: {
        'x-goog-channel-id': channel.id,
        'x-goog-channel-expiration': new Date(channel.expiration).toUTCString(),
        'x-goog-resource-id': channel.resourceId,
        'x-goog-resource-uri': `https://www.googleapis.com/calendar/v3/calendars/${channel.calendarId}/events?alt=json`,
        'x-goog-resource-state': state,
        'x-goog-message-number': String(channel.messageNumber),
        ...(channel.token !== undefined ? { 'x-goog-channel-token': channel.token } : {}),
      },
    };
    this.pushes.push(push);
    void this.deliver(push).catch(() => undefined);
  }
}

function listed(item: Record<string, unknown>, seq: number): Listed {
  const start = timeOf(item.start);
  const end = timeOf(item.end);
  return { item, seq, start, end, cancelled: item.status === 'cancelled' };
}

function timeOf(value: unknown): number | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const t = value as { dateTime?: string; date?: string };
  const ms = Date.parse(t.dateTime ?? (t.date ? `${t.date}T00:00:00Z` : ''));
  return Number.isNaN(ms) ? undefined : ms;
}

function recurrence(resource: EventInput): { count: number; stepMs: number } | undefined {
  const rules = Array.isArray(resource.recurrence) ? (resource.recurrence as string[]) : [];
  const rule = rules.find((r) => r.startsWith('RRULE:'));
  const match = rule?.match(/FREQ=(DAILY|WEEKLY);COUNT=(\d+)/);
  if (!match) return undefined;
  return { count: Number(match[2]), stepMs: match[1] === 'DAILY' ? DAY : 7 * DAY };
}

function instanceId(masterId: string, startMs: number): string {
  const stamp = new Date(startMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${masterId}_${stamp}`;
}

function mintSyncToken(generation: number, seq: number): string {
  return Buffer.from(`g${generation}:s${seq}`).toString('base64url');
}

function parseSyncToken(token: string): { generation: number; seq: number } | undefined {
  const match = Buffer.from(token, 'base64url')
    .toString('utf8')
    .match(/^g(\d+):s(\d+)$/);
  return match ? { generation: Number(match[1]), seq: Number(match[2]) } : undefined;
}

/** Google's JSON error shape: `{ error: { code, message, errors: [{ domain, reason, message }] } }`. */
export function apiError(
  status: number,
  reason: string,
  message: string,
  headers?: Record<string, string>,
): CalendarReply {
  const domain = reason.includes('RateLimit') || reason === 'rateLimitExceeded' ? 'usageLimits' : 'global';
  return {
    status,
    ...(headers ? { headers } : {}),
    json: { error: { code: status, message, errors: [{ domain, reason, message }] } },
  };
}
