/**
 * The end-of-run check of DESIGN.md's invariants, from the ground truth of
 * the workload and the log of every mail sent: each interview that ended is
 * thanked exactly once, at its (loop's) end; nothing is sent for cancelled,
 * declined or dismissed events; prep and status-check prompts land when due;
 * a revoked grant is reported once. Pure: the run passes everything in.
 */
import { DateTime } from 'luxon';
import { interviewIdFor } from '../functions/core/ids.js';
import type { Prompt } from '../functions/core/model.js';
import type { SentMail } from './counting-mailer.js';
import type { TruthInterview } from './workload.js';

/** The scheduler's precision: a prompt within this of its due time is on time. */
export const PRECISION_MS = 60_000;
/** A delivery interrupted by an injected fault may wait for the claim lease and a retry. */
export const FAULT_DELAY_BOUND_MS = 10 * 60_000;
const FIRST_SIGHT_MS = 24 * 60 * 60_000;
const PREP_MINUTES = 60;
const MAX_EXAMPLES = 10;

export interface CheckUser {
  index: number;
  email: string;
  userId: string;
  connectionId: string;
  timeZone: string;
  prepEnabled: boolean;
}

export interface CheckInput {
  start: number;
  end: number;
  users: CheckUser[];
  interviews: TruthInterview[];
  mails: SentMail[];
  /** Stored prompts (their interview ids say what each thank-you covered). */
  prompts: Pick<Prompt, 'userId' | 'id' | 'kind' | 'interviewIds' | 'applicationId'>[];
  /** Applications the user closed ("heard back": rejected or offer), and when. */
  closed: Array<{ userId: string; applicationId: string; at: number }>;
  /** Grants the provider revoked during the run. */
  revocations: number;
  /** Instants at which an injected fault hit a user's handling (failed invocation, delayed notification). */
  followupFailures: Map<string, number[]>;
  /** Whether the real detector recognises this interview (misses are reported apart). */
  detected: (truth: TruthInterview) => boolean;
}

export interface PromptReport {
  /** Thank-you prompts the ground truth calls for (interviews that ended, attended). */
  expected: number;
  /** Of those, thanked at least once. */
  sent: number;
  /** Of those, never thanked although the detector recognises them. */
  lost: number;
  /** Extra sends: a prompt mailed twice, or an interview thanked by two prompts. */
  duplicated: number;
  /** Prompts for cancelled, declined, dismissed or long-past events, or closed applications. */
  spurious: number;
  /** Sent later than due beyond the precision (or beyond the fault bound when a fault hit). */
  late: number;
  /** Sent earlier than due beyond the precision. */
  early: number;
  /** Expected ones the detector does not recognise: detection quality, not delivery. */
  detectorMisses: number;
  /** Thank-you prompts for events the ground truth says are not interviews. */
  detectorFalsePositives: number;
  /** Thank-you prompts that covered only part of a loop (company read differently). */
  loopSplits: number;
  /** On time only within the fault bound, because an injected fault hit the delivery. */
  faultDelayed: number;
  /** Greatest delay from due to sent, ms. */
  maxDelayMs: number;
  byKind: Record<string, number>;
}

export interface CheckResult {
  prompts: PromptReport;
  /** Names of the broken invariants, with a count and an example each; empty when all hold. */
  broken: string[];
  /** Up to ten examples per finding (lost, duplicated, spurious, late, early). */
  examples: Record<string, string[]>;
}

class Findings {
  readonly report: PromptReport = {
    expected: 0,
    sent: 0,
    lost: 0,
    duplicated: 0,
    spurious: 0,
    late: 0,
    early: 0,
    detectorMisses: 0,
    detectorFalsePositives: 0,
    loopSplits: 0,
    faultDelayed: 0,
    maxDelayMs: 0,
    byKind: {},
  };
  readonly examples = new Map<string, string[]>();

  note(field: 'lost' | 'duplicated' | 'spurious' | 'late' | 'early', example: string): void {
    this.report[field] += 1;
    const list = this.examples.get(field) ?? [];
    if (list.length < MAX_EXAMPLES) list.push(example);
    this.examples.set(field, list);
  }
}

