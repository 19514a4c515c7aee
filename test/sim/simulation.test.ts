/**
 * The simulation as a regression gate: a small seeded population under
 * injected faults must keep every invariant. A broken invariant fails CI
 * with its name and an example (see invariants.test.ts for the checker
 * failing on doctored logs).
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../sim/run-simulation.js';

describe('simulation under faults', () => {
  it('200 users for a week (in-memory store): nothing lost, duplicated, spurious or late', async () => {
    const result = await runSimulation({ users: 200, days: 7, faults: 0.05, seed: 42, store: 'memory' });
    expect(result.broken).toEqual([]);
    expect(result.prompts).toMatchObject({ lost: 0, duplicated: 0, spurious: 0, late: 0, early: 0 });
    // The run did real work and the faults really happened.
    expect(result.prompts.expected).toBeGreaterThan(100);
    expect(result.prompts.sent + result.prompts.detectorMisses).toBe(result.prompts.expected);
    expect(result.syncs.failed).toBeGreaterThan(0);
    expect(Object.keys(result.faultsInjected).length).toBeGreaterThanOrEqual(8);
    expect(result.callRatio).toBeGreaterThanOrEqual(25);
  }, 120_000);

  it('12 users for five days on the real DynamoDB adapter and local scheduler (dynalite)', async () => {
    const result = await runSimulation({ users: 12, days: 5, faults: 0.05, seed: 7, store: 'dynalite' });
    expect(result.broken).toEqual([]);
    expect(result.prompts).toMatchObject({ lost: 0, duplicated: 0, spurious: 0, late: 0, early: 0 });
    expect(result.prompts.expected).toBeGreaterThan(5);
    expect(result.dynamodb.writes).toBeGreaterThan(0);
  }, 120_000);

  it('is repeatable: the same seed gives the same mails', async () => {
    const options = { users: 20, days: 3, faults: 0.05, seed: 3, store: 'memory' as const };
    const [a, b] = [await runSimulation(options), await runSimulation(options)];
    expect(b.prompts).toEqual(a.prompts);
    expect(b.providerCalls).toEqual(a.providerCalls);
  }, 120_000);
});
