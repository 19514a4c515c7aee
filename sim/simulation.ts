/**
 * The simulation: the real core (sync, classification, planning, follow-ups,
 * actions), the real DynamoDB adapter on an embedded dynalite, the local
 * scheduler, the real mail renderer and link signer, under a virtual clock,
 * fed by the seeded workload through the in-process calendar service, with
 * faults injected at one rate. Time moves from one due thing to the next.
 */

import { randomUUID } from 'node:crypto';
import { calendarRegistry } from '../functions/adapters/calendar/registry.js';
import { DynamoStore } from '../functions/adapters/dynamodb/dynamo-store.js';
import { startEmbeddedDynamo } from '../functions/adapters/dynamodb/embedded.js';
import { HmacLinkSigner } from '../functions/adapters/links/hmac-signer.js';
import { LocalScheduler } from '../functions/adapters/scheduler/local-scheduler.js';
import { CADENCE } from '../functions/contracts/cadence.js';
import { createActions } from '../functions/core/actions.js';
import { LinkRejectedError, NotFoundError, RateLimitedError } from '../functions/core/errors.js';
import { handleFollowup } from '../functions/core/followup.js';
import { interviewIdFor } from '../functions/core/ids.js';
import {
  type Connection,
  defaultSettings,
  type FollowupPayload,
  type Prompt,
} from '../functions/core/model.js';
import type { Clock, Deps, Scheduler, Store } from '../functions/core/ports.js';
import { actionUrl } from '../functions/core/prompts/action-links.js';
import { retryOnConflict } from '../functions/core/retry.js';
import { type SyncDeps, syncConnection } from '../functions/core/sync.js';
import { toInstant } from '../functions/core/timing.js';
import { PromptMailRenderer } from '../functions/web/prompt-mail.js';
import type { LambdaName } from './cost-model.js';
import { CountingMailer, type SentMail } from './counting-mailer.js';
import { CountingScheduler } from './counting-scheduler.js';
import { CountingStore, type StoreCounts } from './counting-store.js';
import { VirtualClock } from './fakes/clock.js';
import { quietLog } from './fakes/log.js';
import { MemoryScheduler } from './fakes/memory-scheduler.js';
import { MemoryStore } from './fakes/memory-store.js';
import { FaultPlan } from './faults.js';
import type { PortDecorators } from './mutants.js';
import { SimCalendarService } from './sim-calendar.js';
import { runLimited, TaskQueue } from './task-queue.js';
import type { Mutation, SimUser, UserAction, Workload } from './workload.js';

export interface SimOptions {
  users: number;
  days: number;
  /** Base fault rate, 0..1. */
  faults: number;
  seed: number;
  /** Events per provider page (Google's default is 250). */
  pageSize?: number;
  start?: Date;
  /** Also crash between a mail send and the write that records it (at-least-once window). */
  crashAfterSend?: boolean;
  /**
   * `dynalite`: the real DynamoDB adapter and local scheduler on an embedded
   * dynalite (the default). `memory`: the same semantics in memory, for
   * full-size runs.
   */
  store?: 'dynalite' | 'memory';
  /** Handler invocations in flight at one instant. */
  concurrency?: number;
  /** Progress lines (one per simulated day). */
  progress?: (line: string) => void;
  /** Decorators around the core's ports (mutants); in-process runs only. */
  ports?: PortDecorators;
}

type Task =
  | { type: 'mutation'; mutation: Mutation }
  | { type: 'notify'; user: number }
  | { type: 'sync'; user: number }
  | { type: 'retry-sync'; user: number }
  | { type: 'action'; action: UserAction; attempt: number }
  | { type: 'refire'; payload: FollowupPayload; attempt: number }
  | { type: 'maintenance'; day: number }
  | { type: 'reconnect'; user: number };

