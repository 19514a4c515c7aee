/**
 * No prompt is ever forgotten (invariant 11): the ledger on dynalite, the
 * tracked scheduler and the sweep. A follow-up whose firings all fail is
 * re-armed with growing pauses, then given up with exactly one operator mail.
 */
import { describe, expect, it } from 'vitest';
import { DynamoFollowupLedger } from '../../functions/adapters/dynamodb/dynamo-followup-ledger.js';
import { OVERDUE_AFTER_MS, REARM_LIMIT, rearmPauseMs } from '../../functions/contracts/rearm-policy.js';
import {
  rearmFailedFollowups,
  settleFollowup,
  sweepOverdueFollowups,
  TrackedScheduler,
} from '../../functions/core/due-followups.js';
import { scheduleName } from '../../functions/core/ids.js';
import type { FollowupPayload, ScheduleRequest } from '../../functions/core/model.js';
import type { Scheduler } from '../../functions/core/ports.js';
import { operatorAlertMail } from '../../functions/web/operator-alert-mail.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { MemoryLog } from '../../sim/fakes/log.js';
import { RecordingMailer } from '../../sim/fakes/mailer.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

/** The scheduler port as a list of what was asked of it. */
class RecordingScheduler implements Scheduler {
  readonly upserts: ScheduleRequest[] = [];
  readonly cancels: string[] = [];
  failNext = false;
  async upsert(request: ScheduleRequest): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('scheduler unavailable');
    }
    this.upserts.push(request);
  }
  async cancel(name: string): Promise<void> {
    this.cancels.push(name);
  }
}

const ended = (version: number): FollowupPayload => ({
  kind: 'interview-ended',
  userId: 'u1',
  interviewId: 'conn#evt-1',
  version,
});

async function world() {
  const ledger = new DynamoFollowupLedger({
    client: dynalite.client,
    tableName: await dynalite.freshTable(),
  });
  const clock = new VirtualClock('2026-03-04T14:00:00Z');
  const inner = new RecordingScheduler();
  const mailer = new RecordingMailer();
  const log = new MemoryLog();
  const alerts = operatorAlertMail({
    mailer,
    operatorEmail: 'ops@example.com',
    maintenanceFunction: 'Afterview-Maintenance',
  });
  const tracked = new TrackedScheduler(inner, ledger);
  const sweep = () => sweepOverdueFollowups({ ledger, scheduler: inner, alerts, clock, log });
  return { ledger, clock, inner, mailer, tracked, sweep, log };
}

