/**
 * Throughput: how many raw provider events per second the Google mapper
 * normalises and the detector classifies, and how long the first full sync
 * of a 5,000-event calendar takes through the real sync use case (in-memory
 * store, in-process calendar service with Google's 250-event pages).
 */

import { mapGoogleEvent } from '../functions/adapters/calendar/google/google-mapper.js';
import { HmacLinkSigner } from '../functions/adapters/links/hmac-signer.js';
import { detectInterview } from '../functions/core/detection/detection.js';
import { type CalendarEvent, type Connection, defaultSettings } from '../functions/core/model.js';
import type { Deps } from '../functions/core/ports.js';
import { syncConnection } from '../functions/core/sync.js';
import { VirtualClock } from '../sim/fakes/clock.js';
import { MemoryStore } from '../sim/fakes/memory-store.js';
import { FaultPlan } from '../sim/faults.js';
import { SimCalendarService } from '../sim/sim-calendar.js';
import { generateWorkload, type RawEvent } from '../sim/workload.js';

export interface Throughput {
  classify: { events: number; seconds: number; perSecond: number; interviews: number };
  firstSync: { events: number; seconds: number; providerCalls: number; interviewsStored: number };
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Events from the simulation's generator: a realistic mix of meetings and interviews. */
function sampleEvents(count: number): Array<{ raw: RawEvent; owner: { email: string; timeZone: string } }> {
  const workload = generateWorkload({ users: Math.ceil(count / 40), days: 30, seed: 11 });
  const events: Array<{ raw: RawEvent; owner: { email: string; timeZone: string } }> = [];
  for (const user of workload.users) {
    const owner = { email: user.email, timeZone: user.timeZone };
    for (const raw of user.initial) events.push({ raw, owner });
  }
  for (const m of workload.mutations) {
    const user = workload.users[m.user]!;
    if (m.event) events.push({ raw: m.event, owner: { email: user.email, timeZone: user.timeZone } });
  }
  const out = events.slice(0, count);
  while (out.length < count) out.push(...events.slice(0, count - out.length));
  return out;
}

function classify(count: number): Throughput['classify'] {
  const events = sampleEvents(count);
  const rules = { always: [], never: [] };
  let interviews = 0;
  const began = performance.now();
  for (const { raw, owner } of events) {
    const event = mapGoogleEvent(raw, owner);
    if (!('removed' in event) && detectInterview(event as CalendarEvent, owner, rules).interview)
      interviews += 1;
  }
  const seconds = (performance.now() - began) / 1000;
  return { events: count, seconds: round(seconds), perSecond: Math.round(count / seconds), interviews };
}

async function firstSync(count: number): Promise<Throughput['firstSync']> {
  const start = new Date('2026-10-19T00:00:00Z');
  const clock = new VirtualClock(start);
  const faults = new FaultPlan(0, 1);
  const calendar = new SimCalendarService({ clock, faults, pageSize: 250 });
  const store = new MemoryStore();
  const owner = { email: 'busy@mail.example', timeZone: 'Europe/Berlin' };
  // One busy calendar: the sample's events re-homed to one owner, spread over the sync window.
  const raws = sampleEvents(count).map(({ raw }, i) => {
    const at = start.getTime() + ((i % 200) - 25) * 24 * 3_600_000 + (i % 9) * 3_600_000;
    const dt = (ms: number) => ({ dateTime: new Date(ms).toISOString(), timeZone: 'Europe/Berlin' });
    const attendees = (raw.attendees as Array<Record<string, unknown>> | undefined)?.map((a) =>
      a.self ? { ...a, email: owner.email } : a,
    );
    return {
      ...raw,
      id: `big${i}`,
      start: dt(at),
      end: dt(at + 45 * 60_000),
      ...(attendees ? { attendees } : {}),
    };
  });
  const connection: Connection = {
    userId: 'u-busy',
    id: 'google-busy',
    version: 0,
    provider: 'google',
    calendarId: 'primary',
    status: 'active',
  };
  calendar.addCalendar(connection.id, owner, raws);
  const settings = defaultSettings({
    userId: 'u-busy',
    email: owner.email,
    timeZone: owner.timeZone,
    createdAt: start.toISOString(),
  });
  await store.put('settings', settings);
  await store.put('connection', connection);
  const deps: Deps = {
    store,
    scheduler: { upsert: async () => {}, cancel: async () => {} },
    mailer: { send: async () => ({ messageId: 'x' }) },
    renderer: { render: () => ({ subject: '', html: '', text: '' }) },
    clock,
    ids: { next: () => 'id' },
    links: new HmacLinkSigner('bench-link-signing-secret-0123456789abcdef'),
    baseUrl: 'https://afterview.example',
    log: quiet,
  };
  const began = performance.now();
  const report = await syncConnection(
    { ...deps, calendars: () => calendar.provider() },
    'u-busy',
    'google-busy',
  );
  const seconds = (performance.now() - began) / 1000;
  return {
    events: report.changes,
    seconds: round(seconds),
    providerCalls: calendar.calls.list,
    interviewsStored: (await store.list('interview', 'u-busy')).length,
  };
}

export async function measureThroughput(): Promise<Throughput> {
  return { classify: classify(20_000), firstSync: await firstSync(5_000) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
