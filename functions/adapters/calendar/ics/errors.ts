/** Errors of the ICS calendar source. */

/** The feed could not be read: missing file, HTTP error, timeout, or too large. */
export class IcsFetchError extends Error {
  override name = 'IcsFetchError';
  readonly #permanent: boolean | undefined;
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    options?: { cause?: unknown; permanent?: boolean },
  ) {
    super(message, options);
    this.#permanent = options?.permanent;
  }

  /** True when retrying will not help until someone fixes the feed or its URL. */
  get permanent(): boolean {
    if (this.#permanent !== undefined) return this.#permanent;
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
