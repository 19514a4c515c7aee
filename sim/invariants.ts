/**
 * The end-of-run check: from the workload's own truth (never from the
 * detector or the store) it derives every thank-you, prep and status check
 * that should go out, to whom, when and naming whom, and judges every mail
 * sent against that list. Detector misses are counted apart, under a fixed
 * ceiling. Pure: the run passes everything in.
 *
 * The calendar arithmetic of a status check's due time (business days,
 * weekday mornings, daytime landing) is the product's own `timing.ts`, which
 * has its own unit tests; *which* interviews count and *when* things changed
 * come from the truth alone.
 */
import { DateTime } from 'luxon';
import { interviewIdFor } from '../functions/core/ids.js';
import { STATUS_CHECK_GRACE_MS, THANK_YOU_FIRST_SIGHT_MS } from '../functions/core/planning.js';
import { isDaytime, nextBusinessMorning, statusCheckDue, weekdayMorning } from '../functions/core/timing.js';
import type { SentMail } from './counting-mailer.js';
import type { TruthInterview, UserAction } from './workload.js';

/** The scheduler's precision: a prompt within this of its due time is on time. */
export const PRECISION_MS = 60_000;
/** A delivery that an injected fault hit may wait this long (claim lease plus retries). */
export const FAULT_DELAY_BOUND_MS = 10 * 60_000;
/** At most this share of the expected thank-yous may be missed by the detector, or the run fails. */
export const DETECTOR_MISS_CEILING = 0.05;
const PREP_MINUTES = 60;
const WAITING_DAYS = 5;
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
  /** Every mail the mail service accepted. */
  mails: SentMail[];
  /** The users' own actions (heard back closes an application). */
  actions: UserAction[];
  /** Grants the provider revoked during the run. */
  revocations: number;
  /**
   * Instants at which an injected fault hit a delivery, keyed `userId/target`
   * (target: interview or application id), or `userId` for a failed sync or
   * a delayed notification.
   */
  faultHits: Map<string, number[]>;
  /** Whether the real detector recognises this interview (misses are reported apart). */
  detected: (truth: TruthInterview) => boolean;
}

export const FINDINGS = [
  'lost',
  'duplicated',
  'spurious',
  'late',
  'early',
  'misaddressed',
  'wrongNames',
] as const;
export type Finding = (typeof FINDINGS)[number];

export interface KindReport {
  /** Prompts the truth calls for, due within the run. */
  expected: number;
  /** Of those, delivered to their user at least once. */
  sent: number;
  lost: number;
  /** Extra mails for a prompt already delivered (same key or another). */
  duplicated: number;
  /** Mails for nothing the truth calls for (cancelled, declined, closed, part of a loop...). */
  spurious: number;
  late: number;
  early: number;
  /** Mails that went to someone other than the prompt's user. */
  misaddressed: number;
  /** Thank-yous that leave out an interviewer or name someone who was not there. */
  wrongNames: number;
  /** On time only within the fault bound, because an injected fault hit that very delivery. */
  faultDelayed: number;
  /** Expected ones not sent because the detector does not recognise an interview: detection, not delivery. */
  detectorMisses: number;
}

export type PromptKind = 'thankYou' | 'prep' | 'statusCheck';

export interface CheckResult {
  prompts: Record<PromptKind, KindReport>;
  detector: { misses: number; expected: number; ceiling: number; falsePositives: number };
  /** Greatest delay from due to sent over every delivered prompt, ms. */
  maxDelayMs: number;
  /** Mails by their kind tag. */
  byKind: Record<string, number>;
  /** Broken invariants, with a count and an example each; empty when all hold. */
  broken: string[];
  /** Up to ten examples per kind and finding. */
  examples: Record<string, string[]>;
}

function emptyReport(): KindReport {
  return {
    expected: 0,
    sent: 0,
    lost: 0,
    duplicated: 0,
    spurious: 0,
    late: 0,
    early: 0,
    misaddressed: 0,
    wrongNames: 0,
    faultDelayed: 0,
    detectorMisses: 0,
  };
}

/** One prompt the truth calls for. */
interface Expected {
  kind: PromptKind;
  user: CheckUser;
  due: number;
  /** Due before the run began (first sight) or after it ended: may go out, need not. */
  optional: boolean;
  /** Judged for lateness when sent (not for a first sight, which lands when found). */
  timed: boolean;
  /** Counted as a detector miss, not a loss, when not sent. */
  missedByDetector: boolean;
  /** Fault keys that excuse a delay of this delivery. */
  target: string;
  createdAt: number;
  names?: { must: string[]; may: Set<string> };
  what: string;
  sends: SentMail[];
  /** Thank-yous: the prompt keys that cover the whole loop. */
  acceptKeys?: Set<string>;
}

