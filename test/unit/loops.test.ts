import { describe, expect, it } from 'vitest';
import { LOOP_GAP_MS, lastOfLoop, loopOf, thankYouPeople } from '../../functions/core/loops.js';
import type { Interview, Interviewer } from '../../functions/core/model.js';

const ZONE = 'Europe/Berlin';

/** A stored interview; times are UTC instants. */
function interview(id: string, start: string, end: string, extra: Partial<Interview> = {}): Interview {
  return {
    userId: 'u1',
    id,
    version: 1,
    connectionId: 'c1',
    eventId: id,
    state: 'scheduled',
    title: `Interview ${id}`,
    description: '',
    start,
    end,
    company: 'Acme',
    applicationId: 'acme',
    interviewers: [],
    detection: { interview: true, score: 0.9, reasons: [] },
    firstSeenAt: '2026-03-01T00:00:00Z',
    thankYouWaived: false,
    notes: {},
    ...extra,
  };
}

function ids(loop: Interview[]): string[] {
  return loop.map((i) => i.id);
}

describe('loopOf', () => {
  it('chains back-to-back interviews with one company on one day into one loop', () => {
    const a = interview('a', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z');
    const b = interview('b', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z');
    const c = interview('c', '2026-03-04T11:15:00Z', '2026-03-04T12:00:00Z');
    const all = [c, a, b];
    for (const member of all) expect(ids(loopOf(member, all, ZONE))).toEqual(['a', 'b', 'c']);
  });

  it('splits at a 3-hour gap into two loops', () => {
    const a = interview('a', '2026-03-04T08:00:00Z', '2026-03-04T09:00:00Z');
    const b = interview('b', '2026-03-04T12:00:00Z', '2026-03-04T13:00:00Z');
    const all = [a, b];
    expect(ids(loopOf(a, all, ZONE))).toEqual(['a']);
    expect(ids(loopOf(b, all, ZONE))).toEqual(['b']);
  });

  it('keeps a lunch break of exactly the allowed gap inside the loop, and not a minute more', () => {
    const a = interview('a', '2026-03-04T08:00:00Z', '2026-03-04T09:00:00Z');
    const atGap = interview(
      'b',
      new Date(Date.parse(a.end) + LOOP_GAP_MS).toISOString().replace('.000', ''),
      '2026-03-04T11:30:00Z',
    );
    expect(ids(loopOf(a, [a, atGap], ZONE))).toEqual(['a', 'b']);
    const overGap = interview(
      'b',
      new Date(Date.parse(a.end) + LOOP_GAP_MS + 60_000).toISOString().replace('.000', ''),
      '2026-03-04T11:30:00Z',
    );
    expect(ids(loopOf(a, [a, overGap], ZONE))).toEqual(['a']);
  });

  it('measures the gap from the latest end in the chain, not the last start', () => {
    // A long first interview overlaps a short one; the third follows the long one closely.
    const long = interview('a', '2026-03-04T08:00:00Z', '2026-03-04T12:00:00Z');
    const short = interview('b', '2026-03-04T08:30:00Z', '2026-03-04T09:00:00Z');
    const third = interview('c', '2026-03-04T12:30:00Z', '2026-03-04T13:00:00Z');
    expect(ids(loopOf(third, [long, short, third], ZONE))).toEqual(['a', 'b', 'c']);
  });

  it('keeps interviews with another company (another application) apart', () => {
    const a = interview('a', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z');
    const other = interview('x', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z', {
      company: 'Globex',
      applicationId: 'globex',
    });
    const all = [a, other];
    expect(ids(loopOf(a, all, ZONE))).toEqual(['a']);
    expect(ids(loopOf(other, all, ZONE))).toEqual(['x']);
  });

  it('splits at midnight in the user zone, even when the gap is small', () => {
    // 23:00-23:45 and 00:15-01:00 Berlin time (UTC+1): two local days.
    const late = interview('a', '2026-03-04T22:00:00Z', '2026-03-04T22:45:00Z');
    const early = interview('b', '2026-03-04T23:15:00Z', '2026-03-05T00:00:00Z');
    expect(ids(loopOf(late, [late, early], ZONE))).toEqual(['a']);
    // The same instants are one day in New York (17:00 and 18:15 local).
    expect(ids(loopOf(late, [late, early], 'America/New_York'))).toEqual(['a', 'b']);
  });

  it('leaves out cancelled, declined, dismissed and waived interviews', () => {
    const a = interview('a', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z');
    const members = [
      interview('b', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z', { state: 'cancelled' }),
      interview('c', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z', { state: 'declined' }),
      interview('d', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z', { state: 'dismissed' }),
      interview('e', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z', { thankYouWaived: true }),
    ];
    expect(ids(loopOf(a, [a, ...members], ZONE))).toEqual(['a']);
  });

  it('returns the interview alone when it is not itself a candidate', () => {
    const cancelled = interview('a', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z', { state: 'cancelled' });
    const b = interview('b', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z');
    expect(ids(loopOf(cancelled, [cancelled, b], ZONE))).toEqual(['a']);
  });
});

describe('lastOfLoop', () => {
  it('is the member that ends last, whatever the order given', () => {
    const a = interview('a', '2026-03-04T08:00:00Z', '2026-03-04T12:00:00Z');
    const b = interview('b', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z');
    expect(lastOfLoop([a, b]).id).toBe('a');
    expect(lastOfLoop([b, a]).id).toBe('a');
  });

  it('breaks a tie on the end by id, so every member names the same loop prompt', () => {
    const a = interview('a', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z');
    const b = interview('b', '2026-03-04T09:30:00Z', '2026-03-04T10:00:00Z');
    expect(lastOfLoop([a, b]).id).toBe('b');
    expect(lastOfLoop([b, a]).id).toBe('b');
  });
});

describe('thankYouPeople', () => {
  const person = (key: string, email?: string): Interviewer => ({
    key,
    name: key,
    email,
    fromDescription: !email,
  });

  it('lists each person once, at their first interview by start, in loop order', () => {
    const rita = person('rita@acme.test', 'rita@acme.test');
    const a = interview('a', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z', {
      interviewers: [person('jane@acme.test', 'jane@acme.test'), rita],
    });
    const b = interview('b', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z', {
      interviewers: [rita, person('olu')],
    });
    const c = interview('c', '2026-03-04T11:00:00Z', '2026-03-04T12:00:00Z', { interviewers: [rita] });
    const listed = thankYouPeople([c, b, a]).map((p) => `${p.interview.id}:${p.person.key}`);
    expect(listed).toEqual(['a:jane@acme.test', 'a:rita@acme.test', 'b:olu']);
  });

  it('is empty when nobody was listed', () => {
    expect(thankYouPeople([interview('a', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z')])).toEqual([]);
  });
});
