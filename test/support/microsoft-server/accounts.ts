/**
 * What the local Microsoft server knows: accounts (a directory user or a
 * personal Microsoft account), their calendars as a change log that delta
 * rounds read, and the state of their grant.
 */
import { randomUUID } from 'node:crypto';

/** How a refresh fails once the user revoked consent (`invalid_grant`) or must sign in again (`interaction_required`). */
export type GrantState = 'ok' | 'invalid_grant' | 'interaction_required';

/** A Graph event resource as the server stores it: start/end are UTC wall times. */
export type GraphEventJson = Record<string, unknown> & { id: string };

export interface StoredEvent {
  event: GraphEventJson;
  /** Change-log position of its last change. */
  seq: number;
  startMs: number;
  endMs: number;
}

export interface Account {
  oid: string;
  /** Personal accounts all live in the consumer tenant. */
  tid: string;
  email: string;
  displayName: string;
  /** Windows zone name, as Outlook keeps it. */
  mailboxTimeZone: string;
  /** A work account whose domain its tenant verified: the ID token says so (`xms_edov`). */
  verifiedDomain: boolean;
  grant: GrantState;
  seq: number;
  events: Map<string, StoredEvent>;
  /** Deleted event id -> change-log position of the deletion. */
  deleted: Map<string, number>;
}

/** The tenant id Microsoft uses for every personal (outlook.com) account. */
export const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

export function newAccount(input: {
  email: string;
  displayName?: string;
  mailboxTimeZone?: string;
  personal?: boolean;
  verifiedDomain?: boolean;
}): Account {
  return {
    oid: randomUUID(),
    tid: input.personal ? CONSUMER_TENANT : '72f988bf-86f1-41af-91ab-2d7cd011db47',
    email: input.email,
    displayName: input.displayName ?? input.email.split('@')[0] ?? input.email,
    mailboxTimeZone: input.mailboxTimeZone ?? 'W. Europe Standard Time',
    verifiedDomain: !input.personal && input.verifiedDomain !== false,
    grant: 'ok',
    seq: 0,
    events: new Map(),
    deleted: new Map(),
  };
}

/** Graph writes UTC wall times with seven fraction digits and no offset. */
export function graphUtc(iso: string): { dateTime: string; timeZone: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not an instant: ${iso}`);
  return { dateTime: date.toISOString().replace(/\.\d{3}Z$/, '.0000000'), timeZone: 'UTC' };
}

/** Input for an event: instants in ISO form, the rest as Graph spells it. */
export interface EventInput extends Record<string, unknown> {
  id?: string;
  start: string;
  end: string;
}

export function putEvent(account: Account, input: EventInput): GraphEventJson {
  const id = input.id ?? `AAMkAD${randomUUID().replaceAll('-', '')}=`;
  account.seq += 1;
  const previous = account.events.get(id)?.event;
  const event: GraphEventJson = {
    '@odata.etag': `W/"${account.seq}"`,
    iCalUId: `040000008200E00074C5B7101A82E008${id.length}${account.seq}`,
    type: 'singleInstance',
    isCancelled: false,
    isAllDay: false,
    isOrganizer: false,
    responseStatus: { response: 'accepted', time: new Date().toISOString() },
    originalStartTimeZone: 'W. Europe Standard Time',
    ...previous,
    ...input,
    id,
    start: graphUtc(input.start),
    end: graphUtc(input.end),
    lastModifiedDateTime: new Date().toISOString(),
  };
  account.events.set(id, {
    event,
    seq: account.seq,
    startMs: Date.parse(input.start),
    endMs: Date.parse(input.end),
  });
  account.deleted.delete(id);
  return event;
}

export function deleteEvent(account: Account, id: string): void {
  if (!account.events.delete(id)) throw new Error(`no event ${id}`);
  account.seq += 1;
  account.deleted.set(id, account.seq);
}

export interface Window {
  startMs: number;
  endMs: number;
}

/** calendarView holds the events that overlap the window. */
export function inWindow(stored: StoredEvent, window: Window): boolean {
  return stored.startMs < window.endMs && stored.endMs > window.startMs;
}

/**
 * One delta round's items: the first round lists the window; later rounds
 * list what changed since `sinceSeq`, with `@removed` for deletions and for
 * events that left the window.
 */
export function deltaItems(account: Account, window: Window, sinceSeq: number): GraphEventJson[] {
  const items: GraphEventJson[] = [];
  for (const stored of account.events.values()) {
    if (stored.seq <= sinceSeq) continue;
    if (inWindow(stored, window)) items.push(stored.event);
    else if (sinceSeq > 0) items.push({ id: stored.event.id, '@removed': { reason: 'deleted' } });
  }
  if (sinceSeq > 0) {
    for (const [id, seq] of account.deleted) {
      if (seq > sinceSeq) items.push({ id, '@removed': { reason: 'deleted' } });
    }
  }
  return items;
}
