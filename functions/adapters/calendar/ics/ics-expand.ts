/**
 * Lists the occurrences of a feed's VEVENTs that overlap a window, expanding
 * recurring series (RRULE, RDATE, EXDATE) with ical.js. Overrides
 * (RECURRENCE-ID) replace the instance they name, wherever they moved it.
 *
 * Everything here is bounded: a series' walk starts near the window (not at
 * its first instance in 1990), is charged in steps and time per series and
 * per feed (`expansion-budget.ts`), and one series that fails costs that
 * series only. A series that repeats more often than daily is no interview
 * and is not expanded at all.
 */
import ICAL from 'ical.js';
import { ExpansionBudget, ExpansionLimitError, withinBudget } from './expansion-budget.js';
import { instanceKey, type Occurrence } from './ics-mapper.js';
import { MAX_EVENT_SECONDS } from './ics-read.js';
import { resolveTime, tzidOf, type ZoneContext } from './ics-time.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalRecur = InstanceType<typeof ICAL.Recur>;

/** More than any UTC offset (±14 h) plus a DST shift. */
const SLACK_MS = 2 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Instances of one series closer than this are not a daily (or rarer) meeting. */
const SUB_DAILY_GAP_MS = 12 * 60 * 60 * 1000;
const SUB_DAILY_FREQUENCIES = new Set(['SECONDLY', 'MINUTELY', 'HOURLY']);

export interface ExpandLimits {
  /** ical.js iterator steps for one series, counted from near the window. */
  stepsPerSeries: number;
  /** ...and for all series of the feed together. */
  stepsTotal: number;
  msPerSeries: number;
  /** Time for the whole feed; events after it are left out and reported. */
  msTotal: number;
  /** Occurrences kept; past it, those nearest `now` are kept. */
  occurrences: number;
}

/** ical.js takes up to ~50 µs a step on a rule that filters most days out. */
export const DEFAULT_EXPAND_LIMITS: ExpandLimits = {
  stepsPerSeries: 10_000,
  stepsTotal: 300_000,
  msPerSeries: 1_000,
  msTotal: 20_000,
  occurrences: 50_000,
};

export interface ExpandOptions {
  windowStart: Date;
  windowEnd: Date;
  /** What "nearest" means when the occurrence limit is reached. */
  now: Date;
  zones: ZoneContext;
  limits: ExpandLimits;
  /** One component (UID) or the whole listing lost something, and why. */
  onSkip: (reason: string, extra: { uid?: string; [key: string]: unknown }) => void;
}

/** Every occurrence overlapping the window; series instances in time order. */
export function expandOccurrences(vevents: IcalComponent[], options: ExpandOptions): Occurrence[] {
  const { limits } = options;
  const feed = new ExpansionBudget(limits.stepsTotal, performance.now() + limits.msTotal);
  const { masters, overrides } = groupByUid(vevents, options);
  // Slots keep feed order; single events go first so that a feed's time
  // limit can only ever cost recurring series, never a plain event.
  const slots: Occurrence[][] = masters.map(() => []);
  const push = (slot: Occurrence[], occurrence: Occurrence) => {
    if (overlaps(occurrence, options)) slot.push(occurrence);
  };
  const events = masters.map((component) => ({
    component,
    uid: bounded(String(component.getFirstPropertyValue('uid'))),
  }));
  const recurring: number[] = [];
  for (const [index, { component, uid }] of events.entries()) {
    try {
      const event = new ICAL.Event(component);
      if (event.isRecurring()) recurring.push(index);
      else push(slots[index]!, single(event));
    } catch (error) {
      options.onSkip('event skipped', { uid, error: message(error) });
    }
  }
  for (const [done, index] of recurring.entries()) {
    const { component, uid } = events[index]!;
    try {
      feed.checkTime();
    } catch {
      options.onSkip('feed time limit reached; later recurring events left out', {
        events: recurring.length - done,
      });
      break;
    }
    try {
      const event = new ICAL.Event(component);
      const replaced = overrides.get(event.uid);
      for (const occurrence of series(event, uid, feed, options)) {
        if (!replaced?.has(occurrence.series!.instanceKey)) push(slots[index]!, occurrence);
      }
    } catch (error) {
      options.onSkip('event skipped', { uid, error: message(error) });
    }
  }
  const result = slots.flat();
  // Overrides carry their own (possibly moved) times; orphans stand alone.
  for (const [uid, byKey] of overrides) {
    for (const [key, component] of byKey) {
      try {
        push(result, { ...single(new ICAL.Event(component)), series: { uid, instanceKey: key } });
      } catch (error) {
        options.onSkip('event skipped', { uid: bounded(uid), error: message(error) });
      }
    }
  }
  return nearest(result, options);
}