class Checker {
  readonly prompts: Record<PromptKind, KindReport> = {
    thankYou: emptyReport(),
    prep: emptyReport(),
    statusCheck: emptyReport(),
  };
  readonly examples = new Map<string, string[]>();
  falsePositives = 0;
  maxDelayMs = 0;

  constructor(readonly input: CheckInput) {}

  note(kind: PromptKind, field: Finding, example: string): void {
    this.prompts[kind][field] += 1;
    const name = `${kind}.${field}`;
    const list = this.examples.get(name) ?? [];
    if (list.length < MAX_EXAMPLES) list.push(example);
    this.examples.set(name, list);
  }

  /** Delivered items: sent count, duplicates, timing, names. */
  settle(items: Expected[]): void {
    for (const item of items) {
      const report = this.prompts[item.kind];
      if (!item.optional) report.expected += 1;
      const [first, ...extra] = item.sends;
      for (const mail of extra) this.note(item.kind, 'duplicated', `${item.what}: again as ${mail.key}`);
      if (!first) {
        if (item.optional) continue;
        if (item.missedByDetector) report.detectorMisses += 1;
        else this.note(item.kind, 'lost', `${item.what}: never sent`);
        continue;
      }
      if (!item.optional) report.sent += 1;
      if (item.names) this.judgeNames(item, first);
      if (item.timed) this.judgeTime(item, first);
    }
  }

  private judgeNames(item: Expected, mail: SentMail): void {
    const line = mail.text.split('\n').find((l) => l.startsWith('With: '));
    const named = line ? line.slice('With: '.length).split(', ') : [];
    const missing = item.names!.must.filter((name) => !named.includes(name));
    const stranger = named.filter((name) => !item.names!.may.has(name));
    if (missing.length > 0 || stranger.length > 0) {
      this.note(
        item.kind,
        'wrongNames',
        `${item.what}: names [${named.join(', ')}], missing [${missing.join(', ')}], not there [${stranger.join(', ')}]`,
      );
    }
  }

  private readonly sentKey = new Map<Expected, string>();

  private judgeTime(item: Expected, mail: SentMail): void {
    this.sentKey.set(item, mail.key.split('#')[1] ?? '');
    const delay = mail.at - item.due;
    const what = `${item.what} due ${new Date(item.due).toISOString()}`;
    if (delay < -PRECISION_MS) {
      if (item.missedByDetector) return;
      this.note(item.kind, 'early', `${what}: ${Math.round(-delay / 1000)}s early`);
      return;
    }
    if (delay <= PRECISION_MS) {
      this.maxDelayMs = Math.max(this.maxDelayMs, delay);
      return;
    }
    if (item.missedByDetector) return;
    if (delay <= FAULT_DELAY_BOUND_MS && this.faultHit(item, mail.at)) {
      this.maxDelayMs = Math.max(this.maxDelayMs, delay);
      this.prompts[item.kind].faultDelayed += 1;
      return;
    }
    this.maxDelayMs = Math.max(this.maxDelayMs, delay);
    this.note(item.kind, 'late', `${what}: ${Math.round(delay / 1000)}s late`);
  }

  /**
   * A fault hit this very delivery: its own firing failed in the window, or
   * the prompt was planned at the last moment (created within the bound of
   * its due time) and the sync that would plan it failed or was delayed.
   */
  private faultHit(item: Expected, sentAt: number): boolean {
    const inWindow = (at: number) => at >= item.due - PRECISION_MS && at <= sentAt;
    // A status check's application id is the product's; its mail key names it.
    const target = item.target || (this.sentKey.get(item) ?? '');
    const own = this.input.faultHits.get(`${item.user.userId}/${target}`) ?? [];
    if (own.some(inWindow)) return true;
    if (item.createdAt < item.due - FAULT_DELAY_BOUND_MS) return false;
    const user = this.input.faultHits.get(item.user.userId) ?? [];
    return user.some((at) => at >= item.createdAt && at <= sentAt);
  }
}

