import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/document-client.js';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { startEmbeddedDynamo } from '../../functions/adapters/dynamodb/embedded.js';
import {
  LocalScheduler,
  type LocalSchedulerOptions,
} from '../../functions/adapters/scheduler/local-scheduler.js';
import { ValidationError } from '../../functions/core/errors.js';
import type { FollowupPayload, ScheduleRequest } from '../../functions/core/model.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { MemoryLog } from '../../sim/fakes/log.js';
import { useDynalite } from '../support/dynalite.js';

const db = useDynalite();

const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const SECOND = 1_000;

function payload(interviewId: string, version = 1): FollowupPayload {
  return { kind: 'interview-ended', userId: 'u1', interviewId, version };
}

function request(name: string, atMs: number, p: FollowupPayload = payload(name)): ScheduleRequest {
  return { name, at: new Date(atMs).toISOString(), payload: p };
}

/** A promise the test resolves by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('LocalScheduler', () => {
  let tableName: string;
  let clock: VirtualClock;
  let log: MemoryLog;
  let fired: FollowupPayload[];
  const started: LocalScheduler[] = [];

  const make = (
    options: Partial<LocalSchedulerOptions> = {},
    client: DynamoDBClient = db.client,
  ): LocalScheduler => {
    const scheduler = new LocalScheduler({
      client,
      tableName,
      clock,
      log,
      fire: async (p) => {
        fired.push(p);
      },
      backoff: { baseMs: SECOND, maxMs: 10 * SECOND },
      ...options,
    });
    started.push(scheduler);
    return scheduler;
  };

  beforeEach(async () => {
    tableName = await db.freshTable();
    clock = new VirtualClock(T0);
    log = new MemoryLog();
    fired = [];
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });

  describe('runDue', () => {
    it('fires a schedule at its time, not before, and only once', async () => {
      const scheduler = make();
      await scheduler.upsert(request('s1', T0 + 60 * SECOND));
      expect(await scheduler.runDue()).toBe(0);
      clock.set(T0 + 60 * SECOND - 1);
      expect(await scheduler.runDue()).toBe(0);
      expect(fired).toEqual([]);
      clock.set(T0 + 60 * SECOND);
      expect(await scheduler.runDue()).toBe(1);
      expect(fired).toEqual([payload('s1')]);
      expect(await scheduler.runDue()).toBe(0);
      expect(await scheduler.listPending()).toEqual([]);
    });

    it('fires a time already past at once', async () => {
      const scheduler = make();
      await scheduler.upsert(request('late', T0 - 3_600 * SECOND));
      expect(await scheduler.runDue()).toBe(1);
      expect(fired).toEqual([payload('late')]);
    });

    it('fires several due schedules in one call, leaving later ones', async () => {
      const scheduler = make({ concurrency: 2 });
      for (let i = 0; i < 5; i++) await scheduler.upsert(request(`due${i}`, T0 - i * SECOND));
      await scheduler.upsert(request('later', T0 + SECOND));
      expect(await scheduler.runDue()).toBe(5);
      expect(fired.map((p) => ('interviewId' in p ? p.interviewId : '')).sort()).toEqual([
        'due0',
        'due1',
        'due2',
        'due3',
        'due4',
      ]);
      expect((await scheduler.listPending()).map((s) => s.name)).toEqual(['later']);
    });
  });

  describe('upsert and cancel', () => {
    it('replaces the time and payload of a schedule of the same name', async () => {
      const scheduler = make();
      await scheduler.upsert(request('s1', T0 + 10 * SECOND, payload('i1', 1)));
      await scheduler.upsert(request('s1', T0 + 20 * SECOND, payload('i1', 2)));
      clock.set(T0 + 10 * SECOND);
      expect(await scheduler.runDue()).toBe(0);
      clock.set(T0 + 20 * SECOND);
      expect(await scheduler.runDue()).toBe(1);
      expect(fired).toEqual([payload('i1', 2)]);
    });

    it('moves a schedule earlier', async () => {
      const scheduler = make();
      await scheduler.upsert(request('s1', T0 + 60 * SECOND));
      await scheduler.upsert(request('s1', T0 + SECOND));
      clock.set(T0 + SECOND);
      expect(await scheduler.runDue()).toBe(1);
    });

    it('keeps an identical schedule as it is (attempts are not reset)', async () => {
      let calls = 0;
      const scheduler = make({
        fire: async () => {
          calls++;
          throw new Error('mail server down');
        },
      });
      await scheduler.upsert(request('s1', T0));
      await scheduler.runDue();
      await scheduler.upsert(request('s1', T0));
      const [pending] = await scheduler.listPending();
      expect(pending?.attempts).toBe(1);
      expect(calls).toBe(1);
    });

    it('cancels a schedule and tolerates cancelling an unknown one', async () => {
      const scheduler = make();
      await scheduler.upsert(request('s1', T0));
      await scheduler.cancel('s1');
      await expect(scheduler.cancel('s1')).resolves.toBeUndefined();
      await expect(scheduler.cancel('never-was')).resolves.toBeUndefined();
      expect(await scheduler.runDue()).toBe(0);
      expect(fired).toEqual([]);
    });

    it('rejects an invalid request', async () => {
      const scheduler = make();
      await expect(scheduler.upsert(request('bad name with spaces', T0))).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(
        scheduler.upsert({ name: 's1', at: 'tomorrow', payload: payload('i1') } as ScheduleRequest),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        scheduler.upsert({ name: 's1', at: new Date(T0).toISOString(), payload: { kind: 'nope' } } as never),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(await scheduler.listPending()).toEqual([]);
    });

    it('keeps a schedule that was replaced while it fired, and fires the new one', async () => {
      const release = gate();
      const entered = gate();
      const scheduler = make({
        fire: async (p) => {
          fired.push(p);
          entered.open();
          await release.promise;
        },
      });
      await scheduler.upsert(request('s1', T0, payload('i1', 1)));
      const running = scheduler.runDue();
      await entered.promise;
      await scheduler.upsert(request('s1', T0 + 5 * SECOND, payload('i1', 2)));
      release.open();
      expect(await running).toBe(1);
      expect((await scheduler.listPending()).map((s) => s.payload)).toEqual([payload('i1', 2)]);
      clock.set(T0 + 5 * SECOND);
      expect(await scheduler.runDue()).toBe(1);
      expect(fired).toEqual([payload('i1', 1), payload('i1', 2)]);
    });
  });

  describe('failures', () => {
    it('retries with back-off and succeeds', async () => {
      let failures = 1;
      const scheduler = make({
        fire: async (p) => {
          if (failures-- > 0) throw new Error('temporarily down');
          fired.push(p);
        },
      });
      await scheduler.upsert(request('s1', T0));
      expect(await scheduler.runDue()).toBe(1);
      const [pending] = await scheduler.listPending();
      expect(pending).toMatchObject({ attempts: 1, lastError: 'Error: temporarily down' });
      expect(pending?.dueAt).toBe(new Date(T0 + SECOND).toISOString());
      expect(await scheduler.runDue()).toBe(0);
      clock.advance(SECOND);
      expect(await scheduler.runDue()).toBe(1);
      expect(fired).toEqual([payload('s1')]);
      expect(await scheduler.listPending()).toEqual([]);
    });

    it('dead-letters after the last attempt and logs it', async () => {
      const scheduler = make({
        maxAttempts: 3,
        fire: async () => {
          throw new Error('always fails');
        },
      });
      await scheduler.upsert(request('s1', T0));
      expect(await scheduler.runDue()).toBe(1);
      clock.advance(SECOND);
      expect(await scheduler.runDue()).toBe(1);
      clock.advance(SECOND);
      expect(await scheduler.runDue()).toBe(0); // back-off doubled to 2 s
      clock.advance(SECOND);
      expect(await scheduler.runDue()).toBe(1);
      expect(await scheduler.listPending()).toEqual([]);
      const dead = await scheduler.listDeadLetters();
      expect(dead).toEqual([
        {
          name: 's1',
          at: new Date(T0).toISOString(),
          payload: payload('s1'),
          attempts: 3,
          lastError: 'Error: always fails',
          deadAt: new Date(T0 + 3 * SECOND).toISOString(),
        },
      ]);
      expect(log.entries.filter((e) => e.level === 'warn')).toHaveLength(2);
      expect(log.entries.filter((e) => e.level === 'error')).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/dead-lettered/),
          extra: expect.objectContaining({ name: 's1' }),
        }),
      ]);
      clock.advance(60 * SECOND);
      expect(await scheduler.runDue()).toBe(0);
    });

    it('dead-letters an unreadable stored schedule instead of crashing the loop', async () => {
      await documentClient(db.client).send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: 'SCHEDULE',
            sk: 'corrupt',
            gsi1pk: 'SCHEDULE_DUE',
            gsi1sk: new Date(T0).toISOString(),
            name: 'corrupt',
            at: new Date(T0).toISOString(),
            payload: { kind: 'unknown' },
            attempts: 0,
            dueAt: new Date(T0).toISOString(),
            revision: 'r1',
            version: 1,
          },
        }),
      );
      const scheduler = make();
      await scheduler.upsert(request('fine', T0));
      expect(await scheduler.runDue()).toBe(1);
      expect(fired).toEqual([payload('fine')]);
      const [dead] = await scheduler.listDeadLetters();
      expect(dead).toMatchObject({
        name: 'corrupt',
        lastError: expect.stringMatching(/unreadable schedule[\s\S]*kind/),
      });
      expect(await scheduler.runDue()).toBe(0);
    });

    it('fires again after the lease when the process died mid-fire (at least once)', async () => {
      const hung = make({ leaseMs: 30 * SECOND, fire: () => new Promise<void>(() => {}) });
      await hung.upsert(request('s1', T0));
      void hung.runDue();
      await vi.waitFor(async () => expect((await hung.listPending())[0]?.attempts).toBe(1));
      started.splice(started.indexOf(hung), 1); // its fire never settles: do not wait for it
      const survivor = make({ leaseMs: 30 * SECOND });
      expect(await survivor.runDue()).toBe(0);
      clock.advance(30 * SECOND);
      expect(await survivor.runDue()).toBe(1);
      expect(fired).toEqual([payload('s1')]);
      expect(await survivor.listPending()).toEqual([]);
    });
  });

  describe('several instances and restarts', () => {
    it('fires every due schedule once when two instances run at the same time', async () => {
      const a = make();
      const b = make();
      for (let i = 0; i < 20; i++) await a.upsert(request(`s${i}`, T0 - i * SECOND));
      const [countA, countB] = await Promise.all([a.runDue(), b.runDue()]);
      expect(countA + countB).toBe(20);
      const names = fired.map((p) => ('interviewId' in p ? p.interviewId : '')).sort();
      expect(names).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`).sort());
      expect(await a.listPending()).toEqual([]);
    });

    it('a new instance on the same table picks up what the old one left', async () => {
      const before = make();
      await before.upsert(request('s1', T0 + 10 * SECOND));
      await before.stop();
      const after = make();
      clock.set(T0 + 10 * SECOND);
      expect(await after.runDue()).toBe(1);
      expect(fired).toEqual([payload('s1')]);
    });

    it('survives a restart of the embedded server with a data folder', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'afterview-scheduler-'));
      try {
        const first = await startEmbeddedDynamo({ dataDir, tableName: 'afterview-restart' });
        const scheduler = new LocalScheduler({
          client: first.client,
          tableName: first.tableName,
          clock,
          log,
          fire: async (p) => {
            fired.push(p);
          },
        });
        await scheduler.upsert(request('s1', T0 + 5 * SECOND));
        await first.close();

        const second = await startEmbeddedDynamo({ dataDir, tableName: 'afterview-restart' });
        try {
          const revived = new LocalScheduler({
            client: second.client,
            tableName: second.tableName,
            clock,
            log,
            fire: async (p) => {
              fired.push(p);
            },
          });
          clock.set(T0 + 5 * SECOND);
          expect(await revived.runDue()).toBe(1);
          expect(fired).toEqual([payload('s1')]);
        } finally {
          await second.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });

    it('shares the table with the store without getting in its way', async () => {
      const store = new DynamoStore({ client: db.client, tableName });
      const scheduler = make();
      await scheduler.upsert(request('s1', T0 + SECOND));
      await store.put('connection', {
        userId: 'u1',
        id: 'c1',
        version: 0,
        provider: 'demo',
        calendarId: 'demo',
        status: 'active',
        channelExpiresAt: new Date(T0).toISOString(),
      });
      expect((await store.listAllConnections()).map((c) => c.id)).toEqual(['c1']);
      expect(
        (await store.listConnectionsExpiringBefore(new Date(T0 + 3_600 * SECOND).toISOString())).map(
          (c) => c.id,
        ),
      ).toEqual(['c1']);
      expect((await scheduler.listPending()).map((s) => s.name)).toEqual(['s1']);
    });
  });

  describe('the loop', () => {
    it('fires a due schedule without being asked, and not before its time', async () => {
      const scheduler = make({ pollMs: 10 });
      await scheduler.upsert(request('s1', T0 + 10 * SECOND));
      scheduler.start();
      const reads = clock.reads;
      await vi.waitFor(() => expect(clock.reads).toBeGreaterThan(reads + 3)); // several ticks ran
      expect(fired).toEqual([]);
      clock.set(T0 + 10 * SECOND);
      await vi.waitFor(() => expect(fired).toEqual([payload('s1')]));
    });

    it('fires a schedule for a time already past as soon as it is upserted', async () => {
      // A long poll interval: only the upsert's kick can fire it in time.
      const scheduler = make({ pollMs: 60 * 60 * SECOND });
      scheduler.start();
      await vi.waitFor(() => expect(clock.reads).toBeGreaterThan(0));
      await scheduler.upsert(request('past', T0 - SECOND));
      await vi.waitFor(() => expect(fired).toEqual([payload('past')]));
    });

    it('keeps going after a failing tick', async () => {
      const broken = new LocalScheduler({
        client: db.client,
        tableName: 'no-such-table',
        clock,
        log,
        fire: async () => {},
        pollMs: 10,
      });
      started.push(broken);
      broken.start();
      await vi.waitFor(() =>
        expect(log.entries.filter((e) => e.message === 'scheduler tick failed').length).toBeGreaterThan(1),
      );
    });

    it('stop() waits for fires in flight', async () => {
      const release = gate();
      const entered = gate();
      let finished = false;
      const scheduler = make({
        pollMs: 10,
        fire: async () => {
          entered.open();
          await release.promise;
          finished = true;
        },
      });
      await scheduler.upsert(request('s1', T0));
      scheduler.start();
      await entered.promise;
      let stopped = false;
      const stopping = scheduler.stop().then(() => {
        stopped = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      release.open();
      await stopping;
      expect(finished).toBe(true);
      expect(await scheduler.listPending()).toEqual([]);
    });
  });
});
