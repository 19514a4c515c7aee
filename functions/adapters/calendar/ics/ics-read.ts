/**
 * Reads a feed one component at a time, so that one bad VEVENT costs that
 * event and never the feed: the text is unfolded and cut into top-level
 * components, each VEVENT is repaired where calendar apps are lenient
 * (dates without `VALUE=DATE`, ISO-extended dates), checked where they are
 * strict (impossible dates, absurd durations) and parsed on its own. What
 * cannot be read is reported with its UID and why.
 */
import ICAL from 'ical.js';
import { IcsParseError } from './errors.js';
import { DATE_PROPERTIES, INCIDENTAL_DATE_PROPERTIES, normalDate } from './ics-dates.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;

/** A component left out, and why (both bounded: they go to logs and pages). */
export interface SkippedComponent {
  uid?: string;
  reason: string;
}

export interface FeedComponents {
  /** A VCALENDAR holding the feed's readable VTIMEZONEs: the parent of every event. */
  calendar: IcalComponent;
  vevents: IcalComponent[];
  skipped: SkippedComponent[];
}

/** Longer than any meeting; ical.js walks a long duration month by month, so it is bounded here. */
export const MAX_EVENT_SECONDS = 400 * 24 * 60 * 60;

/** A "line" longer than this is not calendar text (a 10 MB feed of one line, say). */
const MAX_LINE = 256 * 1024;

/** The feed's components; throws `IcsParseError` only when the text holds no calendar at all. */
export function readFeed(text: string): FeedComponents {
  const lines = unfold(text);
  const blocks = topLevelBlocks(lines);
  if (!blocks.sawCalendar) throw new IcsParseError('the feed is not iCalendar: it holds no VCALENDAR');
  const calendar = new ICAL.Component('vcalendar');
  const skipped: SkippedComponent[] = [...blocks.broken];
  for (const block of blocks.list) {
    if (block.name !== 'VTIMEZONE') continue;
    try {
      calendar.addSubcomponent(new ICAL.Component(ICAL.parse(block.lines.join('\r\n')) as never));
    } catch (error) {
      // An unreadable zone: its events fall back to the zone's name or the owner's zone.
      skipped.push({ uid: `VTIMEZONE ${bounded(block.uid ?? '', 100)}`, reason: why(error) });
    }
  }
  const vevents: IcalComponent[] = [];
  for (const block of blocks.list) {
    if (block.name !== 'VEVENT') continue;
    const event = readEvent(block, calendar);
    if ('reason' in event) skipped.push(event);
    else vevents.push(event.component);
  }
  return { calendar, vevents, skipped };
}

interface Block {
  name: string;
  lines: string[];
  uid?: string;
}

function readEvent(block: Block, calendar: IcalComponent): { component: IcalComponent } | SkippedComponent {
  const uid = block.uid ? bounded(block.uid, 100) : undefined;
  const repaired = repairLines(block.lines);
  if ('reason' in repaired) return { ...(uid ? { uid } : {}), reason: repaired.reason };
  try {
    const component = new ICAL.Component(ICAL.parse(repaired.lines.join('\r\n')) as never, calendar);
    if (component.name !== 'vevent') throw new Error('not a VEVENT');
    touch(component);
    return { component };
  } catch (error) {
    return { ...(uid ? { uid } : {}), reason: why(error) };
  }
}

/** ical.js decorates values when first read: read the ones expansion needs now, to fail here. */
function touch(component: IcalComponent): void {
  for (const name of ['dtstart', 'dtend', 'duration', 'recurrence-id']) component.getFirstPropertyValue(name);
  for (const name of ['rrule', 'exdate', 'rdate']) {
    for (const property of component.getAllProperties(name)) property.getValues();
  }
}

/** RFC 5545 §3.1: a line starting with a space or tab continues the previous one. */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) {
      const last = lines.length - 1;
      if (lines[last]!.length < MAX_LINE) lines[last] += raw.slice(1);
    } else if (raw.trim() !== '') {
      lines.push(raw.length <= MAX_LINE ? raw : raw.slice(0, MAX_LINE));
    }
  }
  return lines;
}

