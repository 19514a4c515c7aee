import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/local/commands/simulate.js';
import { runSimulation, type SimResult } from '../../sim/run-simulation.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (chunk) => (text.out += chunk));
  stderr.on('data', (chunk) => (text.err += chunk));
  return { io: { stdin: new PassThrough(), stdout, stderr }, text };
}

describe('afterview simulate', () => {
  it('prints one JSON object with the promised fields and exits 0 when every invariant holds', async () => {
    const { io: streams, text } = io();
    const code = await main(
      [
        '--users',
        '8',
        '--days',
        '2',
        '--faults',
        '0.05',
        '--seed',
        '5',
        '--json',
        '--store',
        'memory',
        '--shards',
        '1',
      ],
      streams,
    );
    const result = JSON.parse(text.out) as SimResult;
    expect(code).toBe(0);
    expect(Object.keys(result.prompts)).toEqual(['thankYou', 'prep', 'statusCheck']);
    expect(Object.keys(result.prompts.thankYou)).toEqual(
      expect.arrayContaining(['expected', 'sent', 'lost', 'duplicated', 'spurious', 'late', 'early']),
    );
    expect(Object.keys(result.prompts.statusCheck)).toEqual(
      expect.arrayContaining(['misaddressed', 'wrongNames']),
    );
    expect(result.cadence).toMatchObject({ maintenanceMinutes: 5, pushSafetySyncHours: expect.any(Number) });
    expect(result.providerCallsPerUserDay).toEqual({
      afterview: expect.any(Number),
      pollingPeer: expect.any(Number),
    });
    expect(result.costPer1000UserMonthsUSD).toBeGreaterThan(0);
    expect(result.prices.asOf).toMatch(/2026/);
  }, 60_000);

  it('prints a table without --json', async () => {
    const { io: streams, text } = io();
    expect(await main(['--users', '4', '--days', '1', '--store', 'memory', '--shards', '1'], streams)).toBe(
      0,
    );
    expect(text.out).toMatch(/thankYou +expected \d+, sent \d+/);
    expect(text.out).toMatch(/cost per 1,000 user-months \(USD\)/);
  }, 60_000);

  it('refuses bad options with usage and exit code 2', async () => {
    const { io: streams, text } = io();
    expect(await main(['--users', 'many'], streams)).toBe(2);
    expect(text.err).toMatch(/--users must be an integer/);
    expect(await main(['--faults', '2'], streams)).toBe(2);
  });

  it('names the broken invariant when one breaks: a crash between send and record re-sends', async () => {
    const result = await runSimulation({
      users: 30,
      days: 5,
      faults: 0.3,
      seed: 9,
      store: 'memory',
      crashAfterSend: true,
    });
    expect(result.prompts.thankYou.duplicated + result.prompts.prep.duplicated).toBeGreaterThan(0);
    expect(result.broken.join('\n')).toMatch(/: \d+ duplicated/);
  }, 300_000);
});
