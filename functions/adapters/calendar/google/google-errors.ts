/**
 * What a failed Google call means for us, read from the gaxios error the
 * libraries throw: an expired sync token, a dead grant, a reason to back off
 * and retry, or anything else.
 */
import { GrantRevokedError, SyncTokenExpiredError } from '../../../core/errors.js';

/** The parts of a gaxios error we read (the libraries bundle different gaxios copies, so no `instanceof`). */
interface HttpFailure {
  status?: number;
  code?: string | number;
  response?: { status?: number; data?: unknown; headers?: unknown };
}

function httpFailure(error: unknown): HttpFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & HttpFailure;
  return e.response !== undefined || typeof e.status === 'number' || e.code !== undefined ? e : undefined;
}

export type GoogleFailure =
  | { kind: 'sync-token-expired' }
  | { kind: 'grant-revoked'; detail: string }
  | { kind: 'retry'; why: string; retryAfterMs?: number }
  | { kind: 'not-found' }
  | { kind: 'other' };

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const NETWORK_CODES = new Set([
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export function classifyGoogleError(error: unknown, now: () => number = Date.now): GoogleFailure {
  const failure = httpFailure(error);
  if (!failure) return isTimeout(error) ? { kind: 'retry', why: 'timeout' } : { kind: 'other' };
  const status = failure.response?.status ?? failure.status;
  const data: unknown = failure.response?.data;
  // The token endpoint's answer when a refresh token is revoked, expired or unknown.
  if (oauthError(data) === 'invalid_grant') return { kind: 'grant-revoked', detail: 'invalid_grant' };
  if (status === 410) return { kind: 'sync-token-expired' };
  if (status === 404) return { kind: 'not-found' };
  if (status === 429) return { kind: 'retry', why: '429', ...retryAfter(failure, now) };
  if (status === 403 && RATE_REASONS.has(apiReason(data) ?? '')) {
    return { kind: 'retry', why: apiReason(data) ?? '403', ...retryAfter(failure, now) };
  }
  if (status !== undefined && status >= 500)
    return { kind: 'retry', why: String(status), ...retryAfter(failure, now) };
  if (status === undefined && (isTimeout(error) || NETWORK_CODES.has(String(failure.code)))) {
    return { kind: 'retry', why: String(failure.code ?? 'network') };
  }
  return { kind: 'other' };
}

function oauthError(data: unknown): string | undefined {
  if (data && typeof data === 'object' && 'error' in data && typeof data.error === 'string')
    return data.error;
  return undefined;
}

function apiReason(data: unknown): string | undefined {
  if (!data || typeof data !== 'object' || !('error' in data)) return undefined;
  const inner = data.error;
  if (!inner || typeof inner !== 'object' || !('errors' in inner) || !Array.isArray(inner.errors))
    return undefined;
  const first: unknown = inner.errors[0];
  return first && typeof first === 'object' && 'reason' in first && typeof first.reason === 'string'
    ? first.reason
    : undefined;
}

/** `Retry-After` in seconds or as an HTTP date (RFC 9110), as milliseconds from now. */
function retryAfter(failure: HttpFailure, now: () => number): { retryAfterMs?: number } {
  const headers = failure.response?.headers;
  // gaxios hands a fetch-style Headers object (of whichever fetch it uses).
  const raw =
    headers && typeof headers === 'object' && 'get' in headers && typeof headers.get === 'function'
      ? (headers.get('retry-after') as unknown)
      : undefined;
  if (typeof raw !== 'string') return {};
  if (/^\d{1,7}$/.test(raw.trim())) return { retryAfterMs: Number(raw.trim()) * 1000 };
  const at = Date.parse(raw);
  return Number.isNaN(at) ? {} : { retryAfterMs: Math.max(0, at - now()) };
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'AbortError' || error.name === 'TimeoutError' || /timeout|aborted/i.test(error.message)
  );
}

/** Google's failures in the core's words; anything else passes through for the queue to retry. */
export function translateGoogleError(error: unknown): unknown {
  const failure = classifyGoogleError(error);
  if (failure.kind === 'sync-token-expired') return new SyncTokenExpiredError(undefined, { cause: error });
  if (failure.kind === 'grant-revoked') {
    return new GrantRevokedError('Google access was revoked or has expired', { cause: error });
  }
  return error;
}