interface SyncState {
  running: boolean;
  queued: boolean;
  pending: boolean;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
/** After the last day, time runs on this long so that due work settles. */
const DRAIN_MS = 30 * MINUTE;
/** SQS visibility timeout: a failed sync message comes back after this. */
const SYNC_RETRY_MS = MINUTE;
const MAX_RETRIES = 30;
const CHANNEL_DAYS = CADENCE.googleChannelTtlHours / 24;

/** EventBridge Scheduler-like back-off for failed firings. */
const RETRY_BACKOFF = { baseMs: 30 * SECOND, maxMs: MINUTE };

/** Which users this process simulates: those with `index % count === index`. */
export interface Shard {
  index: number;
  count: number;
}

/** What one shard hands back: the raw record of its run, for the merge and the check. */
export interface ShardOutput {
  mails: SentMail[];
  prompts: Array<Pick<Prompt, 'userId' | 'id' | 'kind' | 'interviewIds' | 'applicationId'>>;
  closed: Array<{ userId: string; applicationId: string; at: number }>;
  revocations: number;
  disturbances: Array<[string, number[]]>;
  /** Events a full listing returns per user at the end (the polling peer's page count). */
  windowSizes: Array<[number, number]>;
  store: StoreCounts;
  scheduler: { upserts: number; cancels: number; firings: number };
  lambda: Record<LambdaName, number>;
  provider: { list: number; channels: number };
  sqsRequests: number;
  httpRequests: number;
  syncs: SyncCounts;
  faultsInjected: Record<string, number>;
}

export interface SyncCounts {
  runs: number;
  failed: number;
  resynced: number;
  broken: number;
  coalescedNotifications: number;
}

/** Where a shard keeps its data and schedules. */
interface Backend {
  store: Store;
  scheduler(
    clock: Clock,
    fire: (payload: FollowupPayload) => Promise<void>,
  ): Scheduler & { runDue(): Promise<number> };
}

/** Runs the shard's users of the workload through the real core. */
export async function runShard(workload: Workload, options: SimOptions, shard: Shard): Promise<ShardOutput> {
  if (options.store === 'memory') {
    const backend: Backend = {
      store: new MemoryStore(),
      scheduler: (clock, fire) => new MemoryScheduler({ clock, fire, backoff: RETRY_BACKOFF }),
    };
    const sim = new Simulation(workload, options, shard, backend);
    await sim.run();
    return sim.output();
  }
  const tableName = `afterview-sim-${randomUUID()}`;
  const dynamo = await startEmbeddedDynamo({ tableName });
  try {
    const backend: Backend = {
      store: new DynamoStore({ client: dynamo.client, tableName }),
      scheduler: (clock, fire) =>
        new LocalScheduler({
          client: dynamo.client,
          tableName,
          clock,
          fire,
          log: quietLog,
          // EventBridge Scheduler's retry policy: retries for up to a day, not five quick attempts.
          maxAttempts: 200,
          backoff: RETRY_BACKOFF,
          leaseMs: MINUTE,
          concurrency: 32,
        }),
    };
    const sim = new Simulation(workload, options, shard, backend);
    await sim.run();
    return await sim.output();
  } finally {
    await dynamo.close();
  }
}

class Simulation {
  readonly clock: VirtualClock;
  readonly faults: FaultPlan;
  readonly rawStore: Store;
  readonly store: CountingStore;
  readonly mailer: CountingMailer;
  readonly local: Scheduler & { runDue(): Promise<number> };
  readonly scheduler: CountingScheduler;
  readonly calendar: SimCalendarService;
  readonly deps: SyncDeps;
  readonly queue = new TaskQueue<Task>();
  readonly syncStates: SyncState[];
  readonly disturbances = new Map<string, number[]>();
  readonly closed: Array<{ userId: string; applicationId: string; at: number }> = [];
  readonly lambda: Record<LambdaName, number> = { webhook: 0, sync: 0, followup: 0, api: 0, maintenance: 0 };
  readonly syncs: SyncCounts = { runs: 0, failed: 0, resynced: 0, broken: 0, coalescedNotifications: 0 };
  firings = 0;
  sqsRequests = 0;
  httpRequests = 0;
  revocations = 0;
  #ids = 0;

  constructor(
    readonly workload: Workload,
    readonly options: SimOptions,
    readonly shard: Shard,
    backend: Backend,
  ) {
    this.clock = new VirtualClock(new Date(workload.start));
    this.faults = new FaultPlan(
      options.faults,
      (options.seed ^ 0x5eed) + shard.index * 7919,
      options.crashAfterSend,
    );
    this.rawStore = backend.store;
    this.store = new CountingStore(this.rawStore, this.faults);
    this.mailer = new CountingMailer(this.clock, this.faults);
    this.local = backend.scheduler(this.clock, (payload) => this.fire(payload));
    this.scheduler = new CountingScheduler(this.local);
    this.calendar = new SimCalendarService({
      clock: this.clock,
      faults: this.faults,
      pageSize: options.pageSize ?? 250,
      onChange: (connectionId) => this.notifyLater(this.userOf(connectionId)),
      onRevoked: (connectionId) => {
        this.revocations += 1;
        const user = this.userOf(connectionId);
        this.queue.push(this.clock.ms + this.faults.draw('grant-revoked', 30, 90) * MINUTE, {
          type: 'reconnect',
          user,
        });
      },
    });
    const ports = options.ports ?? {};
    const deps: Deps = {
      store: ports.store?.(this.store) ?? this.store,
      scheduler: ports.scheduler?.(this.scheduler) ?? this.scheduler,
      mailer: ports.mailer?.(this.mailer) ?? this.mailer,
      renderer: new PromptMailRenderer(),
      clock: this.clock,
      ids: { next: () => `sim${String(++this.#ids).padStart(12, '0')}` },
      links: new HmacLinkSigner('simulation-link-signing-secret-0123456789'),
      baseUrl: 'https://afterview.example',
      log: quietLog,
    };
    // The simulated Google service stands in for Google's adapter in the one registry.
    const calendars = calendarRegistry(
      { clock: this.clock, log: quietLog, local: false },
      { google: () => ports.calendar?.(this.calendar.provider()) ?? this.calendar.provider() },
    );
    this.deps = { ...deps, calendars };
    this.syncStates = workload.users.map(() => ({ running: false, queued: false, pending: false }));
  }

