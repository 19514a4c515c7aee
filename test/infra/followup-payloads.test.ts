/**
 * The scheduler delivers its `Input` JSON to the followup function as the
 * event, so the sample events in `events/followup/` are what a schedule of
 * this stack fires. Each must parse with the one shared `FollowupPayload`
 * union, and together they cover every kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FollowupPayload } from '../../functions/core/model.js';
import { PROJECT_ROOT } from '../../infra/bundling.js';

const dir = path.join(PROJECT_ROOT, 'events', 'followup');
const samples = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, json: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown }));

describe('follow-up schedule payloads', () => {
  it.each(samples.map((s) => [s.file, s.json] as const))('%s is a FollowupPayload', (_file, json) => {
    expect(FollowupPayload.safeParse(json).success).toBe(true);
  });

  it('cover every kind of the union', () => {
    const kinds = samples.map((s) => FollowupPayload.parse(s.json).kind).sort();

    expect(kinds).toEqual(FollowupPayload.options.map((option) => option.shape.kind.value).sort());
  });
});
