/**
 * The checker on doctored logs: each finding is caught from the truth alone,
 * for every prompt kind, and a clean log passes.
 */
import { describe, expect, it } from 'vitest';
import { interviewIdFor } from '../../functions/core/ids.js';
import type { SentMail } from '../../sim/counting-mailer.js';
import { type CheckInput, checkInvariants } from '../../sim/invariants.js';
import type { TruthInterview } from '../../sim/workload.js';

const START = Date.parse('2026-10-19T00:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const user = {
  index: 0,
  email: 'user0@mail.example',
  userId: 'u-0',
  connectionId: 'google-c0',
  timeZone: 'Europe/Berlin',
  prepEnabled: true,
};
const other = { ...user, index: 1, email: 'user1@mail.example', userId: 'u-1', connectionId: 'google-c1' };
/** B ends Wed 21 Oct 02:00 Berlin: five business days later, 9:00 CET. */
const STATUS_DUE = Date.parse('2026-10-28T08:00:00Z');

function interview(eventId: string, endMs: number, name: string): TruthInterview {
  return {
    user: 0,
    eventId,
    company: 'Acme Labs',
    stage: 'screen',
    start: endMs - 30 * MIN,
    end: endMs,
    state: 'scheduled',
    createdAt: START - DAY,
    final: { id: eventId },
    interviewers: [name],
    recruiter: 'Rita Recruiter',
  };
}

const iid = (eventId: string) => interviewIdFor(user.connectionId, eventId);

function thankYou(truth: TruthInterview, at: number, names = truth.interviewers): SentMail {
  return {
    to: user.email,
    key: `thank-you#${iid(truth.eventId)}`,
    kind: 'thank-you',
    at,
    subject: 'Send your thank-you notes: Acme Labs',
    text: `Your interview just ended\n\nWith: ${names.join(', ')}\n`,
  };
}

function prep(truth: TruthInterview): SentMail {
  return {
    to: user.email,
    key: `prep#${iid(truth.eventId)}#${new Date(truth.start).toISOString()}`,
    kind: 'prep',
    at: truth.start - 60 * MIN,
    subject: 'Coming up: Acme Labs',
    text: '',
  };
}

function statusCheck(at: number): SentMail {
  return {
    to: user.email,
    key: `status-check#acme-labs#${new Date(at).toISOString()}`,
    kind: 'status-check',
    at,
    subject: 'Time to check in with Acme Labs',
    text: '',
  };
}

/** A clean log: two interviews, each prepped and thanked once, one status check. */
function clean(): CheckInput {
  const a = interview('evA', START + DAY, 'Jane Roe');
  const b = interview('evB', START + 2 * DAY, 'Bo Li');
  return {
    start: START,
    end: START + 14 * DAY,
    users: [user, other],
    interviews: [a, b],
    mails: [prep(a), thankYou(a, a.end), prep(b), thankYou(b, b.end + 30_000), statusCheck(STATUS_DUE)],
    actions: [],
    revocations: 0,
    faultHits: new Map(),
    detected: () => true,
  };
}

const without = (input: CheckInput, key: string) => input.mails.filter((m) => m.key !== key);