  private mine(user: number): boolean {
    return user % this.shard.count === this.shard.index;
  }

  private get users(): SimUser[] {
    return this.workload.users.filter((user) => this.mine(user.index));
  }

  private userOf(connectionId: string): number {
    const index = this.connectionIndex.get(connectionId);
    if (index === undefined) throw new Error(`unknown connection ${connectionId}`);
    return index;
  }

  private readonly connectionIndex = new Map<string, number>();

  async run(): Promise<void> {
    const { workload } = this;
    await runLimited(this.users, 16, (user) => this.connect(user));
    for (const mutation of workload.mutations) {
      if (this.mine(mutation.user)) this.queue.push(mutation.at, { type: 'mutation', mutation });
    }
    for (const action of workload.actions) {
      if (this.mine(action.user) && action.at <= workload.end)
        this.queue.push(action.at, { type: 'action', action, attempt: 1 });
    }
    // The maintenance rule at the stack's own rate (the first run a few minutes in).
    const every = CADENCE.maintenanceMinutes * MINUTE;
    for (let at = workload.start + every; at <= workload.end; at += every)
      this.queue.push(at, { type: 'maintenance', day: Math.floor((at - workload.start) / DAY) });
    await this.loop(workload.end + DRAIN_MS);
  }

  /** What the OAuth callback does: settings, an active connection, a first sync. */
  private async connect(user: SimUser): Promise<void> {
    const now = toInstant(this.clock.now());
    this.connectionIndex.set(user.connectionId, user.index);
    this.calendar.addCalendar(
      user.connectionId,
      { email: user.email, timeZone: user.timeZone },
      user.initial,
    );
    const settings = defaultSettings(
      { userId: user.userId, email: user.email, timeZone: user.timeZone, createdAt: now },
      { prepEnabled: user.prepEnabled },
    );
    const connection: Connection = {
      userId: user.userId,
      id: user.connectionId,
      version: 0,
      provider: 'google',
      calendarId: `primary:${user.email}`,
      status: 'active',
    };
    await this.faults.run('setup', async () => {
      await this.store.put('settings', settings);
      await this.store.put('connection', connection);
    });
    this.calendar.renewChannel();
    this.requestSync(user.index);
  }

  private async loop(until: number): Promise<void> {
    let day = -1;
    for (;;) {
      const nextTask = this.queue.peekAt();
      const wake = this.scheduler.nextWake();
      const next = Math.min(nextTask ?? Number.POSITIVE_INFINITY, wake ?? Number.POSITIVE_INFINITY);
      if (!Number.isFinite(next) || next > until) break;
      this.clock.advanceTo(next);
      const today = Math.floor((this.clock.ms - this.workload.start) / DAY);
      if (today !== day) {
        day = today;
        this.options.progress?.(
          `day ${day + 1}: ${this.mailer.sent.length} prompts sent, ${this.syncs.runs} syncs`,
        );
      }
      if (nextTask !== undefined && nextTask <= this.clock.ms) {
        const batch = this.queue.popDue(this.clock.ms);
        await runLimited(batch, this.options.concurrency ?? 64, (task) => this.runTask(task));
        continue;
      }
      this.scheduler.woke(this.clock.ms);
      await this.local.runDue();
    }
  }

