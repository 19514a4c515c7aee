/**
 * `npm run bench`: the full default simulation (1,000 users for 30 days
 * under injected faults, in-memory store), a smaller run on the real
 * DynamoDB adapter and local scheduler (dynalite), cold starts (bundle size
 * and module-load time of every function, and of the full googleapis
 * package), and throughput. Prints tables, writes `.bench/results.json`,
 * and exits 1 if any invariant broke.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../infra/bundling.js';
import { formatTable } from '../sim/report.js';
import { runSimulation, type SimResult } from '../sim/run-simulation.js';
import { type ColdStart, type ColdStartReport, measureColdStarts } from './cold-start.js';
import { measureThroughput, type Throughput } from './throughput.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    days: { type: 'string', default: '30' },
    faults: { type: 'string', default: '0.02' },
    seed: { type: 'string', default: '1' },
    shards: { type: 'string', default: '2' },
    'dynalite-users': { type: 'string', default: '50' },
    'dynalite-days': { type: 'string', default: '7' },
    'skip-cold-start': { type: 'boolean', default: false },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function coldStartTable(report: ColdStartReport): string {
  const rows = [...report.functions, ...(report.googleapis ? [report.googleapis] : [])];
  const bare = (row: ColdStart) => (row.bare ? `${row.bare.minMs} ms` : '');
  const lines = [
    `${'bundle'.padEnd(26)} ${'size'.padStart(10)} ${'load: fastest'.padStart(14)} ${'median of 7'.padStart(12)} ${'its clients alone'.padStart(18)}  clients`,
  ];
  for (const row of rows) {
    const fastest = `${row.minMs} ms`.padStart(14);
    const clients = (row.clients ?? []).map((c) => c.replace('@aws-sdk/', '')).join(', ');
    lines.push(
      `${row.name.padEnd(26)} ${kb(row.bytes).padStart(10)} ${fastest} ${`${row.loadMs} ms`.padStart(12)} ${bare(row).padStart(18)}  ${clients}`,
    );
  }
  if (report.ratio !== undefined)
    lines.push(`googleapis load / sync function's load (fastest): ${report.ratio}x`);
  if (report.note) lines.push(report.note);
  return `${lines.join('\n')}\n`;
}

function throughputTable(t: Throughput): string {
  return [
    `normalise + classify: ${t.classify.events.toLocaleString('en-US')} events in ${t.classify.seconds}s = ${t.classify.perSecond.toLocaleString('en-US')} events/s (${t.classify.interviews} interviews)`,
    `first full sync of a ${t.firstSync.events.toLocaleString('en-US')}-event calendar: ${t.firstSync.seconds}s, ${t.firstSync.providerCalls} provider calls, ${t.firstSync.interviewsStored} interviews stored`,
  ]
    .join('\n')
    .concat('\n');
}

async function main(): Promise<number> {
  const num = (text: string) => Number(text);
  log(`simulation: ${values.users} users x ${values.days} days, faults ${values.faults} (in-memory store)`);
  const full = await runSimulation({
    users: num(values.users),
    days: num(values.days),
    faults: num(values.faults),
    seed: num(values.seed),
    shards: num(values.shards),
    store: 'memory',
    progress: log,
  });
  process.stdout.write(`\n## Simulation (in-memory store)\n${formatTable(full)}`);
  log(`simulation on dynalite: ${values['dynalite-users']} users x ${values['dynalite-days']} days`);
  const real: SimResult = await runSimulation({
    users: num(values['dynalite-users']),
    days: num(values['dynalite-days']),
    faults: num(values.faults),
    seed: num(values.seed),
    shards: num(values.shards),
    store: 'dynalite',
  });
  process.stdout.write(
    `\n## Simulation (DynamoDB adapter + local scheduler on dynalite)\n${formatTable(real)}`,
  );
  let cold: ColdStartReport | undefined;
  if (!values['skip-cold-start']) {
    log('cold start: bundling every function and googleapis');
    cold = await measureColdStarts();
    process.stdout.write(`\n## Cold start\n${coldStartTable(cold)}`);
  }
  log('throughput');
  const throughput = await measureThroughput();
  process.stdout.write(`\n## Throughput\n${throughputTable(throughput)}`);
  const out = path.join(PROJECT_ROOT, '.bench', 'results.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ simulation: full, dynaliteSimulation: real, coldStart: cold, throughput }, null, 2)}\n`,
  );
  log(`results written to ${path.relative(PROJECT_ROOT, out)}`);
  return full.broken.length + real.broken.length === 0 ? 0 : 1;
}

process.exitCode = await main();