function groupByUid(vevents: IcalComponent[], options: ExpandOptions) {
  const masters: IcalComponent[] = [];
  const overrides = new Map<string, Map<string, IcalComponent>>();
  for (const component of vevents) {
    const uid = component.getFirstPropertyValue('uid');
    const start = component.getFirstPropertyValue('dtstart');
    if (typeof uid !== 'string' || uid.trim() === '' || !start) {
      options.onSkip('event skipped', {
        ...(typeof uid === 'string' && uid ? { uid: bounded(uid) } : {}),
        error: 'VEVENT without UID or DTSTART',
      });
      continue;
    }
    const recurrenceId = component.getFirstPropertyValue('recurrence-id') as IcalTime | null;
    if (!recurrenceId) {
      masters.push(component);
      continue;
    }
    try {
      const byKey = overrides.get(uid) ?? new Map<string, IcalComponent>();
      byKey.set(instanceKey(recurrenceId, options.zones, tzidOf(component, 'recurrence-id')), component);
      overrides.set(uid, byKey);
    } catch (error) {
      options.onSkip('event skipped', { uid: bounded(uid), error: message(error) });
    }
  }
  return { masters, overrides };
}

/** The instances of one series in the window, or none when it cannot be an interview or read in bounds. */
function series(event: IcalEvent, uid: string, feed: ExpansionBudget, options: ExpandOptions): Occurrence[] {
  const rules = event.component.getAllProperties('rrule').map((p) => p.getFirstValue() as IcalRecur);
  if (rules.some(subDailyRule)) {
    options.onSkip('recurring event repeats more often than daily; not an interview', { uid });
    return [];
  }
  if (rules.some(neverOccurs)) {
    // ical.js would walk such a rule until its step budget ends, every sync.
    options.onSkip('event skipped', { uid, error: 'its recurrence rule names days that do not exist' });
    return [];
  }
  const { end: seriesEnd } = endOf(event);
  const duration = seriesEnd.subtractDate(event.startDate);
  if (duration.toSeconds() > MAX_EVENT_SECONDS) {
    options.onSkip('event skipped', { uid, error: 'each occurrence lasts longer than a year' });
    return [];
  }
  const budget = feed.child(options.limits.stepsPerSeries, options.limits.msPerSeries);
  const granted = budget.stepsLeft;
  const found: Occurrence[] = [];
  try {
    withinBudget(budget, () => walk(event, rules, duration, budget, options, found));
  } catch (error) {
    if (!(error instanceof ExpansionLimitError)) throw error;
    // What was found is real; the rest of the series is not read.
    options.onSkip('recurrence expansion limit reached; later instances left out', {
      uid,
      limit: error.limit,
      kept: found.length,
    });
  } finally {
    feed.charge(budget, granted);
  }
  // An RDATE list (or a rule) with instances hours apart is no interview either.
  const starts = found.slice(1).map((o) => approxStart(o.start));
  if (starts.some((start, i) => i > 0 && start - starts[i - 1]! < SUB_DAILY_GAP_MS)) {
    options.onSkip('recurring event repeats more often than daily; not an interview', { uid });
    return [];
  }
  return found;
}

function walk(
  event: IcalEvent,
  rules: IcalRecur[],
  duration: InstanceType<typeof ICAL.Duration>,
  budget: ExpansionBudget,
  options: ExpandOptions,
  found: Occurrence[],
): void {
  const tzid = tzidOf(event.component, 'dtstart');
  const durationMs = Math.max(duration.toSeconds(), 0) * 1000;
  const iterator = event.iterator(iterationStart(event, rules, durationMs, options));
  for (let next = iterator.next(); next; next = iterator.next()) {
    budget.step();
    // Wall-clock fields read as UTC are within a day of the instant: cheap
    // enough to skip the run-up of a series without zone maths.
    const approx = approxStart(next);
    if (approx > options.windowEnd.getTime() + SLACK_MS) return;
    if (approx + durationMs < options.windowStart.getTime() - SLACK_MS) continue;
    const start = resolveTime(next, options.zones, tzid).instant;
    if (start.getTime() >= options.windowEnd.getTime()) return;
    const end = next.clone();
    end.addDuration(duration);
    found.push({
      component: event.component,
      start: next,
      end,
      ...(tzid ? { startTzid: tzid, endTzid: tzid } : {}),
      series: { uid: event.uid, instanceKey: instanceKey(next, options.zones, tzid) },
    });
  }
}

/**
 * Where to start walking a series so that its run-up does not count: for one
 * rule without COUNT, DTSTART moved forward by whole periods of the rule
 * (so every BY part keeps its alignment) to just before the window. That
 * moved start is yielded once by ical.js, and lies before the window.
 */
