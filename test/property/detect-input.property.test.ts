/**
 * The `detect` command's input is whatever a person pipes in. Random text,
 * random JSON and hostile event items give an error line per bad item (or
 * one clear input error), never a crash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DetectInputError, runDetect } from '../../functions/local/commands/detect.js';

const owner = fc.record({
  email: fc.constantFrom('me@mail.example', 'not-an-email', ''),
  timeZone: fc.constantFrom('Europe/Berlin', 'Mars/Olympus', ''),
});
const time = fc.oneof(
  fc.record(
    { dateTime: fc.string({ maxLength: 40 }), timeZone: fc.string({ maxLength: 30 }) },
    { requiredKeys: [] },
  ),
  fc.record({ date: fc.string({ maxLength: 12 }) }),
  fc.constant({ dateTime: '2026-10-20T10:00:00+02:00' }),
  fc.anything(),
);
const googleish = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 30 }), fc.anything()),
    status: fc.constantFrom('confirmed', 'cancelled', 'tentative', 42),
    summary: fc.oneof(fc.string({ maxLength: 400 }), fc.constant('<script>alert(1)</script> Interview')),
    description: fc.string({ maxLength: 2000 }),
    start: time,
    end: time,
    attendees: fc.oneof(fc.array(fc.anything(), { maxLength: 5 }), fc.anything()),
  },
  { requiredKeys: [] },
);
const item = fc.oneof(
  fc.record(
    {
      id: fc.string({ maxLength: 300 }),
      provider: fc.constantFrom('google', 'microsoft', 'yahoo'),
      owner,
      event: fc.oneof(googleish, fc.anything()),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

function checkLines(lines: string[], count: number): void {
  expect(lines).toHaveLength(count);
  for (const line of lines) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(typeof parsed.error === 'string' || typeof parsed.interview === 'boolean').toBe(true);
  }
}

describe('detect input', () => {
  it('answers every item of an array with a result or an error line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 8 }), async (items) => {
        checkLines(await runDetect(JSON.stringify(items) ?? 'null'), items.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses input that is not a JSON array with one clear error, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), async (text) => {
        try {
          const lines = await runDetect(text);
          checkLines(lines, (JSON.parse(text) as unknown[]).length);
        } catch (error) {
          expect(error).toBeInstanceOf(DetectInputError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
