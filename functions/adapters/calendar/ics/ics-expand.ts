/**
 * Lists the occurrences of a feed's VEVENTs that overlap a window, expanding
 * recurring series (RRULE, RDATE, EXDATE) with ical.js. Overrides
 * (RECURRENCE-ID) replace the instance they name, wherever they moved it.
 */
import ICAL from 'ical.js';
import { instanceKey, type Occurrence } from './ics-mapper.js';
import { resolveTime, tzidOf, type ZoneContext } from './ics-time.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalTime = InstanceType<typeof ICAL.Time>;

/** More than any UTC offset (±14 h) plus a DST shift. */
const SLACK_MS = 2 * 24 * 60 * 60 * 1000;

export interface ExpandOptions {
  windowStart: Date;
  windowEnd: Date;
  zones: ZoneContext;
  /** Bounds the walk through one series (a daily event since 1990 is ~15,000 steps). */
  maxStepsPerSeries: number;
  /** Bounds the walk through all series of the feed together (ical.js takes ~50 µs a step). */
  maxStepsTotal: number;
  /** Bounds the whole listing. */
  maxOccurrences: number;
  onSkip: (reason: string, extra: Record<string, unknown>) => void;
}

/** Every occurrence overlapping the window, in feed order, series instances in time order. */
export function expandOccurrences(vevents: IcalComponent[], options: ExpandOptions): Occurrence[] {
  const { masters, overrides } = groupByUid(vevents, options);
  const result: Occurrence[] = [];
  const budget = { steps: options.maxStepsTotal };
  const push = (occurrence: Occurrence) => {
    if (result.length >= options.maxOccurrences) return false;
    if (overlaps(occurrence, options)) result.push(occurrence);
    return true;
  };

  for (const component of masters) {
    const event = new ICAL.Event(component);
    const uid = event.uid;
    const replaced = overrides.get(uid);
    if (!event.isRecurring()) {
      if (!push(single(event))) break;
      continue;
    }
    for (const occurrence of seriesInstances(event, options, budget)) {
      if (replaced?.has(occurrence.series!.instanceKey)) continue;
      if (!push(occurrence)) break;
    }
  }
  // Overrides carry their own (possibly moved) times; orphans stand alone.
  for (const [uid, byKey] of overrides) {
    for (const [key, component] of byKey) {
      if (!push({ ...single(new ICAL.Event(component)), series: { uid, instanceKey: key } })) break;
    }
  }
  if (result.length >= options.maxOccurrences) {
    options.onSkip('occurrence limit reached; later events left out', { limit: options.maxOccurrences });
  }
  return result;
}

function groupByUid(vevents: IcalComponent[], options: ExpandOptions) {
  const masters: IcalComponent[] = [];
  const overrides = new Map<string, Map<string, IcalComponent>>();
  for (const component of vevents) {
    const uid = component.getFirstPropertyValue('uid');
    const start = component.getFirstPropertyValue('dtstart');
    if (typeof uid !== 'string' || uid.trim() === '' || !start) {
      options.onSkip('VEVENT without UID or DTSTART', {
        uid: typeof uid === 'string' ? uid.slice(0, 100) : undefined,
      });
      continue;
    }
    const recurrenceId = component.getFirstPropertyValue('recurrence-id') as IcalTime | null;
    if (!recurrenceId) {
      masters.push(component);
      continue;
    }
    const byKey = overrides.get(uid) ?? new Map<string, IcalComponent>();
    byKey.set(instanceKey(recurrenceId, options.zones, tzidOf(component, 'recurrence-id')), component);
    overrides.set(uid, byKey);
  }
  return { masters, overrides };
}

function* seriesInstances(
  event: IcalEvent,
  options: ExpandOptions,
  budget: { steps: number },
): Generator<Occurrence> {
  const { end: seriesEnd } = endOf(event);
  const duration = seriesEnd.subtractDate(event.startDate);
  const tzid = tzidOf(event.component, 'dtstart');
  const durationMs = Math.max(duration.toSeconds(), 0) * 1000;
  const iterator = event.iterator();
  let steps = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (++steps > options.maxStepsPerSeries || --budget.steps < 0) {
      options.onSkip('recurrence expansion limit reached', { uid: event.uid.slice(0, 100) });
      return;
    }
    // Wall-clock fields read as UTC are within a day of the instant: cheap
    // enough to skip the long run-up of an old series without zone maths.
    const approx = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute, next.second);
    if (approx > options.windowEnd.getTime() + SLACK_MS) return;
    if (approx + durationMs < options.windowStart.getTime() - SLACK_MS) continue;
    const start = resolveTime(next, options.zones, tzid).instant;
    if (start.getTime() >= options.windowEnd.getTime()) return;
    const end = next.clone();
    end.addDuration(duration);
    yield {
      component: event.component,
      start: next,
      end,
      ...(tzid ? { startTzid: tzid, endTzid: tzid } : {}),
      series: { uid: event.uid, instanceKey: instanceKey(next, options.zones, tzid) },
    };
  }
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
