/**
 * The calendar corpus (`events/ics/corpus/`): exports of the calendar apps
 * people use, quirks kept, and broken feeds; plus the one known interview
 * every test adds to them, and seeded mutations that make fuzzed variants.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ListingInput, listFeed } from '../../functions/adapters/calendar/ics/ics-listing.js';

export const CORPUS = join(import.meta.dirname, '../../events/ics/corpus');
/** Every corpus file's dates are around this instant. */
export const CORPUS_NOW = new Date('2026-12-02T12:00:00.000Z');
export const INTERVIEW_UID = 'known-interview@afterview.test';
const DAY_MS = 24 * 60 * 60 * 1000;

export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((name) => name.endsWith('.ics'))
    .sort();
}

export function readCorpus(name: string): string {
  return readFileSync(join(CORPUS, name), 'utf8');
}

/** An interview that ended two minutes before `CORPUS_NOW`. */
export function interviewLines(): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${INTERVIEW_UID}`,
    'DTSTAMP:20261201T000000Z',
    'DTSTART:20261202T105800Z',
    'DTEND:20261202T115800Z',
    'SUMMARY:Interview: Acme Corp – Staff Engineer',
    'ORGANIZER;CN=Priya Raman:mailto:priya@acme.test',
    'ATTENDEE;CN=Priya Raman;PARTSTAT=ACCEPTED:mailto:priya@acme.test',
    'ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@example.test',
    'END:VEVENT',
  ];
}

/** `text` with the known interview added first in its calendar, or last. */
export function withInterview(text: string, where: 'first' | 'last'): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const at =
    where === 'first'
      ? lines.findIndex((line) => /^(\uFEFF)?BEGIN:VCALENDAR/i.test(line)) + 1
      : lines.findLastIndex((line) => /^END:VCALENDAR/i.test(line));
  lines.splice(at, 0, ...interviewLines());
  return lines.join(eol);
}

export function listing(text: string, overrides: Partial<ListingInput> = {}) {
  return listFeed({
    text,
    now: CORPUS_NOW.toISOString(),
    windowStart: new Date(CORPUS_NOW.getTime() - 30 * DAY_MS).toISOString(),
    windowEnd: new Date(CORPUS_NOW.getTime() + 180 * DAY_MS).toISOString(),
    ownerEmail: 'me@example.test',
    ownerTimeZone: 'Europe/Berlin',
    ...overrides,
  });
}

/** A small seeded generator (mulberry32): the same seed, the same variant. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE = ['\u0000', '"', ';', ':', ',', '\\', 'Z', '9', '-', 'T', '\u00ff', '=', ' '];

/**
 * A fuzzed variant: a few lines deleted, duplicated, cut short or with
 * characters replaced, as damaged feeds come. The first line (BEGIN:VCALENDAR)
 * is kept, so the variant is still meant to be a calendar.
 */
export function mutate(text: string, seed: number, edits = 6): string {
  const next = random(seed);
  const lines = text.split(/\r?\n/);
  const pick = () => 1 + Math.floor(next() * Math.max(lines.length - 1, 1));
  for (let i = 0; i < edits; i++) {
    const at = pick();
    const line = lines[at] ?? '';
    switch (Math.floor(next() * 5)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, line);
        break;
      case 2:
        lines[at] = line.slice(0, Math.floor(next() * line.length));
        break;
      case 3: {
        const chars = [...line];
        const position = Math.floor(next() * chars.length);
        chars[position] = GARBAGE[Math.floor(next() * GARBAGE.length)]!;
        lines[at] = chars.join('');
        break;
      }
      default:
        lines[at] = `${line}${GARBAGE[Math.floor(next() * GARBAGE.length)]}`;
    }
  }
  return lines.join('\r\n');
}
