/**
 * The local runner's `Scheduler`: schedules live in the app's one DynamoDB
 * table (so they survive a restart) and an in-process loop fires the due ones.
 *
 * Items:
 * - pending: `pk = SCHEDULE`, `sk = <name>`, with `at`, `payload`, `attempts`,
 *   `dueAt` (next attempt) and `revision` (new on every upsert and claim). The
 *   table's sparse GSI indexes them by `dueAt` (`SCHEDULE_DUE` / `<iso>`), so
 *   finding what is due is one Query that returns only due items, oldest first.
 * - dead letters: `pk = SCHEDULE_DEAD`, `sk = <name>#<revision>`.
 *
 * Firing a schedule: claim it (conditional on its revision: push `dueAt` a
 * lease ahead, new revision), call `fire`, then delete it conditional on the
 * claim's revision, so a schedule replaced meanwhile stays. A failure leaves
 * it with a back-off; after `maxAttempts` it moves to a dead letter.
 *
 * Delivery is at least once. Claims make concurrent `runDue` calls (two
 * instances, two processes) fire each schedule once; a duplicate happens only
 * when a process dies after `fire` and before the delete, when `fire` outlasts
 * the lease, or when the schedule is upserted while it fires. The core
 * dedupes (schedules carry the entity's version; prompts are claimed).
 */

import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { FollowupPayload, ScheduleRequest } from '../../core/model.js';
import type { Clock, Log, Scheduler } from '../../core/ports.js';
import { describeIssues } from '../../core/zod-issues.js';
import {
  collect,
  documentClient,
  type Item,
  isConditionFailed,
  queryAll,
} from '../dynamodb/document-client.js';
import { stripKeys } from '../dynamodb/entity-items.js';
import {
  GSI1_NAME,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  PARTITION_KEY,
  SCHEDULE_DEAD_PK,
  SCHEDULE_DUE,
  SCHEDULE_PK,
  SORT_KEY,
} from '../dynamodb/table.js';

export interface LocalSchedulerOptions {
  client: DynamoDBClient;
  /** The app's one table (`adapters/dynamodb/table.ts` lays it out). */
  tableName: string;
  clock: Clock;
  /** Delivers a payload (the `followup` use case). Throwing means "retry later". */
  fire: (payload: FollowupPayload) => Promise<void>;
  log: Log;
  /** How often the loop looks for due schedules (default 250 ms). */
  pollMs?: number;
  /** Failed fires before a schedule is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Back-off after the n-th failure: `baseMs * 2^(n-1)`, at most `maxMs` (default 1 s .. 5 min). */
  backoff?: { baseMs: number; maxMs: number };
  /** How long a claim holds a schedule before another attempt may take it (default 60 s). */
  leaseMs?: number;
  /** Schedules fired at the same time (default 8). */
  concurrency?: number;
}

/** A pending schedule as stored. */
export interface PendingSchedule {
  name: string;
  at: string;
  payload: FollowupPayload;
  attempts: number;
  dueAt: string;
  revision: string;
  lastError?: string;
}

/** A schedule that ran out of attempts (or was unreadable). */
export interface DeadSchedule {
  name: string;
  at?: string;
  payload?: unknown;
  attempts: number;
  lastError: string;
  deadAt: string;
}

const MAX_ERROR_LENGTH = 1_000;

const StoredSchedule = z.object({
  name: z.string().min(1),
  at: z.string(),
  payload: FollowupPayload,
  attempts: z.number().int().min(0),
  dueAt: z.string(),
  revision: z.string().min(1),
  lastError: z.string().optional(),
});

/** `Scheduler` for one machine: schedules in the table, fired by an in-process loop. */
export class LocalScheduler implements Scheduler {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly fire: (payload: FollowupPayload) => Promise<void>;
  private readonly log: Log;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly leaseMs: number;
  private readonly concurrency: number;