/** The components directly inside every VCALENDAR of the text, with their nested ones. */
function topLevelBlocks(lines: string[]): {
  list: Block[];
  broken: SkippedComponent[];
  sawCalendar: boolean;
} {
  const list: Block[] = [];
  const broken: SkippedComponent[] = [];
  let sawCalendar = false;
  let inCalendar = false;
  let current: (Block & { depth: number }) | undefined;
  const unterminated = (block: Block) =>
    broken.push({
      ...(block.uid ? { uid: bounded(block.uid, 100) } : {}),
      reason: `${block.name} is not terminated by END:${block.name}`,
    });
  for (const line of lines) {
    const begin = /^BEGIN:([A-Za-z0-9-]+)\s*$/i.exec(line)?.[1]?.toUpperCase();
    const end = /^END:([A-Za-z0-9-]+)\s*$/i.exec(line)?.[1]?.toUpperCase();
    if (!inCalendar) {
      if (begin === 'VCALENDAR') sawCalendar = inCalendar = true;
      continue;
    }
    if (!current) {
      if (end === 'VCALENDAR') inCalendar = false;
      else if (begin) current = { name: begin, lines: [`BEGIN:${begin}`], depth: 1 };
      // Calendar properties (PRODID, X-WR-CALNAME...) are not needed.
      continue;
    }
    // A new top-level component or the calendar's end inside an open one: that one was cut short.
    if (begin === 'VEVENT' || begin === 'VTIMEZONE' || end === 'VCALENDAR') {
      unterminated(current);
      current = undefined;
      if (end === 'VCALENDAR') inCalendar = false;
      else if (begin) current = { name: begin, lines: [`BEGIN:${begin}`], depth: 1 };
      continue;
    }
    current.lines.push(line);
    if (begin) current.depth += 1;
    if (end) current.depth -= 1;
    if (current.depth === 1 && /^(UID|TZID)[;:]/i.test(line)) current.uid ??= lineValue(line);
    if (current.depth === 0) {
      list.push(current);
      current = undefined;
    }
  }
  if (current) unterminated(current);
  return { list, broken, sawCalendar };
}

/** Dates and durations as a tolerant reader takes them, or why the event cannot be read. */
function repairLines(lines: string[]): { lines: string[] } | SkippedComponent {
  const out: string[] = [];
  let depth = 0;
  for (const line of lines) {
    // Alarms and other nested parts are not read: leave them out rather than fail on them.
    if (/^BEGIN:/i.test(line)) {
      if (++depth === 1) out.push(line);
      continue;
    }
    if (/^END:/i.test(line)) {
      if (--depth === 0) out.push(line);
      continue;
    }
    if (depth > 1) continue;
    const split = splitLine(line);
    if (!split) {
      out.push(line);
      continue;
    }
    const { name } = split;
    if (DATE_PROPERTIES.has(name)) {
      const fixed = repairDate(split);
      if (typeof fixed === 'string') out.push(fixed);
      else if (!INCIDENTAL_DATE_PROPERTIES.has(name)) return fixed;
      continue;
    }
    if (name === 'DURATION') {
      const problem = durationProblem(split.value);
      if (problem) return { reason: problem };
    }
    if (name === 'RRULE') {
      const until = /(?:^|;)UNTIL=([^;]*)/i.exec(split.value)?.[1];
      if (until !== undefined && !normalDate(until)) {
        return { reason: `RRULE UNTIL "${bounded(until, 40)}" is not a real date` };
      }
    }
    out.push(line);
  }
  return { lines: out };
}

interface SplitLine {
  name: string;
  /** Name and parameters, as written. */
  head: string;
  value: string;
}

/** Name, parameters and value of a content line; the value starts at the first colon outside quotes. */
function splitLine(line: string): SplitLine | undefined {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      const head = line.slice(0, i);
      return { name: head.split(';')[0]!.trim().toUpperCase(), head, value: line.slice(i + 1) };
    }
  }
  return undefined;
}

function repairDate({ name, head, value }: SplitLine): string | SkippedComponent {
  const type = /;VALUE=([A-Za-z-]+)/i.exec(head)?.[1]?.toUpperCase();
  if (type === 'PERIOD') return `${head}:${value}`;
  const raws = value.split(',');
  const dates = raws.map(normalDate);
  const bad = raws.find((_, i) => !dates[i]);
  if (bad !== undefined) return { reason: `${name} "${bounded(bad, 40)}" is not a real date` };
  const allDates = dates.every((d) => d!.isDate);
  if (!allDates && dates.some((d) => d!.isDate)) {
    return { reason: `${name} mixes dates and date-times` };
  }
  let fixedHead = head;
  if (allDates && type !== 'DATE') {
    // `DTSTART:20220101` (no VALUE=DATE) is what holiday calendars write; apps read it as a date.
    fixedHead = type ? head.replace(/;VALUE=[A-Za-z-]+/i, ';VALUE=DATE') : `${head};VALUE=DATE`;
  } else if (!allDates && type === 'DATE') {
    fixedHead = head.replace(/;VALUE=[A-Za-z-]+/i, '');
  }
  return `${fixedHead}:${dates.map((d) => d!.value).join(',')}`;
}

const DURATION = /^([+-])?P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

function durationProblem(raw: string): string | undefined {
  const match = DURATION.exec(raw.trim().toUpperCase());
  if (!match || /^[+-]?PT?$/.test(raw.trim().toUpperCase())) {
    return `DURATION "${bounded(raw, 40)}" is not a duration`;
  }
  const [weeks, days, hours, minutes, seconds] = match.slice(2).map((part) => Number(part ?? 0));
  const total = (((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!;
  if (match[1] === '-') return `DURATION "${bounded(raw, 40)}" is negative`;
  return total > MAX_EVENT_SECONDS ? `DURATION "${bounded(raw, 40)}" is longer than a year` : undefined;
}

function lineValue(line: string): string | undefined {
  const value = splitLine(line)?.value.trim();
  return value ? value : undefined;
}

function why(error: unknown): string {
  return bounded(error instanceof Error ? error.message : String(error), 200);
}

function bounded(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
