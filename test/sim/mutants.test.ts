/**
 * The proof must be able to fail: each mutant injects one bug through the
 * core's ports (no source patching) and the checker, judging from the
 * workload's truth, must break on it. The unmutated run on the same
 * workload must pass, so a failure is the bug's and not the workload's.
 */
import { describe, expect, it } from 'vitest';
import { MUTANTS } from '../../sim/mutants.js';
import { runSimulation } from '../../sim/run-simulation.js';

const SMALL = { users: 16, days: 14, faults: 0, seed: 42, store: 'memory' as const };
/** The stale landing needs a round cancelled after the check it postponed fell due: more users. */
const LARGER = { ...SMALL, users: 40 };
const sizeOf = (name: string) => (name === 'stale-status-check' ? LARGER : SMALL);

describe('mutants through the ports', () => {
  it('lists the bugs it injects', () => {
    expect(MUTANTS.map((m) => m.name)).toEqual([
      'drop-status-checks',
      'drop-preps',
      'drop-thank-yous',
      'delay-status-checks',
      'delay-thank-yous',
      'resend-under-another-key',
      'misroute-to-another-user',
      'swap-interviewer-names',
      'ignore-moves',
      'ignore-cancellations',
      'stop-recognising-technical-rounds',
      'split-loops',
      'stale-status-check',
    ]);
  });

  it.each([SMALL, LARGER])(
    'the unmutated run of $users users passes',
    async (options) => {
      expect((await runSimulation(options)).broken).toEqual([]);
    },
    300_000,
  );

  it.each(MUTANTS.map((m) => [m.name, m] as const))(
    'catches %s',
    async (_name, mutant) => {
      const result = await runSimulation({ ...sizeOf(mutant.name), ports: mutant.ports() });
      expect(result.broken.length, `${mutant.name} (${mutant.bug}) passed the checker`).toBeGreaterThan(0);
    },
    300_000,
  );
});