  private async runTask(task: Task): Promise<void> {
    switch (task.type) {
      case 'mutation':
        return this.mutate(task.mutation);
      case 'notify':
        this.lambda.webhook += 1;
        this.httpRequests += 1;
        this.sqsRequests += 1;
        return this.requestSync(task.user);
      case 'retry-sync':
        return this.requestSync(task.user);
      case 'sync':
        return this.sync(task.user);
      case 'action':
        return this.act(task.action, task.attempt);
      case 'refire':
        return this.refire(task.payload, task.attempt);
      case 'maintenance':
        return this.maintain(task.day);
      case 'reconnect':
        return this.reconnect(task.user);
    }
  }

  private mutate(mutation: Mutation): void {
    const user = this.workload.users[mutation.user]!;
    if (mutation.op === 'put' && mutation.event) this.calendar.put(user.connectionId, mutation.event);
    else this.calendar.remove(user.connectionId, mutation.eventId);
  }

  /** Google's push notification for a change: soon, sometimes late, sometimes twice. */
  private notifyLater(user: number): void {
    const copies = this.faults.hit('notification-duplicate')
      ? this.faults.draw('notification-duplicate', 2, 3)
      : 1;
    for (let copy = 0; copy < copies; copy++) {
      let delay = this.faults.draw('notification-delayed', 1, 10) * SECOND;
      if (this.faults.hit('notification-delayed')) {
        delay = this.faults.draw('notification-delayed', 1, 8) * MINUTE;
        this.disturb(this.workload.users[user]!.userId);
      }
      this.queue.push(this.clock.ms + delay, { type: 'notify', user });
    }
  }

  /** One sync per calendar at a time; a request during a sync leads to another (invariant 4). */
  private requestSync(user: number): void {
    const state = this.syncStates[user]!;
    if (state.running) {
      state.pending = true;
      this.syncs.coalescedNotifications += 1;
    } else if (state.queued) {
      this.syncs.coalescedNotifications += 1;
    } else {
      state.queued = true;
      this.queue.push(this.clock.ms, { type: 'sync', user });
    }
  }

  private async sync(index: number): Promise<void> {
    const state = this.syncStates[index]!;
    const user = this.workload.users[index]!;
    state.queued = false;
    state.running = true;
    this.syncs.runs += 1;
    this.lambda.sync += 1;
    this.lastSync[index] = this.clock.ms;
    this.sqsRequests += 2;
    try {
      const report = await this.faults.run('sync', () =>
        syncConnection(this.deps, user.userId, user.connectionId),
      );
      if (report.status === 'resynced') this.syncs.resynced += 1;
      if (report.status === 'broken') this.syncs.broken += 1;
    } catch (error) {
      this.syncs.failed += 1;
      this.disturb(user.userId);
      const wait =
        error instanceof RateLimitedError
          ? Math.max(error.retryAfterSeconds * SECOND, SYNC_RETRY_MS)
          : SYNC_RETRY_MS;
      this.queue.push(this.clock.ms + wait, { type: 'retry-sync', user: index });
    } finally {
      state.running = false;
      if (state.pending) {
        state.pending = false;
        this.requestSync(index);
      }
    }
  }

  /** The scheduler's target: the follow-up Lambda, sometimes fired twice or concurrently. */
  private async fire(payload: FollowupPayload): Promise<void> {
    this.firings += 1;
    if (this.faults.hit('firing-duplicate')) {
      this.queue.push(this.clock.ms + this.faults.draw('firing-duplicate', 5, 300) * SECOND, {
        type: 'refire',
        payload,
        attempt: 1,
      });
    }
    const main = this.followup(payload);
    if (!this.faults.hit('firing-concurrent')) return main;
    const twin = this.followup(payload).catch(() => {
      this.queue.push(this.clock.ms + MINUTE, { type: 'refire', payload, attempt: 2 });
    });
    // Both finish at this instant: an invocation never outlives the moment it ran in.
    const [outcome] = await Promise.allSettled([main, twin]);
    if (outcome.status === 'rejected') throw outcome.reason;
  }

  private async refire(payload: FollowupPayload, attempt: number): Promise<void> {
    try {
      await this.followup(payload);
    } catch {
      if (attempt < MAX_RETRIES)
        this.queue.push(this.clock.ms + MINUTE, { type: 'refire', payload, attempt: attempt + 1 });
    }
  }

  private async followup(payload: FollowupPayload): Promise<void> {
    this.lambda.followup += 1;
    try {
      await this.faults.run('followup', () => handleFollowup(this.deps, payload));
    } catch (error) {
      this.disturb(
        `${payload.userId}/${payload.kind === 'status-check' ? payload.applicationId : payload.kind === 'digest' ? 'digest' : payload.interviewId}`,
      );
      // The local scheduler retries after its back-off: look again then.
      this.scheduler.wakeAt(this.clock.ms + 30 * SECOND);
      this.scheduler.wakeAt(this.clock.ms + MINUTE);
      throw error;
    }
  }

