/**
 * Runs a whole simulation: generates the workload, runs its users in one or
 * more shards (each a separate process with its own dynalite, so a run uses
 * every core), merges what they recorded, checks every invariant against
 * the ground truth, and prices the month.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mapGoogleEvent } from '../functions/adapters/calendar/google/google-mapper.js';
import { CADENCE } from '../functions/contracts/cadence.js';
import { detectInterview } from '../functions/core/detection/detection.js';
import type { CalendarEvent } from '../functions/core/model.js';
import { type CostBreakdown, costPer1000UserMonths, type LambdaName, PRICES } from './cost-model.js';
import type { StoreCounts } from './counting-store.js';
import { type CheckResult, checkInvariants } from './invariants.js';
import { type PeerCalendar, peerCalls, peerDelay } from './polling-peer.js';
import { Random } from './random.js';
import { runShard, type ShardOutput, type SimOptions, type SyncCounts } from './simulation.js';
import { generateWorkload, type TruthInterview, type Workload } from './workload.js';

export type { SimOptions };

export interface SimResult {
  options: {
    users: number;
    days: number;
    faults: number;
    seed: number;
    pageSize: number;
    start: string;
    shards: number;
  };
  elapsedSeconds: number;
  /** The rates the run used: the stack's own (functions/core/cadence.ts). */
  cadence: typeof CADENCE;
  /** Per prompt kind, judged against the workload's truth. */
  prompts: CheckResult['prompts'];
  /** Interviews the detector misses, against the truth, and the ceiling that fails the run. */
  detector: CheckResult['detector'];
  /** Mails by kind tag (every mail counts). */
  mailsByKind: Record<string, number>;
  /** Broken invariants, by name; empty when every one holds. */
  broken: string[];
  /** Up to ten examples of each finding, to start debugging from. */
  examples: Record<string, string[]>;
  providerCalls: { afterview: number; pollingPeer: number };
  providerCallsPerUserDay: { afterview: number; pollingPeer: number };
  /** How many times fewer provider calls Afterview makes than the polling peer. */
  callRatio: number;
  /** Delay from an interview's end to the prompt, seconds. */
  delaySeconds: {
    afterviewMax: number;
    pollingPeerMean: number;
    pollingPeerP95: number;
    pollingPeerMax: number;
  };
  dynamodb: StoreCounts;
  scheduler: { upserts: number; cancels: number; firings: number };
  lambda: Record<LambdaName, number>;
  sesSends: number;
  sqsRequests: number;
  httpRequests: number;
  syncs: SyncCounts;
  faultsInjected: Record<string, number>;
  cost: CostBreakdown;
  costPer1000UserMonthsUSD: number;
  prices: typeof PRICES;
}

/** Afterview must make at least this many times fewer provider calls than the polling peer. */
export const REQUIRED_CALL_RATIO = 25;
const SECOND = 1_000;

export async function runSimulation(options: SimOptions & { shards?: number }): Promise<SimResult> {
  const began = performance.now();
  // Port decorators are functions: they run in this process only.
  const shards = options.ports ? 1 : Math.max(1, Math.min(options.shards ?? 1, options.users));
  const workload = generateWorkload(options);
  const outputs =
    shards === 1
      ? [await runShard(workload, options, { index: 0, count: 1 })]
      : await Promise.all(Array.from({ length: shards }, (_, index) => forkShard(options, index, shards)));
  return summarise(workload, options, shards, outputs, (performance.now() - began) / 1000);
}

