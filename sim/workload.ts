/**
 * The seeded workload: for each simulated user, a calendar as it stands when
 * they connect, every later change with its instant, the user's own actions
 * (dismiss, heard back), and the ground truth of which events are interviews
 * and how each one ended. The checker counts expected prompts from this
 * truth, never from the detector.
 */
import { DateTime } from 'luxon';
import { connectionIdFor, userIdFor } from '../functions/core/ids.js';
import { Random } from './random.js';
import {
  type Company,
  company,
  interviewDescription,
  interviewTitle,
  ORDINARY_TITLES,
  type PersonSpec,
  person,
  RECURRING_TITLES,
  ROLES,
  type Stage,
} from './workload-text.js';

/** A Google Calendar API event resource, as the in-process provider stores it. */
export type RawEvent = Record<string, unknown> & { id: string };

export interface Mutation {
  at: number;
  user: number;
  /** `put` creates or replaces the event; `remove` cancels it (Google keeps a cancelled stub). */
  op: 'put' | 'remove';
  eventId: string;
  event?: RawEvent;
}

export type TruthState = 'scheduled' | 'cancelled' | 'declined' | 'dismissed';

/** What really happened to one interview event. */
export interface TruthInterview {
  user: number;
  eventId: string;
  company: string;
  stage: Stage;
  /** Final start and end (after any reschedule), ms. */
  start: number;
  end: number;
  state: TruthState;
  /** When the state changed from scheduled (cancel, decline, dismiss), ms. */
  stateAt?: number;
  /** Members of one on-site loop share it. */
  loopId?: string;
  /** When it was last moved to another time, ms. */
  movedAt?: number;
  /** When the invitation appeared on the calendar, ms. */
  createdAt: number;
  /** The event as it finally stands (for the detector check). */
  final: RawEvent;
  /** Everyone interviewing, invited or named only in the description: the thank-you names them all. */
  interviewers: string[];
  /** The recruiter who organised it (a thank-you may name them too). */
  recruiter: string;
}

export type UserAction =
  | { at: number; user: number; kind: 'dismiss'; eventId: string }
  | { at: number; user: number; kind: 'heard-back'; eventId: string; outcome: 'rejected' | 'offer' };

export interface SimUser {
  index: number;
  email: string;
  userId: string;
  connectionId: string;
  timeZone: string;
  prepEnabled: boolean;
  /** The calendar when the user connects (the start of the run). */
  initial: RawEvent[];
}

export interface Workload {
  start: number;
  end: number;
  users: SimUser[];
  /** Every calendar change after the start, in time order. */
  mutations: Mutation[];
  actions: UserAction[];
  interviews: TruthInterview[];
}

export interface WorkloadOptions {
  users: number;
  days: number;
  seed: number;
  /** Start instant; defaults to a Monday two weeks before the EU and US DST changes. */
  start?: Date;
}

/** Oct 19 2026: the run crosses the EU (Oct 25) and US (Nov 1) DST changes. */
export const DEFAULT_START = new Date('2026-10-19T00:00:00Z');

const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Changes to an interview happen at least this long before it starts. */
const CHANGE_LEAD_MS = 3 * HOUR;

export function generateWorkload(options: WorkloadOptions): Workload {
  const start = (options.start ?? DEFAULT_START).getTime();
  const end = start + options.days * DAY;
  const root = new Random(options.seed);
  const workload: Workload = { start, end, users: [], mutations: [], actions: [], interviews: [] };
  for (let index = 0; index < options.users; index++) {
    new UserBuilder(workload, index, root.fork(index + 1)).build();
  }
  workload.mutations.sort((a, b) => a.at - b.at || a.user - b.user);
  workload.actions.sort((a, b) => a.at - b.at || a.user - b.user);
  return workload;
}

interface Draft {
  raw: RawEvent;
  createdAt: number;
}

class UserBuilder {
  private readonly user: SimUser;
  private readonly drafts: Draft[] = [];
  private serial = 0;

  constructor(
    private readonly workload: Workload,
    private readonly index: number,
    private readonly random: Random,
  ) {
    const email = `user${index}@mail.example`;
    this.user = {
      index,
      email,
      userId: userIdFor(email),
      connectionId: connectionIdFor('google', `primary:${email}`),
      timeZone: random.pick(ZONES),
      prepEnabled: !random.chance(0.1),
      initial: [],
    };
  }