export function checkInvariants(input: CheckInput): CheckResult {
  const findings = new Findings();
  const users = new Map(input.users.map((u) => [u.email, u]));
  const prompts = new Map(input.prompts.map((p) => [`${p.userId}/${p.id}`, p]));
  const truthById = new Map<string, TruthInterview>();
  for (const truth of input.interviews) {
    const user = input.users[truth.user]!;
    truthById.set(`${user.userId}/${interviewIdFor(user.connectionId, truth.eventId)}`, truth);
  }
  const sendsByKey = new Map<string, SentMail[]>();
  for (const mail of input.mails) {
    findings.report.byKind[mail.kind] = (findings.report.byKind[mail.kind] ?? 0) + 1;
    const user = users.get(mail.to);
    const key = `${user?.userId ?? mail.to}/${mail.key}`;
    const list = sendsByKey.get(key) ?? [];
    list.push(mail);
    sendsByKey.set(key, list);
  }
  for (const [key, sends] of sendsByKey) {
    if (sends.length > 1) {
      for (let i = 1; i < sends.length; i++) findings.note('duplicated', `${key} sent ${sends.length} times`);
    }
  }
  const timing = new Timing(input, findings);
  checkThankYous(input, findings, timing, sendsByKey, prompts, truthById, users);
  checkPreps(input, findings, timing, sendsByKey, truthById, users);
  checkStatusChecks(input, findings, timing, sendsByKey, users);
  const broken: string[] = [];
  const named: Array<[keyof PromptReport & string, string]> = [
    ['lost', 'invariant 1: a follow-up was lost'],
    ['duplicated', 'invariant 1: a follow-up was sent twice'],
    ['spurious', 'invariant 1: a follow-up was sent for a cancelled, declined or dismissed event'],
    ['late', 'invariant 2: a follow-up was sent late'],
    ['early', 'invariant 2: a follow-up was sent early'],
  ];
  for (const [field, name] of named) {
    const count = findings.report[field] as number;
    if (count > 0) broken.push(`${name} (${count}; e.g. ${findings.examples.get(field)?.[0]})`);
  }
  const notices = findings.report.byKind['connection-broken'] ?? 0;
  if (notices !== input.revocations) {
    broken.push(`invariant 8: ${input.revocations} revoked grants but ${notices} connection-broken notices`);
  }
  return { prompts: findings.report, broken, examples: Object.fromEntries(findings.examples) };
}

/** Judges one send against its due instant, with the allowance for injected faults. */
class Timing {
  constructor(
    private readonly input: CheckInput,
    private readonly findings: Findings,
  ) {}

  judge(userId: string, dueMs: number, sentMs: number, what: string): void {
    const delay = sentMs - dueMs;
    const report = this.findings.report;
    if (delay < -PRECISION_MS) {
      this.findings.note('early', `${what} ${Math.round(-delay / 1000)}s early`);
      return;
    }
    report.maxDelayMs = Math.max(report.maxDelayMs, delay);
    if (delay <= PRECISION_MS) return;
    const failures = this.input.followupFailures.get(userId) ?? [];
    const faulted = failures.some((at) => at >= dueMs - PRECISION_MS && at <= sentMs);
    if (faulted && delay <= FAULT_DELAY_BOUND_MS) report.faultDelayed += 1;
    else this.findings.note('late', `${what} ${Math.round(delay / 1000)}s late`);
  }
}