/** Runs one shard in a child process (same loader flags, so TypeScript runs under tsx). */
function forkShard(options: SimOptions, index: number, count: number): Promise<ShardOutput> {
  const worker = fileURLToPath(new URL('./shard-worker.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    // Under the tsx CLI its loader flags are in execArgv; under tsx's register() API they are not.
    const loaded = process.execArgv.some((arg) => arg.includes('tsx'));
    const child = fork(worker, [], {
      execArgv: loaded ? process.execArgv : [...process.execArgv, '--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let output: ShardOutput | undefined;
    child.on('message', (message: { output?: ShardOutput; progress?: string; error?: string }) => {
      if (message.progress && index === 0) options.progress?.(message.progress);
      if (message.output) output = message.output;
      if (message.error) reject(new Error(`shard ${index} failed: ${message.error}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (output) resolve(output);
      else reject(new Error(`shard ${index} exited with ${code} and no result`));
    });
    const { progress: _progress, ...plain } = options;
    child.send({ options: { ...plain, start: options.start?.toISOString() }, shard: { index, count } });
  });
}

function summarise(
  workload: Workload,
  options: SimOptions,
  shards: number,
  outputs: ShardOutput[],
  elapsed: number,
): SimResult {
  const all = merge(outputs);
  const check = checkInvariants({
    start: workload.start,
    end: workload.end,
    users: workload.users,
    interviews: workload.interviews,
    mails: all.mails,
    actions: workload.actions,
    revocations: all.revocations,
    faultHits: new Map(all.disturbances),
    detected: (truth) => detected(workload, truth),
  });
  const pageSize = options.pageSize ?? 250;
  const peer = pollingPeer(workload, options.seed, new Map(all.windowSizes), pageSize);
  const afterviewCalls = all.provider.list + all.provider.channels;
  const userDays = Math.max(1, workload.users.length * options.days);
  const cost = costPer1000UserMonths(
    {
      lambda: all.lambda,
      dynamoReadUnits: all.store.readUnits,
      dynamoWriteUnits: all.store.writeUnits,
      schedulerInvocations: all.scheduler.firings,
      sqsRequests: all.sqsRequests,
      sesSends: all.mails.length,
      httpRequests: all.httpRequests,
    },
    Math.max(1, workload.users.length),
    options.days,
  );
  const broken = [...check.broken];
  const ratio = peer.calls / Math.max(1, afterviewCalls);
  if (ratio < REQUIRED_CALL_RATIO) {
    broken.push(
      `efficiency: only ${round2(ratio)}x fewer provider calls than the polling peer (need ${REQUIRED_CALL_RATIO}x)`,
    );
  }
  return {
    options: {
      users: workload.users.length,
      days: options.days,
      faults: options.faults,
      seed: options.seed,
      pageSize,
      start: new Date(workload.start).toISOString(),
      shards,
    },
    elapsedSeconds: Math.round(elapsed * 10) / 10,
    cadence: CADENCE,
    prompts: check.prompts,
    detector: check.detector,
    mailsByKind: check.byKind,
    broken,
    examples: check.examples,
    providerCalls: { afterview: afterviewCalls, pollingPeer: peer.calls },
    providerCallsPerUserDay: {
      afterview: round2(afterviewCalls / userDays),
      pollingPeer: round2(peer.calls / userDays),
    },
    callRatio: round2(ratio),
    delaySeconds: {
      afterviewMax: Math.round(check.maxDelayMs / SECOND),
      pollingPeerMean: Math.round(peer.meanDelayMs / SECOND),
      pollingPeerP95: Math.round(peer.p95DelayMs / SECOND),
      pollingPeerMax: Math.round(peer.maxDelayMs / SECOND),
    },
    dynamodb: all.store,
    scheduler: all.scheduler,
    lambda: all.lambda,
    sesSends: all.mails.length,
    sqsRequests: all.sqsRequests,
    httpRequests: all.httpRequests,
    syncs: all.syncs,
    faultsInjected: all.faultsInjected,
    cost,
    costPer1000UserMonthsUSD: cost.total,
    prices: PRICES,
  };
}

/** Adds the shards' records up. */
function merge(outputs: ShardOutput[]): ShardOutput {
  const [first, ...rest] = outputs;
  if (!first) throw new Error('no shard output');
  const sum = <T extends object>(a: T, b: T): T => {
    const out = { ...a } as Record<string, number>;
    for (const [key, value] of Object.entries(b)) out[key] = (out[key] ?? 0) + (value as number);
    return out as T;
  };
  return rest.reduce<ShardOutput>(
    (acc, next) => ({
      mails: [...acc.mails, ...next.mails],
      prompts: [...acc.prompts, ...next.prompts],
      closed: [...acc.closed, ...next.closed],
      revocations: acc.revocations + next.revocations,
      disturbances: [...acc.disturbances, ...next.disturbances],
      windowSizes: [...acc.windowSizes, ...next.windowSizes],
      store: sum(acc.store, next.store),
      scheduler: sum(acc.scheduler, next.scheduler),
      lambda: sum(acc.lambda, next.lambda),
      provider: sum(acc.provider, next.provider),
      sqsRequests: acc.sqsRequests + next.sqsRequests,
      httpRequests: acc.httpRequests + next.httpRequests,
      syncs: sum(acc.syncs, next.syncs),
      faultsInjected: sum(acc.faultsInjected, next.faultsInjected),
    }),
    first,
  );
}

/** Whether the real detector recognises the interview as it finally stands. */
function detected(workload: Workload, truth: TruthInterview): boolean {
  const user = workload.users[truth.user]!;
  const owner = { email: user.email, timeZone: user.timeZone };
  const event = mapGoogleEvent(truth.final, owner) as CalendarEvent;
  return detectInterview(event, owner, { always: [], never: [] }).interview;
}

/** The polling peer on the same calendars: its calls over the run, its delay after each interview. */
function pollingPeer(workload: Workload, seed: number, windowSizes: Map<number, number>, pageSize: number) {
  const random = new Random(seed ^ 0x9ee2);
  const span = workload.end - workload.start;
  let calls = 0;
  const calendars: PeerCalendar[] = workload.users.map((user) => {
    const calendar = { phase: random.int(0, 299) * SECOND, windowSize: windowSizes.get(user.index) ?? 0 };
    calls += peerCalls(calendar, span, pageSize);
    return calendar;
  });
  const delays = workload.interviews
    .filter((t) => t.state === 'scheduled' && t.end > workload.start && t.end <= workload.end)
    .map((t) => peerDelay(calendars[t.user]!, t.end))
    .sort((a, b) => a - b);
  return {
    calls,
    meanDelayMs: delays.reduce((total, d) => total + d, 0) / Math.max(1, delays.length),
    p95DelayMs: delays[Math.floor(delays.length * 0.95)] ?? 0,
    maxDelayMs: delays.at(-1) ?? 0,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
