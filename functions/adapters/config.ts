/**
 * Configuration from environment variables, read once at load. A missing
 * variable fails fast with an error naming it, rather than a silent default
 * surfacing later as a strange runtime failure (as Powertools `envUtils`).
 */

/** One or more environment variables are missing or malformed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** Each problem as `NAME: what is wrong`. */
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration: ${problems.join('; ')}`, options);
  }
}

type Env = Record<string, string | undefined>;

/** The value of `name`; throws `ConfigError` when it is unset or blank. */
export function requireEnv(name: string, env: Env = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError([`${name}: missing`]);
  return value;
}
