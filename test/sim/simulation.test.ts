/**
 * The simulation as a regression gate: a small seeded population under
 * injected faults must keep every invariant. A broken invariant fails CI
 * with its name and an example (see invariants.test.ts for the checker
 * failing on doctored logs).
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../sim/run-simulation.js';

const CLEAN = { lost: 0, duplicated: 0, spurious: 0, late: 0, early: 0, misaddressed: 0, wrongNames: 0 };

describe('simulation under faults', () => {
  it('120 users for a week (in-memory store): nothing lost, duplicated, spurious or late', async () => {
    const result = await runSimulation({ users: 120, days: 7, faults: 0.05, seed: 42, store: 'memory' });
    expect(result.broken).toEqual([]);
    for (const kind of ['thankYou', 'prep', 'statusCheck'] as const) {
      expect(result.prompts[kind]).toMatchObject(CLEAN);
      expect(result.prompts[kind].sent + result.prompts[kind].detectorMisses).toBe(
        result.prompts[kind].expected,
      );
    }
    // The run did real work and the faults really happened.
    expect(result.prompts.thankYou.expected).toBeGreaterThan(60);
    expect(result.prompts.prep.expected).toBeGreaterThan(60);
    expect(result.prompts.statusCheck.expected).toBeGreaterThan(5);
    expect(result.syncs.failed).toBeGreaterThan(0);
    expect(Object.keys(result.faultsInjected).length).toBeGreaterThanOrEqual(8);
    expect(result.callRatio).toBeGreaterThanOrEqual(25);
  }, 300_000);

  it('12 users for five days on the real DynamoDB adapter and local scheduler (dynalite)', async () => {
    const result = await runSimulation({ users: 12, days: 5, faults: 0.05, seed: 7, store: 'dynalite' });
    expect(result.broken).toEqual([]);
    for (const kind of ['thankYou', 'prep', 'statusCheck'] as const)
      expect(result.prompts[kind]).toMatchObject(CLEAN);
    expect(result.prompts.thankYou.expected).toBeGreaterThan(5);
    expect(result.dynamodb.writes).toBeGreaterThan(0);
  }, 300_000);

  it('is repeatable: the same seed gives the same mails', async () => {
    const options = { users: 20, days: 3, faults: 0.05, seed: 3, store: 'memory' as const };
    const [a, b] = [await runSimulation(options), await runSimulation(options)];
    expect(b.prompts).toEqual(a.prompts);
    expect(b.providerCalls).toEqual(a.providerCalls);
  }, 300_000);
});