export function checkInvariants(input: CheckInput): CheckResult {
  const checker = new Checker(input);
  const byEmail = new Map(input.users.map((u) => [u.email, u]));
  const byConnection = new Map(input.users.map((u) => [u.connectionId, u]));
  const truthById = new Map<string, TruthInterview>();
  for (const truth of input.interviews) {
    const user = input.users[truth.user]!;
    truthById.set(interviewIdFor(user.connectionId, truth.eventId), truth);
  }
  const byKind: Record<string, number> = {};
  for (const mail of input.mails) byKind[mail.kind] = (byKind[mail.kind] ?? 0) + 1;

  const thankYous = expectThankYous(input);
  const preps = expectPreps(input);
  const statusChecks = expectStatusChecks(input);

  for (const mail of input.mails) {
    const recipient = byEmail.get(mail.to);
    if (mail.kind === 'thank-you' || mail.kind === 'prep') {
      const kind: PromptKind = mail.kind === 'prep' ? 'prep' : 'thankYou';
      const interviewId = mail.key.split('#')[1] ?? '';
      const owner = byConnection.get(interviewId.slice(0, interviewId.indexOf('~')));
      if (!owner || owner !== recipient) {
        checker.note(kind, 'misaddressed', `${mail.key} to ${mail.to}`);
        continue;
      }
      const truth = truthById.get(interviewId);
      if (!truth) {
        // Not an interview by the truth: the detector's false positive, judged apart.
        if (kind === 'thankYou') checker.falsePositives += 1;
        continue;
      }
      const item = kind === 'thankYou' ? thankYous.byMember.get(truth) : preps.byMember.get(truth);
      if (!item) {
        checker.note(kind, 'spurious', `${mail.key} for ${describe(truth)}`);
        continue;
      }
      if (kind === 'thankYou' && !item.acceptKeys!.has(interviewId)) {
        checker.note(kind, 'spurious', `${mail.key}: a thank-you for part of a loop (${item.what})`);
        continue;
      }
      if (
        kind === 'prep' &&
        Date.parse(mail.key.split('#')[2] ?? '') !== truth.start &&
        mail.at > (truth.movedAt ?? 0)
      ) {
        checker.note(kind, 'spurious', `${mail.key}: a prep for a time the interview no longer has`);
        continue;
      }
      item.sends.push(mail);
      continue;
    }
    if (mail.kind === 'status-check') {
      const process = recipient ? statusChecks.processOf(recipient, mail) : undefined;
      if (!process) {
        const foreign = statusChecks.anyProcessOf(mail);
        checker.note(
          'statusCheck',
          foreign ? 'misaddressed' : 'spurious',
          `${mail.key} to ${mail.to}: "${mail.subject}"`,
        );
        continue;
      }
      process.sends.push(mail);
    }
  }

  checker.settle(thankYous.items);
  checker.settle(preps.items);
  checker.settle(statusChecks.match(checker));

  const detector = {
    misses: checker.prompts.thankYou.detectorMisses,
    expected: checker.prompts.thankYou.expected,
    ceiling: DETECTOR_MISS_CEILING,
    falsePositives: checker.falsePositives,
  };
  const broken: string[] = [];
  for (const kind of ['thankYou', 'prep', 'statusCheck'] as const) {
    for (const field of FINDINGS) {
      const count = checker.prompts[kind][field];
      if (count > 0) {
        broken.push(`${kind}: ${count} ${field} (e.g. ${checker.examples.get(`${kind}.${field}`)?.[0]})`);
      }
    }
  }
  if (detector.misses > detector.expected * DETECTOR_MISS_CEILING) {
    broken.push(
      `detector: ${detector.misses} of ${detector.expected} thank-yous missed (ceiling ${DETECTOR_MISS_CEILING * 100}%)`,
    );
  }
  const notices = byKind['connection-broken'] ?? 0;
  if (notices !== input.revocations) {
    broken.push(`invariant 8: ${input.revocations} revoked grants but ${notices} connection-broken notices`);
  }
  return {
    prompts: checker.prompts,
    detector,
    maxDelayMs: checker.maxDelayMs,
    byKind,
    broken,
    examples: Object.fromEntries(checker.examples),
  };
}

type ThankYouItem = Expected & { acceptKeys: Set<string> };