  private running = false;
  /** Set by `stop`: fires not yet started are left for the next start. */
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | undefined;
  private tickAgain = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: LocalSchedulerOptions) {
    this.doc = documentClient(options.client);
    this.tableName = options.tableName;
    this.clock = options.clock;
    this.fire = options.fire;
    this.log = options.log;
    this.pollMs = options.pollMs ?? 250;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 5 * 60_000 };
    this.leaseMs = options.leaseMs ?? 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
  }

  /** Creates or replaces the schedule of this name; an unchanged one is left alone. */
  async upsert(request: ScheduleRequest): Promise<void> {
    const parsed = ScheduleRequest.safeParse(request);
    if (!parsed.success) {
      throw new ValidationError(`invalid schedule request: ${describeIssues(parsed.error)}`, {
        cause: parsed.error,
      });
    }
    const { name, payload } = parsed.data;
    const at = isoMs(Date.parse(parsed.data.at));
    const item = await this.getItem(name);
    const existing = item ? StoredSchedule.safeParse(item) : undefined;
    // Re-planning often asks for the same schedule again: replacing it would
    // reset its attempts and could fire it twice.
    if (existing?.success && existing.data.at === at && sameJson(existing.data.payload, payload)) return;
    const version = (typeof item?.version === 'number' ? item.version : 0) + 1;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.pendingItem(
          { name, at, payload, attempts: 0, dueAt: at, revision: randomUUID() },
          version,
        ),
      }),
    );
    if (Date.parse(at) <= this.clock.now().getTime()) this.kick();
  }

  /** Deletes the schedule; absent is fine. */
  async cancel(name: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(SCHEDULE_PK, name) }));
  }

  /** Starts the loop: every `pollMs` it fires what is due. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the loop and waits for fires in flight (the loop's and `runDue` callers'). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.tick;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Fires every schedule due at `clock.now()` once and returns how many it
   * fired (successfully or not). Deterministic: for tests and simulations.
   */
  async runDue(): Promise<number> {
    const work = this.fireDue();
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Deletes every schedule and dead letter of one user (their data is being deleted). */
  async cancelUser(userId: string): Promise<number> {
    let removed = 0;
    for (const partition of [SCHEDULE_PK, SCHEDULE_DEAD_PK]) {
      for (const item of await this.queryPartition(partition)) {
        const payload = item.payload as { userId?: unknown } | undefined;
        if (payload?.userId !== userId) continue;
        await this.doc.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: this.key(partition, String(item[SORT_KEY])),
          }),
        );
        removed += 1;
      }
    }
    return removed;
  }

  /** Pending schedules, in name order (dashboard, tests). */
  async listPending(): Promise<PendingSchedule[]> {
    const items = await this.queryPartition(SCHEDULE_PK);
    return items.flatMap((item) => {
      const parsed = StoredSchedule.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Dead-lettered schedules (dashboard, tests). */
  async listDeadLetters(): Promise<DeadSchedule[]> {
    const items = await this.queryPartition(SCHEDULE_DEAD_PK);
    return items.map((item) => ({
      name: String(item.name),
      at: typeof item.at === 'string' ? item.at : undefined,
      payload: item.payload,
      attempts: Number(item.attempts ?? 0),
      lastError: String(item.lastError ?? ''),
      deadAt: String(item.deadAt),
    }));
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runTick(), delayMs);
  }

  /** Asks for a tick now, e.g. after an upsert of a time already past. */
  private kick(): void {
    if (!this.running) return;
    if (this.tick) this.tickAgain = true;
    else this.schedule(0);
  }

  private runTick(): void {
    this.timer = undefined;
    this.tickAgain = false;
    this.tick = this.runDue()
      .then(() => undefined)
      .catch((error: unknown) => this.log.error('scheduler tick failed', { error: errorText(error) }))
      .finally(() => {
        this.tick = undefined;
        if (this.running) this.schedule(this.tickAgain ? 0 : this.pollMs);
      });
  }

  private async fireDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.queryDue(now);
    let fired = 0;
    for (let i = 0; i < due.length && !this.stopped; i += this.concurrency) {
      const batch = due.slice(i, i + this.concurrency);
      const results = await Promise.all(batch.map((item) => this.fireOne(item, now)));
      fired += results.filter(Boolean).length;
    }
    return fired;
  }

  /** Claims, fires and settles one schedule; false when another claimant had it. */
  private async fireOne(item: Item, now: Date): Promise<boolean> {
    const parsed = StoredSchedule.safeParse(item);
    if (!parsed.success) {
      await this.deadLetterUnreadable(item, describeIssues(parsed.error), now);
      return false;
    }
    const schedule = parsed.data;
    const revision = await this.claim(schedule, now);
    if (!revision) return false;
    const attempts = schedule.attempts + 1;
    try {
      await this.fire(schedule.payload);
    } catch (error) {
      await this.failed({ ...schedule, attempts, revision }, error);
      return true;
    }
    const deleted = await this.deleteIf(schedule.name, revision);
    if (!deleted) this.log.debug('schedule replaced while it fired; kept', { name: schedule.name });
    return true;
  }

  /** Moves `dueAt` a lease ahead under a new revision, if nobody did first. */
  private async claim(schedule: PendingSchedule, now: Date): Promise<string | undefined> {
    const revision = randomUUID();
    const lease = isoMs(now.getTime() + this.leaseMs);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(SCHEDULE_PK, schedule.name),
          UpdateExpression:
            'SET revision = :new, dueAt = :lease, #gsk = :lease, attempts = attempts + :one, version = version + :one',
          ConditionExpression: 'revision = :old',
          ExpressionAttributeNames: { '#gsk': GSI1_SORT_KEY },
          ExpressionAttributeValues: {
            ':new': revision,
            ':old': schedule.revision,
            ':lease': lease,
            ':one': 1,
          },
        }),
      );
      return revision;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  /** Records a failed fire: retry after a back-off, or dead-letter after `maxAttempts`. */
  private async failed(schedule: PendingSchedule, error: unknown): Promise<void> {
    const lastError = errorText(error).slice(0, MAX_ERROR_LENGTH);
    const now = this.clock.now();
    if (schedule.attempts >= this.maxAttempts) {
      await this.putDeadLetter(schedule.name, schedule.revision, { ...schedule, lastError }, now);
      await this.deleteIf(schedule.name, schedule.revision);
      this.log.error('schedule dead-lettered after repeated failures', {
        name: schedule.name,
        attempts: schedule.attempts,
        error: lastError,
      });
      return;
    }
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (schedule.attempts - 1));
    const dueAt = isoMs(now.getTime() + delay);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(SCHEDULE_PK, schedule.name),
          UpdateExpression: 'SET dueAt = :due, #gsk = :due, lastError = :error, version = version + :one',
          ConditionExpression: 'revision = :revision',
          ExpressionAttributeNames: { '#gsk': GSI1_SORT_KEY },
          ExpressionAttributeValues: {
            ':due': dueAt,
            ':error': lastError,
            ':revision': schedule.revision,
            ':one': 1,
          },
        }),
      );
    } catch (updateError) {
      // Replaced or cancelled meanwhile: the new state wins.
      if (!isConditionFailed(updateError)) throw updateError;
    }
    this.log.warn('schedule fire failed; will retry', {
      name: schedule.name,
      attempts: schedule.attempts,
      dueAt,
      error: lastError,
    });
  }

  private async deadLetterUnreadable(item: Item, reason: string, now: Date): Promise<void> {
    const name = String(item[SORT_KEY]);
    const revision = typeof item.revision === 'string' ? item.revision : 'unreadable';
    const lastError = `unreadable schedule: ${reason}`.slice(0, MAX_ERROR_LENGTH);
    await this.putDeadLetter(name, revision, { ...item, name, lastError }, now);
    await this.deleteIf(name, typeof item.revision === 'string' ? item.revision : undefined);
    this.log.error('unreadable schedule dead-lettered', { name, error: lastError });
  }

  private async putDeadLetter(name: string, revision: string, content: Item, now: Date): Promise<void> {
    const { dueAt: _dueAt, revision: _revision, ...kept } = content;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...stripKeys(kept),
          ...this.key(SCHEDULE_DEAD_PK, `${name}#${revision}`),
          name,
          deadAt: now.toISOString(),
          version: 1,
        },
      }),
    );
  }

  /** Deletes a pending schedule if it still has `revision` (any revision when undefined). */
  private async deleteIf(name: string, revision: string | undefined): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key(SCHEDULE_PK, name),
          ...(revision === undefined
            ? {}
            : {
                ConditionExpression: 'revision = :revision',
                ExpressionAttributeValues: { ':revision': revision },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  private queryDue(now: Date): Promise<Item[]> {
    return collect(
      queryAll(this.doc, {
        TableName: this.tableName,
        IndexName: GSI1_NAME,
        KeyConditionExpression: '#gpk = :due AND #gsk <= :now',
        ExpressionAttributeNames: { '#gpk': GSI1_PARTITION_KEY, '#gsk': GSI1_SORT_KEY },
        ExpressionAttributeValues: { ':due': SCHEDULE_DUE, ':now': now.toISOString() },
      }),
    );
  }

  private queryPartition(partition: string): Promise<Item[]> {
    return collect(
      queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        ExpressionAttributeValues: { ':pk': partition },
        ConsistentRead: true,
      }),
    );
  }

  private async getItem(name: string): Promise<Item | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(SCHEDULE_PK, name), ConsistentRead: true }),
    );
    return out.Item;
  }

  private pendingItem(schedule: PendingSchedule, version: number): Item {
    return {
      ...schedule,
      ...this.key(SCHEDULE_PK, schedule.name),
      [GSI1_PARTITION_KEY]: SCHEDULE_DUE,
      [GSI1_SORT_KEY]: schedule.dueAt,
      version,
    };
  }

  private key(partition: string, sort: string): Item {
    return { [PARTITION_KEY]: partition, [SORT_KEY]: sort };
  }
}

/** ISO-8601 with milliseconds: one width, so it sorts as text in the index. */
function isoMs(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Payloads come out of zod in schema order, so their JSON compares. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