function iterationStart(event: IcalEvent, rules: IcalRecur[], durationMs: number, options: ExpandOptions) {
  const start = event.startDate;
  const rule = rules[0];
  if (rules.length !== 1 || !rule || rule.count) return start;
  const target = options.windowStart.getTime() - SLACK_MS - durationMs;
  const gap = target - approxStart(start);
  const interval = Math.max(1, rule.interval || 1);
  if (gap <= 0) return start;
  const moved = start.clone();
  if (rule.freq === 'DAILY' || rule.freq === 'WEEKLY') {
    const periodDays = interval * (rule.freq === 'WEEKLY' ? 7 : 1);
    const periods = Math.floor(gap / (periodDays * DAY_MS));
    if (periods <= 0) return start;
    moved.adjust(periods * periodDays, 0, 0, 0);
    return moved;
  }
  // Months and years keep their day only when every month has it.
  if (rule.freq === 'MONTHLY' && start.day <= 28) {
    const months = Math.floor(gap / (31 * DAY_MS) / interval) * interval;
    const total = start.year * 12 + (start.month - 1) + months;
    moved.year = Math.floor(total / 12);
    moved.month = (total % 12) + 1;
    return moved;
  }
  if (rule.freq === 'YEARLY' && !(start.month === 2 && start.day === 29)) {
    moved.year += Math.floor(gap / (366 * DAY_MS) / interval) * interval;
    return moved;
  }
  return start;
}

/** HOURLY and finer, or several times a day by BYHOUR, BYMINUTE or BYSECOND. */
function subDailyRule(rule: IcalRecur): boolean {
  if (SUB_DAILY_FREQUENCIES.has(rule.freq)) return true;
  const parts = rule.parts as Record<string, unknown[] | undefined>;
  return ['BYHOUR', 'BYMINUTE', 'BYSECOND'].some((part) => (parts[part]?.length ?? 0) > 1);
}

const MAX_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** BYMONTH with BYMONTHDAY where no named month has a named day (February 30th). */
function neverOccurs(rule: IcalRecur): boolean {
  const parts = rule.parts as Record<string, number[] | undefined>;
  const months = parts.BYMONTH;
  const days = parts.BYMONTHDAY;
  if (!months?.length || !days?.length) return false;
  return !months.some((month) => days.some((day) => Math.abs(day) <= (MAX_MONTH_DAYS[month - 1] ?? 0)));
}

function approxStart(time: IcalTime): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

/** A non-recurring event, or an override, as it stands. */
function single(event: IcalEvent): Occurrence {
  const startTzid = tzidOf(event.component, 'dtstart');
  const { end, endTzid } = endOf(event);
  return {
    component: event.component,
    start: event.startDate,
    end,
    ...(startTzid ? { startTzid } : {}),
    ...(endTzid ? { endTzid } : {}),
  };
}

/** DTEND, else DTSTART + DURATION, else one day for a date and zero for a time. */
function endOf(event: IcalEvent): { end: IcalTime; endTzid?: string } {
  const component = event.component;
  const startTzid = tzidOf(component, 'dtstart');
  if (component.hasProperty('dtend')) {
    const endTzid = tzidOf(component, 'dtend');
    return { end: event.endDate, ...(endTzid ? { endTzid } : {}) };
  }
  const end = component.hasProperty('duration') ? event.endDate : event.startDate.clone();
  if (!component.hasProperty('duration') && end.isDate) end.adjust(1, 0, 0, 0);
  return { end, ...(startTzid ? { endTzid: startTzid } : {}) };
}

function overlaps(occurrence: Occurrence, options: ExpandOptions): boolean {
  const start = resolveTime(occurrence.start, options.zones, occurrence.startTzid).instant.getTime();
  const end = Math.max(
    resolveTime(occurrence.end, options.zones, occurrence.endTzid).instant.getTime(),
    start,
  );
  const windowStart = options.windowStart.getTime();
  if (start >= options.windowEnd.getTime()) return false;
  // A zero-length event counts when its instant lies in the window.
  return end > windowStart || (end === start && start >= windowStart);
}

/** At most the limit, keeping those nearest now: the interview that just ended matters most. */
function nearest(occurrences: Occurrence[], options: ExpandOptions): Occurrence[] {
  const limit = options.limits.occurrences;
  if (occurrences.length <= limit) return occurrences;
  const now = options.now.getTime();
  const distance = (o: Occurrence) =>
    Math.abs(resolveTime(o.start, options.zones, o.startTzid).instant.getTime() - now);
  const kept = new Set(
    occurrences
      .map((occurrence) => ({ occurrence, distance: distance(occurrence) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, limit)
      .map((entry) => entry.occurrence),
  );
  options.onSkip('occurrence limit reached; those furthest from now left out', {
    limit,
    leftOut: occurrences.length - limit,
  });
  return occurrences.filter((occurrence) => kept.has(occurrence));
}

function bounded(value: string): string {
  return value.slice(0, 100);
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