/** One thank-you per loop (or lone interview) that ended while the run watched, attended. */
function expectThankYous(input: CheckInput): {
  items: ThankYouItem[];
  byMember: Map<TruthInterview, ThankYouItem>;
} {
  const items: ThankYouItem[] = [];
  const byMember = new Map<TruthInterview, ThankYouItem>();
  const groups = new Map<string, TruthInterview[]>();
  for (const truth of input.interviews) {
    if (truth.state !== 'scheduled') continue;
    const key = truth.loopId ? `${truth.user}/${truth.loopId}` : `${truth.user}/${truth.eventId}`;
    groups.set(key, [...(groups.get(key) ?? []), truth]);
  }
  for (const members of groups.values()) {
    members.sort((a, b) => a.end - b.end);
    const last = members.at(-1)!;
    const due = last.end;
    if (due <= input.start - THANK_YOU_FIRST_SIGHT_MS) continue;
    const user = input.users[last.user]!;
    const detected = members.filter(input.detected);
    const lastDetected = detected.at(-1);
    const names = members.flatMap((m) => m.interviewers);
    const item: ThankYouItem = {
      kind: 'thankYou',
      user,
      due: Math.max(due, input.start),
      optional: due <= input.start || due > input.end,
      timed: due > input.start,
      missedByDetector: detected.length < members.length,
      target: interviewIdFor(user.connectionId, last.eventId),
      createdAt: Math.max(...members.map((m) => m.createdAt)),
      names: { must: [...new Set(names)], may: new Set([...names, ...members.map((m) => m.recruiter)]) },
      what: `thank-you for ${describe(last)}${members.length > 1 ? ` (loop of ${members.length})` : ''}`,
      sends: [],
      acceptKeys: new Set(
        [last, lastDetected]
          .filter((m): m is TruthInterview => m !== undefined)
          .map((m) => interviewIdFor(user.connectionId, m.eventId)),
      ),
    };
    items.push(item);
    for (const member of members) byMember.set(member, item);
  }
  return { items, byMember };
}

/** A prep before each interview still on when its prep falls due, for users who want them. */
function expectPreps(input: CheckInput): { items: Expected[]; byMember: Map<TruthInterview, Expected> } {
  const items: Expected[] = [];
  const byMember = new Map<TruthInterview, Expected>();
  for (const truth of input.interviews) {
    const user = input.users[truth.user]!;
    if (!user.prepEnabled || truth.start <= input.start) continue;
    const due = Math.max(truth.start - PREP_MINUTES * 60_000, truth.createdAt, input.start);
    // Cancelled or declined before its prep was due: no prep. Dismissed after it: the prep stands.
    if (truth.state !== 'scheduled' && (truth.stateAt ?? 0) <= due) continue;
    const item: Expected = {
      kind: 'prep',
      user,
      due,
      optional: due > input.end,
      timed: true,
      missedByDetector: !input.detected(truth),
      target: interviewIdFor(user.connectionId, truth.eventId),
      createdAt: truth.createdAt,
      what: `prep for ${describe(truth)}`,
      sends: [],
    };
    items.push(item);
    byMember.set(truth, item);
  }
  return { items, byMember };
}

interface Process {
  user: CheckUser;
  company: string;
  members: TruthInterview[];
  closedAt?: number;
  sends: SentMail[];
}

/**
 * Status checks: replays each application's rounds as they appeared and went
 * away; the check falls due a waiting window after the latest live round;
 * one found already due (its postponing round cancelled) lands at once in
 * the daytime, else the next weekday morning.
 */
function expectStatusChecks(input: CheckInput) {
  const processes = new Map<string, Process>();
  for (const truth of input.interviews) {
    const user = input.users[truth.user]!;
    const key = `${truth.user}/${truth.company}`;
    const process = processes.get(key) ?? { user, company: truth.company, members: [], sends: [] };
    process.members.push(truth);
    processes.set(key, process);
  }
  for (const action of input.actions) {
    // Heard back before connecting: the user has nothing to click yet.
    if (action.kind !== 'heard-back' || action.at < input.start) continue;
    for (const process of processes.values()) {
      if (process.user.index !== action.user) continue;
      if (process.members.some((m) => m.eventId === action.eventId)) process.closedAt = action.at;
    }
  }
  const list = [...processes.values()];
  return {
    processOf(user: CheckUser, mail: SentMail): Process | undefined {
      return list.find((p) => p.user === user && mentions(mail, p.company));
    },
    anyProcessOf(mail: SentMail): Process | undefined {
      return list.find((p) => mentions(mail, p.company));
    },
    match(checker: Checker): Expected[] {
      const items: Expected[] = [];
      for (const process of list) items.push(...matchProcess(input, checker, process));
      return items;
    },
  };
}

function mentions(mail: SentMail, company: string): boolean {
  return mail.subject.endsWith(` ${company}`);
}

