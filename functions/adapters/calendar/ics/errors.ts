/** Errors of the ICS calendar source. */

/** The feed could not be read: missing file, HTTP error, timeout, or too large. */
export class IcsFetchError extends Error {
  override name = 'IcsFetchError';
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when retrying will not help until someone fixes the feed or its URL. */
  get permanent(): boolean {
    return (
      this.status !== undefined &&
      this.status >= 400 &&
      this.status < 500 &&
      ![408, 429].includes(this.status)
    );
  }
}

/** The feed is not iCalendar text. */
export class IcsParseError extends Error {
  override name = 'IcsParseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
