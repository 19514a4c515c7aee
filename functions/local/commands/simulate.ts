/**
 * `afterview simulate --users N --days D --faults RATE --seed S [--json]`:
 * runs the simulation (see sim/) and prints a table, or one JSON
 * object with `--json`. Exits 1 naming the broken invariant if any broke.
 */
import { parseArgs } from 'node:util';
import { formatTable } from '../../../sim/report.js';
import { runSimulation } from '../../../sim/run-simulation.js';
import type { CommandIo } from '../io.js';

const USAGE =
  'Usage: afterview simulate [--users N] [--days D] [--faults RATE] [--seed S] [--json] [--store dynalite|memory] [--shards K] [--page-size P] [--start ISO] [--crash-after-send]';

interface Parsed {
  users: number;
  days: number;
  faults: number;
  seed: number;
  json: boolean;
  store: 'dynalite' | 'memory';
  shards: number;
  pageSize: number;
  start?: Date;
  crashAfterSend: boolean;
}

function parse(argv: string[]): Parsed {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '1000' },
      days: { type: 'string', default: '30' },
      faults: { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      store: { type: 'string' },
      shards: { type: 'string', default: '2' },
      'page-size': { type: 'string', default: '250' },
      start: { type: 'string' },
      'crash-after-send': { type: 'boolean', default: false },
    },
  });
  const int = (name: string, text: string, min: number, max: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new RangeError(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const faults = Number(values.faults);
  if (!Number.isFinite(faults) || faults < 0 || faults > 1)
    throw new RangeError('--faults must be a number from 0 to 1');
  const users = int('users', values.users, 1, 100_000);
  const store = values.store ?? (users > 100 ? 'memory' : 'dynalite');
  if (store !== 'dynalite' && store !== 'memory') throw new RangeError('--store must be dynalite or memory');
  const start = values.start ? new Date(values.start) : undefined;
  if (start && Number.isNaN(start.getTime())) throw new RangeError('--start must be an ISO date-time');
  return {
    users,
    days: int('days', values.days, 1, 366),
    faults,
    seed: int('seed', values.seed, 0, 2 ** 31 - 1),
    json: values.json,
    store,
    shards: int('shards', values.shards, 1, 64),
    pageSize: int('page-size', values['page-size'], 1, 2_500),
    start,
    crashAfterSend: values['crash-after-send'],
  };
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  let options: Parsed;
  try {
    options = parse(argv);
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const result = await runSimulation({
    ...options,
    progress: options.json ? undefined : (line) => io.stderr.write(`${line}\n`),
  });
  io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatTable(result));
  if (result.broken.length > 0) {
    io.stderr.write(`simulation failed: ${result.broken.join('; ')}\n`);
    return 1;
  }
  return 0;
}
