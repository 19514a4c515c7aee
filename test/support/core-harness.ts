/**
 * The core wired to real parts for integration tests: `DynamoStore` on an
 * embedded dynalite table, the `LocalScheduler` on the same table, the HMAC
 * link signer, and fakes of our own ports (clock, ids, mailer, renderer,
 * calendar). Time moves only when a test sets the clock; `runDue()` then
 * fires what is due through `handleFollowup`, as the followup Lambda would.
 */

import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { HmacLinkSigner } from '../../functions/adapters/links/hmac-signer.js';
import { LocalScheduler } from '../../functions/adapters/scheduler/local-scheduler.js';
import { createActions } from '../../functions/core/actions.js';
import { type FollowupOutcome, handleFollowup } from '../../functions/core/followup.js';
import { connectionIdFor, interviewIdFor, userIdFor } from '../../functions/core/ids.js';
import type {
  Attendee,
  CalendarEvent,
  Connection,
  FollowupPayload,
  Interview,
  Person,
  RemovedEvent,
  Settings,
} from '../../functions/core/model.js';
import { defaultSettings } from '../../functions/core/model.js';
import type { EntityKind, LinkView, PromptView, Scheduler } from '../../functions/core/ports.js';
import { CLAIM_LEASE_MS, PromptInProgressError } from '../../functions/core/prompts/delivery.js';
import { type SyncDeps, type SyncReport, syncConnection } from '../../functions/core/sync.js';
import { ScriptedCalendar } from '../../sim/fakes/calendar.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { CrashingStore, SimulatedCrashError } from '../../sim/fakes/crashing-store.js';
import { CountingIds } from '../../sim/fakes/ids.js';
import { MemoryLog } from '../../sim/fakes/log.js';
import { RecordingMailer } from '../../sim/fakes/mailer.js';
import { RecordingRenderer } from '../../sim/fakes/renderer.js';
import type { DynaliteSuite } from './dynalite.js';

export const LINK_SECRET = 'integration-test-link-secret-32-bytes-long!';
export const BASE_URL = 'https://afterview.test';

export interface HarnessOptions {
  /** Where the clock starts (UTC instant). */
  start: string;
  email?: string;
  timeZone?: string;
  /** Settings other than the defaults (`defaultSettings`). */
  waitingWindowDays?: number;
  prepEnabled?: boolean;
  prepMinutesBefore?: number;
}

type ResolvedOptions = Required<Pick<HarnessOptions, 'start' | 'email' | 'timeZone'>> & HarnessOptions;

export interface Fired {
  payload: FollowupPayload;
  outcome: FollowupOutcome;
}

export class CoreHarness {
  readonly clock: VirtualClock;
  readonly ids = new CountingIds();
  readonly mailer: RecordingMailer;
  readonly renderer = new RecordingRenderer();
  readonly calendar = new ScriptedCalendar();
  readonly log = new MemoryLog();
  readonly links = new HmacLinkSigner(LINK_SECRET);
  readonly store: CrashingStore;
  readonly scheduler: LocalScheduler;
  readonly deps: SyncDeps;
  /** Every successful firing and what the core made of it. */
  readonly fired: Fired[] = [];
  readonly userId: string;
  readonly connectionId: string;
  readonly actions: ReturnType<typeof createActions>;

  private constructor(
    readonly raw: DynamoStore,
    dynalite: DynaliteSuite,
    tableName: string,
    readonly options: ResolvedOptions,
  ) {
    this.clock = new VirtualClock(options.start);
    this.store = new CrashingStore(raw);
    this.mailer = new RecordingMailer(() => this.store.assertAlive());
    this.userId = userIdFor(options.email);
    this.connectionId = connectionIdFor('demo', 'primary');
    this.scheduler = new LocalScheduler({
      client: dynalite.client,
      tableName,
      clock: this.clock,
      fire: async (payload) => {
        // Each firing is a fresh invocation (a new Lambda, or the local loop after a crash).
        this.store.restart();
        const outcome = await handleFollowup(this.deps, payload);
        this.fired.push({ payload, outcome });
      },
      log: this.log,
      // Retries outlast the prompt claim lease (2 min), as EventBridge's retry policy does.
      maxAttempts: 10,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      leaseMs: 60_000,
      concurrency: 4,
    });
    // The core's scheduler calls die with the (simulated) process too.
    const gated: Scheduler = {
      upsert: async (request) => {
        this.store.assertAlive();
        await this.scheduler.upsert(request);
      },
      cancel: async (name) => {
        this.store.assertAlive();
        await this.scheduler.cancel(name);
      },
    };
    this.deps = {
      store: this.store,
      scheduler: gated,
      mailer: this.mailer,
      renderer: this.renderer,
      clock: this.clock,
      ids: this.ids,
      links: this.links,
      baseUrl: BASE_URL,
      log: this.log,
      calendars: () => this.calendar,
    };
    this.actions = createActions(this.deps);
  }

  /** A fresh table with one user and one active demo connection (never synced). */
  static async create(dynalite: DynaliteSuite, options: HarnessOptions): Promise<CoreHarness> {
    const full: ResolvedOptions = { email: 'sam.seeker@mail.test', timeZone: 'Europe/Berlin', ...options };
    const tableName = await dynalite.freshTable();
    const raw = new DynamoStore({ client: dynalite.client, tableName });
    const harness = new CoreHarness(raw, dynalite, tableName, full);
    await harness.seed();
    return harness;
  }

