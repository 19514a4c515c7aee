/** Which Google failures are retried, how long to wait, and when to give up. */
import { describe, expect, it } from 'vitest';
import { withBackoff } from '../../functions/adapters/calendar/google/google-backoff.js';
import { classifyGoogleError } from '../../functions/adapters/calendar/google/google-errors.js';
import { RateLimitedError } from '../../functions/core/errors.js';

/** A failure shaped as gaxios throws it (status, data, fetch-style headers). */
function failure(status: number, data: unknown = {}, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}`), {
    status,
    response: { status, data, headers: new Headers(headers) },
  });
}
const reason = (r: string) => ({ error: { code: 403, errors: [{ domain: 'usageLimits', reason: r }] } });

describe('classifyGoogleError', () => {
  const now = () => Date.parse('2026-11-25T14:00:00Z');

  it('retries 429, rate-limit 403s, 5xx and timeouts; honours Retry-After in seconds or as a date', () => {
    expect(classifyGoogleError(failure(429, {}, { 'retry-after': '30' }), now)).toEqual({
      kind: 'retry',
      why: '429',
      retryAfterMs: 30_000,
    });
    expect(
      classifyGoogleError(failure(503, {}, { 'retry-after': 'Wed, 25 Nov 2026 14:00:10 GMT' }), now),
    ).toMatchObject({ kind: 'retry', retryAfterMs: 10_000 });
    expect(classifyGoogleError(failure(403, reason('userRateLimitExceeded')))).toMatchObject({
      kind: 'retry',
    });
    expect(
      classifyGoogleError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    ).toMatchObject({
      kind: 'retry',
    });
    expect(
      classifyGoogleError(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })),
    ).toMatchObject({
      kind: 'retry',
    });
  });

  it('never retries what a retry cannot fix', () => {
    expect(classifyGoogleError(failure(403, reason('insufficientPermissions'))).kind).toBe('other');
    expect(classifyGoogleError(failure(400, { error: { errors: [{ reason: 'invalid' }] } })).kind).toBe(
      'other',
    );
    expect(classifyGoogleError(failure(410)).kind).toBe('sync-token-expired');
    expect(classifyGoogleError(failure(400, { error: 'invalid_grant' })).kind).toBe('grant-revoked');
    expect(classifyGoogleError(new TypeError('bug')).kind).toBe('other');
  });
});

describe('withBackoff', () => {
  it('backs off exponentially with full jitter and stops at the budget', async () => {
    let clock = 0;
    const waits: number[] = [];
    const call = async () => {
      throw failure(503);
    };
    const error = await withBackoff(call, {
      budgetMs: 10_000,
      baseMs: 1_000,
      maxMs: 8_000,
      random: () => 1,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    }).catch((e: unknown) => e);
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(error).toBeInstanceOf(RateLimitedError);
  });

  it('passes through a failure that is not worth retrying at once', async () => {
    let calls = 0;
    const error = await withBackoff(
      async () => {
        calls += 1;
        throw failure(410);
      },
      { budgetMs: 10_000, baseMs: 1, maxMs: 1, sleep: async () => {} },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((error as { status: number }).status).toBe(410);
  });
});