describe('armed follow-ups', () => {
  it('are recorded when scheduled and found by the sweep only once overdue', async () => {
    const w = await world();
    const payload = ended(1);
    await w.tracked.upsert({ name: scheduleName(payload), at: '2026-03-04T15:00:00Z', payload });

    expect(w.inner.upserts).toHaveLength(1);
    w.clock.set(new Date(Date.parse('2026-03-04T15:00:00Z') + OVERDUE_AFTER_MS - 1000));
    expect(await w.sweep()).toEqual({ rearmed: 0, failed: 0 });
    w.clock.set(new Date(Date.parse('2026-03-04T15:00:00Z') + OVERDUE_AFTER_MS));
    expect(await w.sweep()).toEqual({ rearmed: 1, failed: 0 });
    expect(w.inner.upserts[1]).toEqual({ name: scheduleName(payload), at: '2026-03-04T15:15:00Z', payload });
  });

  it('settle when a firing finishes, and a cancelled one is forgotten', async () => {
    const w = await world();
    const first = ended(1);
    const name = scheduleName(first);
    await w.tracked.upsert({ name, at: '2026-03-04T15:00:00Z', payload: first });
    await settleFollowup(w.ledger, first);
    expect(await w.ledger.get(name)).toBeUndefined();

    await w.tracked.upsert({ name, at: '2026-03-04T15:00:00Z', payload: first });
    await w.tracked.cancel(name);
    expect(w.inner.cancels).toEqual([name]);
    expect(await w.ledger.get(name)).toBeUndefined();
  });

  it('keep a newer arming when an older firing settles', async () => {
    const w = await world();
    const name = scheduleName(ended(1));
    await w.tracked.upsert({ name, at: '2026-03-04T15:00:00Z', payload: ended(1) });
    await w.tracked.upsert({ name, at: '2026-03-04T16:00:00Z', payload: ended(2) });
    await settleFollowup(w.ledger, ended(1));

    expect(await w.ledger.get(name)).toMatchObject({
      payload: ended(2),
      at: '2026-03-04T16:00:00Z',
      rearms: 0,
    });
  });

  it('are found even when the schedule could not be created', async () => {
    const w = await world();
    const payload = ended(1);
    w.inner.failNext = true;
    await expect(
      w.tracked.upsert({ name: scheduleName(payload), at: '2026-03-04T15:00:00Z', payload }),
    ).rejects.toThrow('scheduler unavailable');

    w.clock.set('2026-03-04T16:00:00Z');
    expect(await w.sweep()).toEqual({ rearmed: 1, failed: 0 });
    expect(w.inner.upserts.map((u) => u.payload)).toEqual([payload]);
  });

  it('are re-armed with growing pauses, then given up with one operator mail', async () => {
    const w = await world();
    const payload = ended(3);
    const name = scheduleName(payload);
    await w.tracked.upsert({ name, at: '2026-03-04T14:00:00Z', payload });
    // A replan of the same payload must not reset the count.
    const replan = async () => w.tracked.upsert({ name, at: '2026-03-04T14:00:00Z', payload });

    let now = Date.parse('2026-03-04T14:00:00Z') + OVERDUE_AFTER_MS;
    for (let rearm = 1; rearm <= REARM_LIMIT; rearm++) {
      w.clock.set(new Date(now));
      expect(await w.sweep()).toEqual({ rearmed: 1, failed: 0 });
      await replan();
      expect(await w.ledger.get(name)).toMatchObject({ rearms: rearm, state: 'armed' });
      // Not checked again before its pause is over.
      w.clock.set(new Date(now + rearmPauseMs(rearm) - 1000));
      expect(await w.sweep()).toEqual({ rearmed: 0, failed: 0 });
      now += rearmPauseMs(rearm);
    }
    w.clock.set(new Date(now));
    expect(await w.sweep()).toEqual({ rearmed: 0, failed: 1 });
    w.clock.set(new Date(now + 24 * 60 * 60 * 1000));
    expect(await w.sweep()).toEqual({ rearmed: 0, failed: 0 });

    expect(w.inner.upserts).toHaveLength(1 + REARM_LIMIT + REARM_LIMIT);
    expect(w.mailer.sent).toHaveLength(1);
    const [alert] = w.mailer.sent;
    expect(alert).toMatchObject({ to: 'ops@example.com', tags: { kind: 'operator-alert' } });
    expect(alert?.subject).toContain('interview-ended follow-up keeps failing');
    expect(alert?.text).toContain(name);
    expect(alert?.text).toContain('{"rearmFailed":true}');
    expect(await w.ledger.get(name)).toMatchObject({ state: 'failed' });

    // The operator fixed the cause: the failed follow-up is armed again and fires.
    expect(await rearmFailedFollowups({ ledger: w.ledger, clock: w.clock, log: w.log })).toBe(1);
    expect(await w.sweep()).toEqual({ rearmed: 1, failed: 0 });
    await settleFollowup(w.ledger, payload);
    expect(await w.ledger.get(name)).toBeUndefined();
  });

  it('keep a given-up follow-up due until the operator mail went out', async () => {
    const w = await world();
    const payload = ended(4);
    const name = scheduleName(payload);
    await w.tracked.upsert({ name, at: '2026-03-04T14:00:00Z', payload });
    const entry = await w.ledger.get(name);
    await w.ledger.update({ ...entry!, rearms: REARM_LIMIT, checkAt: '2026-03-04T14:15:00Z' });
    let failNext = true;
    const send = w.mailer.send.bind(w.mailer);
    w.mailer.send = async (message) => {
      if (failNext) {
        failNext = false;
        throw new Error('SES throttled');
      }
      return send(message);
    };
    w.clock.set('2026-03-04T14:20:00Z');

    expect(await w.sweep()).toEqual({ rearmed: 0, failed: 0 });
    expect(await w.ledger.get(name)).toMatchObject({ state: 'armed' });
    expect(await w.sweep()).toEqual({ rearmed: 0, failed: 1 });
    expect(await w.sweep()).toEqual({ rearmed: 0, failed: 0 });
    expect(w.mailer.sent).toHaveLength(1);
    expect(await w.ledger.get(name)).toMatchObject({ state: 'failed' });
  });

  it('escape what they quote in the operator mail', async () => {
    const w = await world();
    const payload: FollowupPayload = { kind: 'prep', userId: 'u<b>1', interviewId: 'x', version: 1 };
    await w.tracked.upsert({ name: scheduleName(payload), at: '2026-03-04T14:00:00Z', payload });
    let now = Date.parse('2026-03-04T14:00:00Z') + OVERDUE_AFTER_MS;
    for (let rearm = 0; rearm <= REARM_LIMIT; rearm++) {
      w.clock.set(new Date(now));
      await w.sweep();
      now += rearmPauseMs(rearm + 1);
    }
    expect(w.mailer.sent).toHaveLength(1);
    expect(w.mailer.sent[0]?.html).toContain('u&lt;b&gt;1');
    expect(w.mailer.sent[0]?.html).not.toContain('u<b>1');
  });
});
