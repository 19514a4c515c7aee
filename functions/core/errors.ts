/** Named errors of the core. Only handlers map them to HTTP status or retry. */

/** A conditional write lost a race: re-read and try again. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The provider no longer accepts the saved sync cursor (Google 410, Graph syncStateNotFound). */
export class SyncTokenExpiredError extends Error {
  override name = 'SyncTokenExpiredError';
  constructor(message = 'sync token expired', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The user revoked Afterview's access, or the refresh token is otherwise dead. */
export class GrantRevokedError extends Error {
  override name = 'GrantRevokedError';
  constructor(message = 'grant revoked', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The calendar cannot be read until someone fixes it: the feed is gone (404, 410) or is not a calendar. */
export class CalendarUnreadableError extends Error {
  override name = 'CalendarUnreadableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The calendar did not answer this time (DNS, time-out, 5xx): try again later. */
export class CalendarUnavailableError extends Error {
  override name = 'CalendarUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The provider asked us to slow down; retry after `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(`rate limited; retry after ${retryAfterSeconds}s`, options);
  }
}

/** Input from outside failed validation; the message says what and where. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A referenced entity does not exist (any more). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A signed link was forged, expired, meant for another purpose, or already used. */
export class LinkRejectedError extends Error {
  override name = 'LinkRejectedError';
  constructor(
    readonly reason: 'invalid' | 'expired' | 'used' | 'purpose',
    options?: { cause?: unknown },
  ) {
    super(`link rejected: ${reason}`, options);
  }
}
