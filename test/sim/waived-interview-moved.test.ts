/**
 * Found by the simulation's workload: an interview first seen long after it
 * ended is recorded with its thank-you waived (first-sight policy). When the
 * same event is later moved into the future, it is a new occasion and must
 * be thanked after it ends; the waiver must not stick to it.
 */

import { describe, expect, it } from 'vitest';
import { mapGoogleEvent } from '../../functions/adapters/calendar/google/google-mapper.js';
import { applyChange } from '../../functions/core/apply-change.js';
import { type Connection, defaultSettings, type ScheduleRequest } from '../../functions/core/model.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { MemoryStore } from '../../sim/fakes/memory-store.js';

const owner = { email: 'me@mail.example', timeZone: 'America/New_York' };
const settings = defaultSettings(
  { userId: 'u-1', email: owner.email, timeZone: owner.timeZone, createdAt: '2026-10-01T00:00:00Z' },
  { version: 1 },
);
const connection: Connection = {
  userId: 'u-1',
  id: 'google-c',
  version: 1,
  provider: 'google',
  calendarId: 'primary',
  status: 'active',
};

function event(start: string, end: string) {
  return mapGoogleEvent(
    {
      id: 'ev1',
      status: 'confirmed',
      summary: 'Interview with Acme Labs - Data Analyst',
      description: 'Thanks for your interest in the Data Analyst role at Acme Labs.',
      start: { dateTime: start },
      end: { dateTime: end },
      organizer: { email: 'recruiter@acmelabs.example', displayName: 'Ruth Jensen' },
      attendees: [
        { email: 'recruiter@acmelabs.example', organizer: true, responseStatus: 'accepted' },
        { email: owner.email, self: true, responseStatus: 'accepted' },
      ],
    },
    owner,
  );
}

describe('an interview first seen long over, then moved into the future', () => {
  it('gets its thank-you scheduled for the new end', async () => {
    const store = new MemoryStore();
    const upserts: ScheduleRequest[] = [];
    const deps = {
      store,
      scheduler: { upsert: async (r: ScheduleRequest) => void upserts.push(r), cancel: async () => {} },
      clock: new VirtualClock(new Date('2026-10-19T00:00:00Z')),
      log: { debug() {}, info() {}, warn() {}, error() {} },
    };
    const ctx = { connection, settings };
    // Ended three days before the user connected: recorded, not thanked.
    await applyChange(deps, ctx, event('2026-10-16T17:00:00Z', '2026-10-16T17:30:00Z'));
    const [first] = await store.list('interview', 'u-1');
    expect(first?.thankYouWaived).toBe(true);
    expect(upserts.filter((u) => u.payload.kind === 'interview-ended')).toEqual([]);
    // The organiser moves the same event to next Monday.
    await applyChange(deps, ctx, event('2026-10-19T17:00:00Z', '2026-10-19T17:30:00Z'));
    const [moved] = await store.list('interview', 'u-1');
    expect(moved?.thankYouWaived).toBe(false);
    expect(upserts.filter((u) => u.payload.kind === 'interview-ended').map((u) => u.at)).toEqual([
      '2026-10-19T17:30:00Z',
    ]);
  });
});
