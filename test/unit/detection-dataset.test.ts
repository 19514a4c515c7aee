import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapGoogleEvent } from '../../functions/adapters/calendar/google/google-mapper.js';
import { mapMicrosoftEvent } from '../../functions/adapters/calendar/microsoft/microsoft-mapper.js';
import { detectInterview } from '../../functions/core/detection/detection.js';
import { fold } from '../../functions/core/detection/text.js';
import { CalendarEvent, Detection, type Owner } from '../../functions/core/model.js';

interface LabelledItem {
  id: string;
  provider: 'google' | 'microsoft';
  owner: Owner;
  event: unknown;
  label: { interview: boolean; company?: string; role?: string };
}

function load(name: string): LabelledItem[] {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, '../../events/detection', name), 'utf8'),
  ) as LabelledItem[];
}

const items = [...load('google.json'), ...load('microsoft.json')];

const classified = new Map<string, ReturnType<typeof classifyOnce>>();

/** Each item is mapped and detected once, then shared by the tests below. */
function classify(item: LabelledItem) {
  const cached = classified.get(item.id) ?? classifyOnce(item);
  classified.set(item.id, cached);
  return cached;
}

function classifyOnce(item: LabelledItem) {
  const mapped =
    item.provider === 'google'
      ? mapGoogleEvent(item.event, item.owner)
      : mapMicrosoftEvent(item.event, item.owner);
  if ('removed' in mapped) throw new Error(`${item.id} mapped to a removal`);
  return {
    event: CalendarEvent.parse(mapped),
    detection: detectInterview(mapped, item.owner, { always: [], never: [] }),
  };
}

/** Same company when one squashed name contains the other ("Acme" ~ "Acme Corp"). */
function sameName(a: string, b: string): boolean {
  const squash = (value: string) => fold(value).replace(/[^\p{L}\p{N}]/gu, '');
  return squash(a).includes(squash(b)) || squash(b).includes(squash(a));
}

describe('labelled detection set', () => {
  it('is big, balanced and in both providers’ raw shapes', () => {
    expect(items.length).toBeGreaterThanOrEqual(150);
    const share = items.filter((item) => item.label.interview).length / items.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.5);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(items.filter((item) => item.provider === 'google').length).toBeGreaterThan(50);
    expect(items.filter((item) => item.provider === 'microsoft').length).toBeGreaterThan(50);
  });

  it('meets the precision and recall bar', () => {
    const confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
    const misses: string[] = [];
    for (const item of items) {
      const { detection } = classify(item);
      expect(Detection.parse(detection)).toEqual(detection);
      const actual = detection.interview;
      const expected = item.label.interview;
      if (actual && expected) confusion.tp += 1;
      else if (actual && !expected) confusion.fp += 1;
      else if (!actual && expected) confusion.fn += 1;
      else confusion.tn += 1;
      if (actual !== expected)
        misses.push(`${item.id} (${detection.score}: ${detection.reasons.join('; ')})`);
    }
    const precision = confusion.tp / (confusion.tp + confusion.fp);
    const recall = confusion.tp / (confusion.tp + confusion.fn);
    console.info(
      `detection on ${items.length} labelled events: ${JSON.stringify(confusion)}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
      misses.length ? `\nmisclassified:\n  ${misses.join('\n  ')}` : '',
    );
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.93);
  });

  it('names the company and role of most detected interviews', () => {
    let companies = 0;
    let companyHits = 0;
    let roles = 0;
    let roleHits = 0;
    for (const item of items.filter((candidate) => candidate.label.interview)) {
      const { detection } = classify(item);
      if (item.label.company) {
        companies += 1;
        if (detection.company && sameName(detection.company, item.label.company)) companyHits += 1;
      }
      if (item.label.role) {
        roles += 1;
        if (detection.role && sameName(detection.role, item.label.role)) roleHits += 1;
      }
    }
    console.info(`company ${companyHits}/${companies}, role ${roleHits}/${roles}`);
    expect(companyHits / companies).toBeGreaterThanOrEqual(0.9);
    expect(roleHits / roles).toBeGreaterThanOrEqual(0.8);
  });

  it('gives every decision at least one human reason', () => {
    for (const item of items) {
      const { detection } = classify(item);
      expect(detection.reasons.length, item.id).toBeGreaterThan(0);
      for (const reason of detection.reasons) expect(reason.length, item.id).toBeLessThan(120);
    }
  });
});