  build(): void {
    this.recurring();
    this.ordinary();
    const processes = this.random.chance(0.15) ? 0 : this.random.int(1, 4);
    const used = new Set<string>();
    for (let p = 0; p < processes; p++) {
      const c = company(this.random);
      if (used.has(c.name)) continue;
      used.add(c.name);
      this.process(c, p);
    }
    this.workload.users.push(this.user);
  }

  private get zone(): string {
    return this.user.timeZone;
  }

  /** Local date-time `day` days after the start, at hh:mm, moved off weekends. */
  private localAt(day: number, hour: number, minute: number): DateTime {
    let dt = DateTime.fromMillis(this.workload.start, { zone: this.zone })
      .startOf('day')
      .plus({ days: day })
      .set({ hour, minute });
    while (dt.weekday > 5) dt = dt.plus({ days: 1 });
    return dt;
  }

  private nextId(kind: string): string {
    this.serial += 1;
    return `${kind}${this.index}x${this.serial}`;
  }

  private raw(id: string, fields: Partial<RawEvent>, startMs: number, endMs: number): RawEvent {
    return {
      id,
      iCalUID: `${id}@google.com`,
      status: 'confirmed',
      start: { dateTime: iso(startMs, this.zone), timeZone: this.zone },
      end: { dateTime: iso(endMs, this.zone), timeZone: this.zone },
      ...fields,
    };
  }

  /** Adds an event: in the initial calendar if it existed at the start, else as a mutation. */
  private add(raw: RawEvent, createdAt: number): void {
    if (createdAt <= this.workload.start) this.user.initial.push(raw);
    else
      this.workload.mutations.push({
        at: createdAt,
        user: this.index,
        op: 'put',
        eventId: raw.id,
        event: raw,
      });
    this.drafts.push({ raw, createdAt });
  }

  /** A later version of an event; one from before the start is already in the initial calendar. */
  private change(at: number, raw: RawEvent): void {
    if (at <= this.workload.start) {
      this.user.initial = this.user.initial.map((event) => (event.id === raw.id ? raw : event));
      return;
    }
    this.workload.mutations.push({ at, user: this.index, op: 'put', eventId: raw.id, event: raw });
  }

  private remove(at: number, eventId: string): void {
    if (at <= this.workload.start) {
      this.user.initial = this.user.initial.filter((event) => event.id !== eventId);
      return;
    }
    this.workload.mutations.push({ at, user: this.index, op: 'remove', eventId });
  }