describe('checkInvariants', () => {
  it('passes a clean log and counts every kind from the truth', () => {
    const result = checkInvariants(clean());
    expect(result.broken).toEqual([]);
    expect(result.prompts.thankYou).toMatchObject({ expected: 2, sent: 2 });
    expect(result.prompts.prep).toMatchObject({ expected: 2, sent: 2 });
    expect(result.prompts.statusCheck).toMatchObject({ expected: 1, sent: 1 });
  });

  it('finds a lost prep and a lost status check with no stored prompt to go by', () => {
    const input = clean();
    input.mails = input.mails.filter((m) => m.kind === 'thank-you');
    const result = checkInvariants(input);
    expect(result.prompts.prep.lost).toBe(2);
    expect(result.prompts.statusCheck.lost).toBe(1);
  });

  it('reports detector misses apart, and fails the run past the ceiling', () => {
    const input = clean();
    input.mails = without(input, `thank-you#${iid('evB')}`);
    input.detected = (truth) => truth.eventId !== 'evB';
    const result = checkInvariants(input);
    expect(result.prompts.thankYou).toMatchObject({ lost: 0, detectorMisses: 1 });
    expect(result.broken.join('\n')).toMatch(/detector: 1 of 2 thank-yous missed/);
  });

  it('finds a thank-you sent again under another key', () => {
    const input = clean();
    const [a] = input.interviews;
    input.mails.push({ ...thankYou(a!, a!.end + 5 * MIN), key: `thank-you#${iid('evA')}#again` });
    expect(checkInvariants(input).prompts.thankYou.duplicated).toBe(1);
  });

  it('finds a thank-you for a cancelled interview', () => {
    const input = clean();
    input.interviews[0] = { ...input.interviews[0]!, state: 'cancelled', stateAt: START + MIN };
    const result = checkInvariants(input);
    expect(result.prompts.thankYou.spurious).toBe(1);
    // And its prep was not due: the one sent is spurious too.
    expect(result.prompts.prep.spurious).toBe(1);
  });

  it('excuses a late thank-you only when a fault hit that very delivery, within the bound', () => {
    const input = clean();
    const [a] = input.interviews;
    input.mails[1] = thankYou(a!, a!.end + 5 * MIN);
    expect(checkInvariants(input).prompts.thankYou.late).toBe(1);
    input.faultHits = new Map([[`${user.userId}/${iid('evB')}`, [a!.end + MIN]]]);
    expect(checkInvariants(input).prompts.thankYou.late).toBe(1);
    input.faultHits = new Map([[`${user.userId}/${iid('evA')}`, [a!.end + MIN]]]);
    const excused = checkInvariants(input);
    expect(excused.prompts.thankYou).toMatchObject({ late: 0, faultDelayed: 1 });
    input.mails[1] = thankYou(a!, a!.end + 20 * MIN);
    expect(checkInvariants(input).prompts.thankYou.late).toBe(1);
  });

  it('finds an early prep', () => {
    const input = clean();
    const [a] = input.interviews;
    input.mails[0] = { ...prep(a!), at: a!.start - 3 * 60 * MIN };
    expect(checkInvariants(input).prompts.prep.early).toBe(1);
  });

  it('finds a prompt mailed to another user', () => {
    const input = clean();
    input.mails[1] = { ...input.mails[1]!, to: other.email };
    input.mails[4] = { ...input.mails[4]!, to: other.email };
    const result = checkInvariants(input);
    expect(result.prompts.thankYou).toMatchObject({ misaddressed: 1, lost: 1 });
    expect(result.prompts.statusCheck).toMatchObject({ misaddressed: 1, lost: 1 });
  });

  it('finds a thank-you naming the wrong people', () => {
    const input = clean();
    const [a] = input.interviews;
    input.mails[1] = thankYou(a!, a!.end, ['Bo Li']);
    expect(checkInvariants(input).prompts.thankYou.wrongNames).toBe(1);
    // The recruiter may be named as well.
    input.mails[1] = thankYou(a!, a!.end, ['Jane Roe', 'Rita Recruiter']);
    expect(checkInvariants(input).prompts.thankYou.wrongNames).toBe(0);
  });

  it('finds a status check that kept the date of a round cancelled after its due time', () => {
    const input = clean();
    // A final round, invited before the check was due, postpones it; it is cancelled after that due time.
    const final = {
      ...interview('evC', STATUS_DUE + 3 * DAY, 'Ken Sato'),
      createdAt: STATUS_DUE - DAY,
      state: 'cancelled' as const,
      stateAt: STATUS_DUE + 8 * 60 * MIN,
    };
    input.interviews.push(final);
    // Wed 28 Oct 16:00 Berlin is daytime: the check is due at once.
    const right = checkInvariants({
      ...input,
      mails: [...without(input, statusCheck(STATUS_DUE).key), statusCheck(final.stateAt)],
    });
    expect(right.prompts.statusCheck).toMatchObject({ sent: 1, late: 0, lost: 0 });
    const stale = statusCheck(Date.parse('2026-11-06T08:00:00Z'));
    const wrong = checkInvariants({
      ...input,
      mails: [...without(input, statusCheck(STATUS_DUE).key), stale],
    });
    expect(wrong.prompts.statusCheck.late).toBe(1);
  });

  it('finds a status check after the user heard back', () => {
    const input = clean();
    input.actions = [
      { at: STATUS_DUE - DAY, user: 0, kind: 'heard-back', eventId: 'evB', outcome: 'rejected' },
    ];
    expect(checkInvariants(input).prompts.statusCheck.spurious).toBe(1);
  });

  it('holds revoked grants against connection-broken notices (invariant 8)', () => {
    const input = clean();
    input.revocations = 1;
    expect(checkInvariants(input).broken.join('\n')).toMatch(/invariant 8: 1 revoked grants but 0/);
  });
});
