/**
 * Typed fakes of the core's own ports for tests: a settable clock, counting
 * ids, a recording mailer and renderer, a scriptable calendar, a store
 * wrapper that crashes once after its N-th write, and a quiet log.
 */
import { GrantRevokedError, SyncTokenExpiredError } from '../../functions/core/errors.js';
import type { CalendarEvent, Connection, MailMessage, RemovedEvent } from '../../functions/core/model.js';
import type {
  CalendarProvider,
  ChangePage,
  Clock,
  Entity,
  EntityKind,
  Ids,
  Log,
  Mailer,
  PromptRenderer,
  PromptView,
  Store,
} from '../../functions/core/ports.js';

/** A clock the test sets by hand; nothing moves unless the test says so. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: string | Date) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Sortable, unique ids: `id-000001`, `id-000002`, ... */
export class CountingIds implements Ids {
  private count = 0;
  next(): string {
    this.count += 1;
    return `id-${String(this.count).padStart(6, '0')}`;
  }
}

/** Keeps every mail it is asked to send, in order. */
export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  /** Called before each send: throws when the (simulated) process is dead. */
  constructor(private readonly gate: () => void = () => {}) {}
  async send(message: MailMessage): Promise<{ messageId: string }> {
    this.gate();
    this.sent.push(message);
    return { messageId: `<${message.idempotencyKey}@test>` };
  }
  /** Mails of one prompt kind (the `kind` tag). */
  ofKind(kind: string): MailMessage[] {
    return this.sent.filter((mail) => mail.tags.kind === kind);
  }
}

/** Keeps every view it renders; the text part is the view as JSON. */
export class RecordingRenderer implements PromptRenderer {
  readonly views: PromptView[] = [];
  render(view: PromptView): { subject: string; html: string; text: string } {
    this.views.push(view);
    return { subject: view.subject, html: `<pre>${view.headline}</pre>`, text: JSON.stringify(view) };
  }
  ofKind(kind: PromptView['kind']): PromptView[] {
    return this.views.filter((view) => view.kind === kind);
  }
}

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

/** The error a `CrashingStore` throws to simulate a process dying after a write. */
export class SimulatedCrashError extends Error {
  override name = 'SimulatedCrashError';
}

/**
 * Wraps a real store. Counts writes (put, delete, useOnce); when armed with
 * `crashAfter(n)`, lets the n-th write happen and then throws, as if the
 * process died right after it. A dead process does nothing more: every later
 * call throws too (even if the code under test caught the first error) until
 * `restart()`. Other fakes call `assertAlive()` to die with it.
 */
export class CrashingStore implements Store {
  writes = 0;
  crashed = false;
  private crashAt: number | undefined;
  /** Every write, in order, as "kind:id" (for messages when a test fails). */
  readonly log: string[] = [];

  constructor(private readonly inner: Store) {}

  /** Crash after the n-th write from now on (1 = the next write). */
  crashAfter(n: number): void {
    this.crashAt = this.writes + n;
    this.crashed = false;
  }

  /** A new process: calls work again. */
  restart(): void {
    this.crashed = false;
  }

  assertAlive(): void {
    if (this.crashed) throw new SimulatedCrashError('the process crashed earlier');
  }

  private async write<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.assertAlive();
    const result = await work();
    this.writes += 1;
    this.log.push(label);
    if (this.crashAt !== undefined && this.writes === this.crashAt) {
      this.crashAt = undefined;
      this.crashed = true;
      throw new SimulatedCrashError(`crash after write ${this.writes} (${label})`);
    }
    return result;
  }

  async get<K extends EntityKind>(kind: K, userId: string, id: string): Promise<Entity<K> | undefined> {
    this.assertAlive();
    return this.inner.get(kind, userId, id);
  }
  async list<K extends EntityKind>(kind: K, userId: string): Promise<Entity<K>[]> {
    this.assertAlive();
    return this.inner.list(kind, userId);
  }
  put<K extends EntityKind>(kind: K, entity: Entity<K>): Promise<Entity<K>> {
    return this.write(`${kind}:${entity.id}`, () => this.inner.put(kind, entity));
  }
  delete(kind: EntityKind, userId: string, id: string): Promise<void> {
    return this.write(`delete ${kind}:${id}`, () => this.inner.delete(kind, userId, id));
  }
  findUserByEmail(email: string) {
    return this.inner.findUserByEmail(email);
  }
  listConnectionsExpiringBefore(before: string) {
    return this.inner.listConnectionsExpiringBefore(before);
  }
  listAllConnections() {
    return this.inner.listAllConnections();
  }
  useOnce(key: string, expiresAt: string): Promise<boolean> {
    return this.write(`once:${key}`, () => this.inner.useOnce(key, expiresAt));
  }
  countUse(key: string, expiresAt: string): Promise<number> {
    return this.write(`count:${key}`, () => this.inner.countUse(key, expiresAt));
  }
  deleteUser(userId: string): Promise<void> {
    return this.inner.deleteUser(userId);
  }
}

/** A log that keeps its entries (warnings and errors are worth asserting on). */
export class MemoryLog implements Log {
  readonly entries: Array<{ level: string; message: string; extra?: Record<string, unknown> }> = [];
  debug(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'debug', message, extra });
  }
  info(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'info', message, extra });
  }
  warn(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, extra });
  }
  error(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'error', message, extra });
  }
}
