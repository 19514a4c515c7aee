import { describe, expect, it } from 'vitest';
import { interviewIdFor } from '../../functions/core/ids.js';
import type { SentMail } from '../../sim/counting-mailer.js';
import { type CheckInput, checkInvariants } from '../../sim/invariants.js';
import type { TruthInterview } from '../../sim/workload.js';

const START = Date.parse('2026-10-19T00:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const user = {
  index: 0,
  email: 'user0@mail.example',
  userId: 'u-0',
  connectionId: 'google-c0',
  timeZone: 'Europe/Berlin',
  prepEnabled: true,
};

function interview(
  eventId: string,
  endMs: number,
  state: TruthInterview['state'] = 'scheduled',
): TruthInterview {
  return {
    user: 0,
    eventId,
    company: 'Acme Labs',
    stage: 'screen',
    start: endMs - 30 * 60_000,
    end: endMs,
    state,
    ...(state === 'scheduled' ? {} : { stateAt: START + 60_000 }),
    createdAt: START - DAY,
    final: { id: eventId },
  };
}

const iid = (eventId: string) => interviewIdFor(user.connectionId, eventId);

function thankYou(eventId: string, at: number): SentMail {
  return { to: user.email, key: `thank-you#${iid(eventId)}`, kind: 'thank-you', at, subject: 'Thank' };
}

/** A clean log: two interviews, each thanked once at its end. */
function clean(): CheckInput {
  const a = interview('evA', START + DAY);
  const b = interview('evB', START + 2 * DAY);
  return {
    start: START,
    end: START + 7 * DAY,
    users: [user],
    interviews: [a, b],
    mails: [thankYou('evA', a.end), thankYou('evB', b.end + 30_000)],
    prompts: [a, b].map((t) => ({
      userId: user.userId,
      id: `thank-you#${iid(t.eventId)}`,
      kind: 'thank-you' as const,
      interviewIds: [iid(t.eventId)],
    })),
    closed: [],
    revocations: 0,
    followupFailures: new Map(),
    detected: () => true,
  };
}

describe('checkInvariants', () => {
  it('passes a clean log and counts what it saw', () => {
    const result = checkInvariants(clean());
    expect(result.broken).toEqual([]);
    expect(result.prompts).toMatchObject({
      expected: 2,
      sent: 2,
      lost: 0,
      duplicated: 0,
      spurious: 0,
      late: 0,
    });
  });

  it('names a lost follow-up', () => {
    const input = clean();
    input.mails = input.mails.slice(0, 1);
    const result = checkInvariants(input);
    expect(result.prompts.lost).toBe(1);
    expect(result.broken.join('\n')).toMatch(
      /invariant 1: a follow-up was lost \(1; e\.g\. no thank-you for u-0 evB/,
    );
  });

  it('reports a detector miss apart from a lost prompt', () => {
    const input = clean();
    input.mails = input.mails.slice(0, 1);
    input.detected = (truth) => truth.eventId !== 'evB';
    const result = checkInvariants(input);
    expect(result.prompts).toMatchObject({ lost: 0, detectorMisses: 1 });
    expect(result.broken).toEqual([]);
  });

  it('names a prompt sent twice', () => {
    const input = clean();
    input.mails.push({ ...input.mails[0]!, at: input.mails[0]!.at + 5 * 60_000 });
    const result = checkInvariants(input);
    expect(result.prompts.duplicated).toBe(1);
    expect(result.broken.join('\n')).toMatch(/sent twice/);
  });

  it('names a thank-you for a cancelled interview', () => {
    const input = clean();
    input.interviews[1] = { ...input.interviews[1]!, state: 'cancelled', stateAt: START + 60_000 };
    const result = checkInvariants(input);
    expect(result.prompts.spurious).toBe(1);
    expect(result.broken.join('\n')).toMatch(/cancelled, declined or dismissed/);
  });

  it('names a late prompt, unless an injected fault explains a short delay', () => {
    const input = clean();
    input.mails[1] = { ...input.mails[1]!, at: input.interviews[1]!.end + 3 * 60_000 };
    expect(checkInvariants(input).broken.join('\n')).toMatch(/invariant 2: a follow-up was sent late/);
    input.followupFailures = new Map([[user.userId, [input.interviews[1]!.end]]]);
    const excused = checkInvariants(input);
    expect(excused.broken).toEqual([]);
    expect(excused.prompts.faultDelayed).toBe(1);
  });

  it('names an early prompt', () => {
    const input = clean();
    input.mails[0] = { ...input.mails[0]!, at: input.interviews[0]!.end - 10 * 60_000 };
    expect(checkInvariants(input).broken.join('\n')).toMatch(/sent early/);
  });

  it('names a status check sent after the user heard back, and one not on a weekday morning', () => {
    const input = clean();
    const due = '2026-10-26T08:00:00Z'; // Monday 09:00 in Berlin (CET)
    input.mails.push({
      to: user.email,
      key: `status-check#acme-labs#${due}`,
      kind: 'status-check',
      at: Date.parse(due),
      subject: 'Status',
    });
    expect(checkInvariants(input).broken).toEqual([]);
    input.closed = [{ userId: user.userId, applicationId: 'acme-labs', at: Date.parse(due) - DAY }];
    expect(checkInvariants(input).prompts.spurious).toBe(1);
    input.closed = [];
    const night = '2026-10-26T02:00:00Z';
    input.mails.push({
      to: user.email,
      key: `status-check#globex#${night}`,
      kind: 'status-check',
      at: Date.parse(night),
      subject: 'Status',
    });
    expect(checkInvariants(input).broken.join('\n')).toMatch(/not a weekday morning/);
  });

  it('checks one connection-broken notice per revoked grant', () => {
    const input = clean();
    input.revocations = 1;
    expect(checkInvariants(input).broken.join('\n')).toMatch(/invariant 8: 1 revoked grants but 0/);
    input.mails.push({
      to: user.email,
      key: 'broken#google-c0#3',
      kind: 'connection-broken',
      at: START + DAY,
      subject: 'Lost access',
    });
    expect(checkInvariants(input).broken).toEqual([]);
  });
});