  private async seed(): Promise<void> {
    const settings = defaultSettings(
      {
        userId: this.userId,
        email: this.options.email,
        timeZone: this.options.timeZone,
        createdAt: this.options.start,
      },
      withoutUndefined({
        waitingWindowDays: this.options.waitingWindowDays,
        prepEnabled: this.options.prepEnabled,
        prepMinutesBefore: this.options.prepMinutesBefore,
      }),
    );
    await this.raw.put('settings', settings);
    const connection: Connection = {
      userId: this.userId,
      id: this.connectionId,
      version: 0,
      provider: 'demo',
      calendarId: 'primary',
      status: 'active',
    };
    await this.raw.put('connection', connection);
  }

  /** One sync of the connection, as the sync Lambda runs it. */
  sync(): Promise<SyncReport> {
    return syncConnection(this.deps, this.userId, this.connectionId);
  }

  /** Fires everything due now, again and again until nothing is due (bounded). */
  async runDue(): Promise<number> {
    let total = 0;
    for (let round = 0; round < 20; round++) {
      const fired = await this.scheduler.runDue();
      total += fired;
      if (fired === 0) return total;
    }
    throw new Error('schedules kept firing: a loop in the core?');
  }

  /**
   * Runs `work` as a queue would: after a crash, a new process runs it again;
   * a prompt claimed by the crashed one is taken over once its lease lapses.
   */
  async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const retryable = error instanceof SimulatedCrashError || error instanceof PromptInProgressError;
        if (!retryable || attempt >= 3) throw error;
        if (error instanceof PromptInProgressError) this.clock.advance(CLAIM_LEASE_MS + 1_000);
        this.store.restart();
      }
    }
  }

  /** Sets the clock, fires what is due, and lets failed firings retry a few minutes later. */
  async advanceAndSettle(at: string): Promise<void> {
    await this.advanceTo(at);
    for (let round = 0; round < 5; round++) {
      if (!(await this.scheduler.listPending()).some((s) => s.lastError)) return;
      this.clock.advance(3 * 60_000);
      await this.runDue();
    }
  }

  /** Sets the clock and fires what is due. */
  async advanceTo(at: string): Promise<number> {
    this.clock.set(at);
    return this.runDue();
  }

  async settings(): Promise<Settings> {
    const settings = await this.raw.get('settings', this.userId, this.userId);
    if (!settings) throw new Error('settings missing');
    return settings;
  }

  async connection(): Promise<Connection> {
    const connection = await this.raw.get('connection', this.userId, this.connectionId);
    if (!connection) throw new Error('connection missing');
    return connection;
  }

  interviewId(eventId: string): string {
    return interviewIdFor(this.connectionId, eventId);
  }

  async interview(eventId: string): Promise<Interview | undefined> {
    return this.raw.get('interview', this.userId, this.interviewId(eventId));
  }

  list<K extends EntityKind>(kind: K) {
    return this.raw.list(kind, this.userId);
  }

  /** Everything stored for the user plus the pending schedules: to prove nothing changed. */
  async snapshot(): Promise<string> {
    const kinds: EntityKind[] = ['settings', 'connection', 'interview', 'application', 'task', 'prompt'];
    const entities = await Promise.all(kinds.map((kind) => this.raw.list(kind, this.userId)));
    const pending = await this.scheduler.listPending();
    return JSON.stringify({ entities, pending });
  }

  /** Firings of one kind, with their outcomes. */
  firedOf(kind: FollowupPayload['kind']): Fired[] {
    return this.fired.filter((f) => f.payload.kind === kind);
  }
}

/** The action of a view (or of its items) with this label. */
export function linkIn(view: PromptView, label: string | RegExp, itemIndex?: number): LinkView {
  const pool =
    itemIndex === undefined
      ? [...view.actions, ...view.items.flatMap((i) => i.actions)]
      : view.items[itemIndex]!.actions;
  const link = pool.find((l) => (typeof label === 'string' ? l.label === label : label.test(l.label)));
  if (!link) throw new Error(`no link "${label}" in the ${view.kind} view`);
  return link;
}

/** The signed token of an action URL (`<base>/a/<token>`). */
export function tokenOf(url: string): string {
  const prefix = `${BASE_URL}/a/`;
  if (!url.startsWith(prefix)) throw new Error(`not an action link: ${url}`);
  return url.slice(prefix.length);
}

export interface EventSpec {
  id: string;
  title?: string;
  start: string;
  end: string;
  description?: string;
  /** People on the invitation besides the owner. */
  people?: Person[];
  organizer?: Person;
  status?: CalendarEvent['status'];
  ownerResponse?: CalendarEvent['ownerResponse'];
}

/** A normalised calendar event as an adapter would produce, with the owner attending. */
export function calendarEvent(spec: EventSpec, ownerEmail = 'sam.seeker@mail.test'): CalendarEvent {
  const attendee = (person: Person, self: boolean): Attendee => ({
    ...person,
    response: 'accepted',
    kind: 'person',
    self,
    organizer: false,
    optional: false,
  });
  return {
    provider: 'demo',
    eventId: spec.id,
    status: spec.status ?? 'confirmed',
    title: spec.title ?? 'Interview: Backend Engineer at Acme Robotics',
    description: spec.description ?? '',
    start: spec.start,
    end: spec.end,
    allDay: false,
    timeZone: 'Europe/Berlin',
    organizer: spec.organizer,
    attendees: [attendee({ email: ownerEmail }, true), ...(spec.people ?? []).map((p) => attendee(p, false))],
    ownerResponse: spec.ownerResponse ?? 'accepted',
  };
}

/** What incremental sync reports for a deleted event. */
export function removed(id: string): RemovedEvent {
  return { provider: 'demo', eventId: id, removed: true };
}

/** Only the options a test gave: an absent one keeps the default. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