function matchProcess(input: CheckInput, checker: Checker, process: Process): Expected[] {
  const { user } = process;
  const missedByDetector = process.members.some((m) => m.state === 'scheduled' && !input.detected(m));
  const fires = statusCheckFires(input, process);
  const items: Expected[] = fires.map((fire) => ({
    kind: 'statusCheck',
    user,
    due: fire.at,
    optional: fire.optional || fire.at > input.end,
    timed: !fire.optional,
    missedByDetector,
    target: '',
    createdAt: fire.planned,
    what: `status check with ${process.company} for ${user.userId}`,
    sends: [],
  }));
  const sends = [...process.sends].sort((a, b) => a.at - b.at);
  const byKey = new Map<string, SentMail>();
  for (const mail of sends) {
    if (byKey.has(mail.key)) {
      checker.note('statusCheck', 'duplicated', `${mail.key} sent again`);
      continue;
    }
    byKey.set(mail.key, mail);
    if (process.closedAt !== undefined && mail.at > process.closedAt) {
      checker.note('statusCheck', 'spurious', `${mail.key} after the user heard back`);
      continue;
    }
    const open = items.filter((item) => item.sends.length === 0);
    const nearest = open.sort((a, b) => Math.abs(a.due - mail.at) - Math.abs(b.due - mail.at))[0];
    if (nearest) nearest.sends.push(mail);
    else if (missedByDetector) continue;
    else if (items.length > 0)
      checker.note('statusCheck', 'duplicated', `${mail.key}: one more than the truth calls for`);
    else checker.note('statusCheck', 'spurious', `${mail.key}: no status check is due`);
  }
  return items;
}

/** When the truth says this application's status checks go out. */
function statusCheckFires(
  input: CheckInput,
  process: Process,
): Array<{ at: number; planned: number; optional: boolean }> {
  const zone = process.user.timeZone;
  const live = (m: TruthInterview, at: number) =>
    m.createdAt <= at && (m.stateAt === undefined || m.stateAt > at);
  const dueAt = (at: number): number | undefined => {
    const ends = process.members.filter((m) => live(m, at)).map((m) => m.end);
    if (ends.length === 0) return undefined;
    return statusCheckDue(new Date(Math.max(...ends)), zone, undefined, WAITING_DAYS).getTime();
  };
  const changes = [
    ...new Set(
      process.members
        .flatMap((m) => [m.createdAt, m.stateAt ?? Number.POSITIVE_INFINITY])
        .filter((at) => at > input.start),
    ),
  ].sort((a, b) => a - b);
  const fires: Array<{ at: number; planned: number; optional: boolean }> = [];
  // Checks due after the end are listed too (optional): a run drains a little past its end.
  const stop = Math.min(input.end + STATUS_CHECK_GRACE_MS, process.closedAt ?? Number.POSITIVE_INFINITY);
  let sentFor: number | undefined;
  // At connect: a check due longer ago than the grace is waived; one due less long ago lands now.
  let planned = input.start;
  let due = dueAt(input.start);
  let optional = false;
  if (due !== undefined && due < input.start) {
    if (due < input.start - STATUS_CHECK_GRACE_MS) {
      sentFor = due;
      due = undefined;
    } else {
      due = freshLanding(input.start, zone);
      optional = true;
    }
  }
  let next = 0;
  for (;;) {
    const change = changes[next];
    if (due !== undefined && due !== sentFor && (change === undefined || due < change)) {
      if (due > stop) break;
      fires.push({ at: due, planned, optional });
      sentFor = due;
      optional = false;
      continue;
    }
    if (change === undefined || change > stop) break;
    next += 1;
    planned = change;
    const fresh = dueAt(change);
    optional = false;
    if (fresh === undefined) due = undefined;
    else if (fresh >= change) due = fresh;
    else if (sentFor !== undefined && sentFor >= fresh) due = sentFor;
    else due = freshLanding(change, zone);
  }
  return fires;
}

function freshLanding(at: number, zone: string): number {
  const now = new Date(at);
  if (isDaytime(now, zone)) return at;
  const today = weekdayMorning(DateTime.fromJSDate(now, { zone })).toJSDate().getTime();
  return today >= at ? today : nextBusinessMorning(now, zone).getTime();
}

function describe(truth: TruthInterview): string {
  return `user ${truth.user} ${truth.eventId} at ${truth.company} (${truth.stage}, ${truth.state}, ends ${iso(truth.end)})`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