function checkThankYous(
  input: CheckInput,
  findings: Findings,
  timing: Timing,
  sendsByKey: Map<string, SentMail[]>,
  prompts: Map<string, CheckInput['prompts'][number]>,
  truthById: Map<string, TruthInterview>,
  users: Map<string, CheckUser>,
): void {
  const report = findings.report;
  // Which interview each thank-you mail covered, and when it went out.
  const covered = new Map<TruthInterview, number[]>();
  for (const [key, sends] of sendsByKey) {
    const first = sends[0]!;
    if (first.kind !== 'thank-you') continue;
    const user = users.get(first.to);
    const prompt = prompts.get(key);
    if (!user || !prompt) continue;
    const members = prompt.interviewIds.map((id) => truthById.get(`${user.userId}/${id}`));
    const known = members.filter((m): m is TruthInterview => m !== undefined);
    if (known.length < members.length) report.detectorFalsePositives += 1;
    if (known.length === 0) continue;
    for (const truth of known) covered.set(truth, [...(covered.get(truth) ?? []), first.at]);
    const loop = known[0]!.loopId ? loopMembers(input.interviews, known[0]!) : known;
    if (loop.length !== known.length) report.loopSplits += 1;
    const due = Math.max(...known.map((t) => t.end));
    const firstSeen = Math.max(due, input.start);
    timing.judge(user.userId, firstSeen, first.at, `thank-you ${prompt.id}`);
  }
  for (const truth of input.interviews) {
    const user = input.users[truth.user]!;
    const thanked = covered.get(truth) ?? [];
    const what = `${user.userId} ${truth.eventId} (${truth.state}, ends ${new Date(truth.end).toISOString()})`;
    if (thanked.length > 1) findings.note('duplicated', `thank-you for ${what} in ${thanked.length} prompts`);
    if (truth.state !== 'scheduled') {
      if (thanked.length > 0) findings.note('spurious', `thank-you for ${what}`);
      continue;
    }
    if (truth.end <= input.start - FIRST_SIGHT_MS) {
      if (thanked.length > 0) findings.note('spurious', `thank-you for ${what}, long over when first seen`);
      continue;
    }
    // A loop is thanked once its last interview ends: one still running at the end is not due yet.
    const due = truth.loopId
      ? Math.max(...loopMembers(input.interviews, truth).map((t) => t.end))
      : truth.end;
    if (truth.end <= input.start || due > input.end) continue;
    report.expected += 1;
    if (thanked.length > 0) report.sent += 1;
    else if (!input.detected(truth)) report.detectorMisses += 1;
    else findings.note('lost', `no thank-you for ${what}`);
  }
}

function loopMembers(all: TruthInterview[], member: TruthInterview): TruthInterview[] {
  return all.filter((t) => t.user === member.user && t.loopId === member.loopId && t.state === 'scheduled');
}

function checkPreps(
  input: CheckInput,
  findings: Findings,
  timing: Timing,
  sendsByKey: Map<string, SentMail[]>,
  truthById: Map<string, TruthInterview>,
  users: Map<string, CheckUser>,
): void {
  for (const [key, sends] of sendsByKey) {
    const first = sends[0]!;
    if (first.kind !== 'prep') continue;
    const user = users.get(first.to);
    // Prompt id: prep#<interview id>#<start>
    const [, interviewId, start] = key.slice(key.indexOf('/') + 1).split('#');
    const truth = truthById.get(`${user?.userId}/${interviewId}`);
    if (!user || !truth || !start) continue;
    if (truth.state !== 'scheduled' && truth.stateAt !== undefined && truth.stateAt < first.at) {
      findings.note('spurious', `prep for ${truth.eventId} after it was ${truth.state}`);
    }
    const startMs = Date.parse(start);
    if (first.at > startMs + PRECISION_MS) findings.note('late', `prep ${key} after the interview began`);
    else
      timing.judge(
        user.userId,
        Math.max(startMs - PREP_MINUTES * 60_000, truth.createdAt, input.start),
        first.at,
        `prep ${key}`,
      );
  }
}

function checkStatusChecks(
  input: CheckInput,
  findings: Findings,
  timing: Timing,
  sendsByKey: Map<string, SentMail[]>,
  users: Map<string, CheckUser>,
): void {
  const closed = new Map(input.closed.map((c) => [`${c.userId}/${c.applicationId}`, c.at]));
  for (const [key, sends] of sendsByKey) {
    const first = sends[0]!;
    if (first.kind !== 'status-check') continue;
    const user = users.get(first.to);
    // Prompt id: status-check#<application id>#<due>
    const [, applicationId, due] = key.slice(key.indexOf('/') + 1).split('#');
    if (!user || !applicationId || !due) continue;
    const closedAt = closed.get(`${user.userId}/${applicationId}`);
    if (closedAt !== undefined && closedAt < first.at) {
      findings.note('spurious', `status check for ${applicationId} after the user heard back`);
    }
    const local = DateTime.fromMillis(Date.parse(due), { zone: user.timeZone });
    if (local.weekday > 5 || local.hour !== 9 || local.minute !== 0) {
      findings.note('late', `status check ${key} due at ${local.toISO()}: not a weekday morning`);
    }
    timing.judge(user.userId, Date.parse(due), first.at, `status check ${key}`);
  }
}