  /** A user clicks a link in a prompt: GET shows the page, POST acts. */
  private async act(action: UserAction, attempt: number): Promise<void> {
    const user = this.workload.users[action.user]!;
    const interviewId = interviewIdFor(user.connectionId, action.eventId);
    this.lambda.api += 2;
    this.httpRequests += 2;
    const actions = createActions(this.deps);
    try {
      await this.faults.run('action', async () => {
        if (action.kind === 'dismiss') {
          const token = tokenOf(await actionUrl(this.deps, 'not-interview', user.userId, interviewId));
          await actions.describe(token);
          await actions.perform(token, {});
          return;
        }
        const interview = await this.store.get('interview', user.userId, interviewId);
        if (!interview) throw new NotFoundError('not tracked');
        const token = tokenOf(await actionUrl(this.deps, 'heard-back', user.userId, interview.applicationId));
        await actions.describe(token);
        await actions.perform(token, { outcome: action.outcome });
        this.closed.push({ userId: user.userId, applicationId: interview.applicationId, at: this.clock.ms });
      });
    } catch (error) {
      // Not tracked (the detector missed it): nothing to do. Anything else: the user tries again.
      if (error instanceof NotFoundError) return;
      if (error instanceof LinkRejectedError && error.reason !== 'used') throw error;
      if (attempt < MAX_RETRIES)
        this.queue.push(this.clock.ms + MINUTE, { type: 'action', action, attempt: attempt + 1 });
    }
  }

  /**
   * One maintenance run: a push-connected calendar gets a safety sync only
   * when it has not synced for `pushSafetySyncHours` (a lost notification),
   * and its channel is renewed within the horizon before it lapses. A
   * calendar that notifications keep in sync is not polled.
   */
  private maintain(day: number): void {
    this.lambda.maintenance += 1;
    const stale = this.clock.ms - CADENCE.pushSafetySyncHours * 60 * MINUTE;
    for (const user of this.users) {
      const renewal = this.renewedDay.get(user.index) ?? 0;
      if (day > 0 && day !== renewal && day % CHANNEL_DAYS === user.index % CHANNEL_DAYS) {
        this.renewedDay.set(user.index, day);
        this.calendar.renewChannel();
      }
      if ((this.lastSync[user.index] ?? 0) > stale) continue;
      this.sqsRequests += 1;
      this.requestSync(user.index);
    }
  }

  private readonly renewedDay = new Map<number, number>();
  private readonly lastSync: number[] = [];

  /** The user reconnects after the connection-broken mail: an active connection, a full sync. */
  private async reconnect(index: number): Promise<void> {
    const user = this.workload.users[index]!;
    this.calendar.restore(user.connectionId);
    this.lambda.api += 2;
    await this.faults.run('setup', () =>
      retryOnConflict(async () => {
        const fresh = await this.store.get('connection', user.userId, user.connectionId);
        if (!fresh) return;
        await this.store.put('connection', {
          ...fresh,
          status: 'active',
          syncToken: undefined,
          brokenReason: undefined,
          brokenNotifiedAt: undefined,
        });
      }),
    );
    this.requestSync(index);
  }

  private disturb(userId: string): void {
    const list = this.disturbances.get(userId) ?? [];
    list.push(this.clock.ms);
    this.disturbances.set(userId, list);
  }

  async output(): Promise<ShardOutput> {
    const prompts: ShardOutput['prompts'] = [];
    await runLimited(this.users, 16, async (user) => {
      for (const p of await this.rawStore.list('prompt', user.userId)) {
        prompts.push({
          userId: p.userId,
          id: p.id,
          kind: p.kind,
          interviewIds: p.interviewIds,
          applicationId: p.applicationId,
        });
      }
    });
    return {
      mails: this.mailer.sent,
      prompts,
      closed: this.closed,
      revocations: this.revocations,
      disturbances: [...this.disturbances],
      windowSizes: this.users.map((user) => [user.index, this.calendar.windowSize(user.connectionId)]),
      store: this.store.counts,
      scheduler: { upserts: this.scheduler.upserts, cancels: this.scheduler.cancels, firings: this.firings },
      lambda: this.lambda,
      provider: { ...this.calendar.calls },
      sqsRequests: this.sqsRequests,
      httpRequests: this.httpRequests,
      syncs: this.syncs,
      faultsInjected: { ...this.faults.injected },
    };
  }
}

function tokenOf(url: string): string {
  return url.slice(url.lastIndexOf('/a/') + 3);
}