  /** A weekly series, expanded into instances as Google does with singleEvents. */
  private recurring(): void {
    if (!this.random.chance(0.6)) return;
    const title = this.random.pick(RECURRING_TITLES);
    const baseId = this.nextId('rec');
    const weekday = this.random.int(0, 4);
    const hour = this.random.int(8, 17);
    const days = (this.workload.end - this.workload.start) / DAY;
    for (let week = -5; week * 7 < days + 180; week++) {
      const local = this.localAt(week * 7 + weekday, hour, 0);
      const startMs = local.toMillis();
      const id = `${baseId}_${DateTime.fromMillis(startMs, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
      const raw = this.raw(
        id,
        { summary: title, recurringEventId: baseId, organizer: { email: this.user.email, self: true } },
        startMs,
        startMs + HOUR,
      );
      this.add(raw, this.workload.start - 60 * DAY);
      // Now and then one instance moves (an exception): DST shifts the others' UTC time by itself.
      if (startMs > this.workload.start + DAY && startMs < this.workload.end && this.random.chance(0.05)) {
        this.change(startMs - DAY, {
          ...raw,
          start: { dateTime: iso(startMs + HOUR, this.zone), timeZone: this.zone },
          end: { dateTime: iso(startMs + 2 * HOUR, this.zone), timeZone: this.zone },
        });
      }
    }
  }

  private ordinary(): void {
    const days = (this.workload.end - this.workload.start) / DAY;
    for (let day = -30; day < days + 14; day++) {
      if (!this.random.chance(0.45)) continue;
      const local = this.localAt(day, this.random.int(8, 19), this.random.pick([0, 15, 30, 45]));
      const startMs = local.toMillis();
      const friend = person(this.random, 'friends.example');
      const raw = this.raw(
        this.nextId('evt'),
        {
          summary: this.random.pick(ORDINARY_TITLES),
          description: 'See you there.',
          organizer: { email: this.user.email, self: true },
          attendees: [
            { email: this.user.email, self: true, responseStatus: 'accepted', organizer: true },
            { email: friend.email, displayName: friend.name, responseStatus: 'needsAction' },
          ],
        },
        startMs,
        startMs + this.random.pick([30, 60, 90]) * MIN,
      );
      const createdAt = startMs - this.random.int(1, 10) * DAY;
      this.add(raw, createdAt);
      if (createdAt > this.workload.start && this.random.chance(0.15)) {
        const when = createdAt + (startMs - createdAt) / 2;
        if (this.random.chance(0.5)) this.remove(when, raw.id);
        else this.change(when, { ...raw, description: 'Moved to the other café.' });
      }
    }
  }

  /** One hiring process: a screen, maybe a technical round, an on-site loop and a final. */
  private process(c: Company, p: number): void {
    const role = this.random.pick(ROLES);
    const recruiter = person(this.random, c.domain);
    const plan: Array<{ stage: Stage; day: number }> = [
      { stage: 'screen', day: this.random.int(-4, this.daysLong() - 1) },
    ];
    const after = (stage: Stage, min: number, max: number) => {
      plan.push({ stage, day: plan.at(-1)!.day + this.random.int(min, max) });
    };
    if (this.random.chance(0.7)) {
      after('technical', 4, 9);
      if (this.random.chance(0.5)) {
        after('loop', 5, 10);
        if (this.random.chance(0.35)) after('final', 4, 8);
      }
    }
    let lastEnd = 0;
    let lastEventId = '';
    const changes: Array<{ loopEvents: TruthInterview[]; createdAt: number }> = [];
    const rounds: TruthInterview[][] = [];
    for (const step of plan) {
      const members = step.stage === 'loop' ? this.random.int(3, 4) : 1;
      const loopId = step.stage === 'loop' ? `loop-${this.index}-${p}` : undefined;
      let at = this.localAt(step.day, this.random.int(9, 14), this.random.pick([0, 30])).toMillis();
      const late = this.random.chance(0.05);
      const createdAt = late ? at - this.random.int(20, 50) * MIN : at - this.random.int(2, 8) * DAY;
      const loopEvents: TruthInterview[] = [];
      for (let m = 0; m < members; m++) {
        const minutes = step.stage === 'screen' ? 30 : step.stage === 'loop' ? 45 : 60;
        const truth = this.interview(
          c,
          role,
          recruiter,
          step.stage,
          m,
          at,
          at + minutes * MIN,
          createdAt,
          loopId,
        );
        loopEvents.push(truth);
        at = truth.end + this.random.pick([0, 15, 15, 60]) * MIN;
      }
      rounds.push(loopEvents);
      if (!late) changes.push({ loopEvents, createdAt });
    }
    // Changes once every round exists, so that a moved round keeps clear of the others.
    for (const { loopEvents, createdAt } of changes) this.changeInterviews(loopEvents, createdAt);
    for (const loopEvents of rounds) {
      for (const truth of loopEvents) {
        if (truth.state === 'scheduled') {
          lastEnd = Math.max(lastEnd, truth.end);
          lastEventId = truth.eventId;
        }
      }
    }
    if (lastEventId && this.random.chance(0.25)) {
      const at = DateTime.fromMillis(lastEnd, { zone: this.zone })
        .plus({ days: this.random.int(1, 4) })
        .set({ hour: 10, minute: 0 });
      const outcome = this.random.chance(0.8) ? 'rejected' : 'offer';
      this.workload.actions.push({
        at: at.toMillis(),
        user: this.index,
        kind: 'heard-back',
        eventId: lastEventId,
        outcome,
      });
    }
  }

  private daysLong(): number {
    return Math.round((this.workload.end - this.workload.start) / DAY);
  }

  private interview(
    c: Company,
    role: string,
    recruiter: PersonSpec,
    stage: Stage,
    member: number,
    startMs: number,
    endMs: number,
    createdAt: number,
    loopId: string | undefined,
  ): TruthInterview {
    const interviewers = [person(this.random, c.domain)];
    if (stage !== 'screen' && this.random.chance(0.4)) interviewers.push(person(this.random, c.domain));
    // Some interviewers are named only in the description: the ask-for-address task covers them.
    const invited = interviewers.filter(() => !this.random.chance(0.2));
    const owner = this.user.email.split('@')[0]!;
    const raw = this.raw(
      this.nextId('int'),
      {
        summary: interviewTitle(this.random, stage, c.name, role, member),
        description: interviewDescription(this.random, c, role, owner, interviewers, recruiter),
        location: 'Video call',
        hangoutLink: `https://meet.google.com/abc-${this.index}-${this.serial}`,
        organizer: { email: recruiter.email, displayName: recruiter.name },
        attendees: [
          {
            email: recruiter.email,
            displayName: recruiter.name,
            organizer: true,
            responseStatus: 'accepted',
          },
          {
            email: this.user.email,
            self: true,
            responseStatus: this.random.chance(0.5) ? 'accepted' : 'needsAction',
          },
          ...invited.map((p) => ({ email: p.email, displayName: p.name, responseStatus: 'accepted' })),
        ],
      },
      startMs,
      endMs,
    );
    this.add(raw, createdAt);
    const truth: TruthInterview = {
      user: this.index,
      eventId: raw.id,
      company: c.name,
      stage,
      start: startMs,
      end: endMs,
      state: 'scheduled',
      loopId,
      createdAt,
      final: raw,
      interviewers: interviewers.map((p) => p.name),
      recruiter: recruiter.name,
    };
    this.workload.interviews.push(truth);
    return truth;
  }

  /** Reschedules, cancellations, declines, dismissals and harmless edits, all before the start. */
  private changeInterviews(events: TruthInterview[], createdAt: number): void {
    const first = events[0]!;
    const latest = first.start - CHANGE_LEAD_MS;
    if (latest <= createdAt + HOUR) return;
    const when = () => createdAt + HOUR + this.random.next() * (latest - createdAt - HOUR);
    const roll = this.random.next();
    if (roll < 0.06) {
      // Cancelled: a whole loop at once (a burst of notifications) or one interview.
      const at = when();
      const cancelled = events.length > 1 && this.random.chance(0.5) ? events.slice(-1) : events;
      for (const truth of cancelled) this.end(truth, 'cancelled', at, () => this.remove(at, truth.eventId));
    } else if (roll < 0.09 && events.length === 1) {
      const at = when();
      first.final = withOwnerResponse(first.final, this.user.email, 'declined');
      this.end(first, 'declined', at, () => this.change(at, first.final));
    } else if (roll < 0.19 && events.length === 1) {
      const at = when();
      const shift = this.random.int(1, 3) * DAY;
      const moved = withTimes(first.final, first.start + shift, first.end + shift, this.zone);
      if (isWeekend(first.start + shift, this.zone)) return;
      // Not onto the day of another round with the same company: that would make it one loop.
      const clash = this.workload.interviews.some(
        (t) =>
          t.user === this.index &&
          t.company === first.company &&
          t !== first &&
          Math.abs(t.start - (first.start + shift)) < 2 * DAY,
      );
      if (clash) return;
      this.change(at, moved);
      first.start += shift;
      first.end += shift;
      first.final = moved;
      first.movedAt = at;
    } else if (roll < 0.22 && events.length === 1) {
      const at = first.start - 30 * MIN;
      // Dismissing takes a prompt's link: nobody dismisses before connecting.
      if (at <= this.workload.start) return;
      first.state = 'dismissed';
      first.stateAt = at;
      this.workload.actions.push({ at, user: this.index, kind: 'dismiss', eventId: first.eventId });
    } else if (roll < 0.4) {
      // Accepting the invitation: an edit that changes nothing that matters.
      const at = when();
      for (const truth of events) {
        truth.final = withOwnerResponse(truth.final, this.user.email, 'accepted');
        this.change(at, truth.final);
      }
    }
  }

  private end(truth: TruthInterview, state: TruthState, at: number, record: () => void): void {
    truth.state = state;
    truth.stateAt = at;
    record();
  }
}

function iso(ms: number, zone: string): string {
  return (
    DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(ms).toISOString()
  );
}

function isWeekend(ms: number, zone: string): boolean {
  return DateTime.fromMillis(ms, { zone }).weekday > 5;
}

function withTimes(raw: RawEvent, startMs: number, endMs: number, zone: string): RawEvent {
  return {
    ...raw,
    start: { dateTime: iso(startMs, zone), timeZone: zone },
    end: { dateTime: iso(endMs, zone), timeZone: zone },
  };
}

function withOwnerResponse(raw: RawEvent, email: string, response: string): RawEvent {
  const attendees = (raw.attendees as Array<Record<string, unknown>>).map((a) =>
    a.email === email ? { ...a, responseStatus: response } : a,
  );
  return { ...raw, attendees };
}
