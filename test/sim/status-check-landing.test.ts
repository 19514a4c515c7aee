/**
 * Found by the simulation (seed 42, 200 users, a week): when the later
 * interview that had postponed a status check is cancelled after the
 * original due time, the recomputed due time lies in the past and the check
 * fired at once, at 02:54 on a Sunday in New York. A status check never
 * lands at night: it now lands on the next weekday morning, and stays there.
 */

import { describe, expect, it } from 'vitest';
import {
  type Application,
  defaultSettings,
  type Interview,
  type ScheduleRequest,
} from '../../functions/core/model.js';
import { planStatusCheck } from '../../functions/core/planning.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { MemoryStore } from '../../sim/fakes/memory-store.js';

const userId = 'u-1';
const settings = defaultSettings(
  { userId, email: 'user@mail.example', timeZone: 'America/New_York', createdAt: '2026-10-01T00:00:00Z' },
  { version: 1 },
);

function interview(id: string, start: string, end: string, state: Interview['state']): Interview {
  return {
    userId,
    id,
    version: 0,
    connectionId: 'google-c',
    eventId: id,
    state,
    title: 'Stark Fintech - Recruiter call',
    description: '',
    start,
    end,
    applicationId: 'stark-fintech',
    interviewers: [],
    detection: { interview: true, score: 0.9, reasons: [] },
    firstSeenAt: '2026-10-19T00:00:00Z',
    thankYouWaived: false,
    notes: {},
  };
}

async function setUp(now: string) {
  const store = new MemoryStore();
  const clock = new VirtualClock(new Date(now));
  const upserts: ScheduleRequest[] = [];
  const scheduler = { upsert: async (r: ScheduleRequest) => void upserts.push(r), cancel: async () => {} };
  const app: Application = {
    userId,
    id: 'stark-fintech',
    version: 0,
    company: 'Stark Fintech',
    status: 'active',
    statusCheckWaived: false,
  };
  await store.put('application', app);
  // The screen ended on Friday 16 Oct; the technical round of 26 Oct was cancelled.
  await store.put(
    'interview',
    interview('screen', '2026-10-16T18:00:00Z', '2026-10-16T18:30:00Z', 'scheduled'),
  );
  await store.put(
    'interview',
    interview('technical', '2026-10-26T15:30:00Z', '2026-10-26T16:30:00Z', 'cancelled'),
  );
  return { deps: { store, scheduler, clock }, upserts, clock };
}

describe('status check whose due time passed while it was postponed', () => {
  it('lands on the next weekday morning, not at once in the night', async () => {
    const { deps, upserts } = await setUp('2026-10-25T06:54:09Z'); // Sunday 02:54 in New York
    const app = await planStatusCheck(deps, userId, 'stark-fintech', settings);
    expect(app?.statusCheckAt).toBe('2026-10-26T13:00:00Z'); // Monday 09:00 EDT
    expect(upserts.at(-1)?.at).toBe('2026-10-26T13:00:00Z');
  });

  it('keeps that landing when replanned later, so one check is sent, not one per replan', async () => {
    const { deps, upserts, clock } = await setUp('2026-10-25T06:54:09Z');
    await planStatusCheck(deps, userId, 'stark-fintech', settings);
    clock.advanceTo(Date.parse('2026-10-27T20:00:00Z'));
    const app = await planStatusCheck(deps, userId, 'stark-fintech', settings);
    expect(app?.statusCheckAt).toBe('2026-10-26T13:00:00Z');
    expect(new Set(upserts.map((u) => u.at))).toEqual(new Set(['2026-10-26T13:00:00Z']));
  });

  it('leaves a due time still ahead as it is', async () => {
    const { deps } = await setUp('2026-10-20T12:00:00Z');
    const app = await planStatusCheck(deps, userId, 'stark-fintech', settings);
    expect(app?.statusCheckAt).toBe('2026-10-23T13:00:00Z'); // Friday 09:00 EDT, 5 business days after
  });

  it('drops a landing that a since-cancelled later round had postponed (found by the simulation, seed 7)', async () => {
    // Planned while a later round postponed the check to 19 Nov; that round is gone and the
    // check's own due time (after the 16 Oct screen) has long passed.
    const { deps, upserts, clock } = await setUp('2026-11-11T16:53:00Z');
    const stored = await deps.store.get('application', userId, 'stark-fintech');
    if (!stored) throw new Error('no application');
    await deps.store.put('application', { ...stored, statusCheckAt: '2026-11-19T14:00:00Z' });
    clock.advanceTo(Date.parse('2026-11-11T16:53:00Z'));
    const app = await planStatusCheck(deps, userId, 'stark-fintech', settings);
    expect(app?.statusCheckAt).toBe('2026-11-11T16:53:00Z'); // daytime in New York: at once
    expect(upserts.at(-1)?.at).toBe(app?.statusCheckAt);
  });
});
