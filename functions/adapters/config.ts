/**
 * Configuration from environment variables, read once at load through a zod
 * schema. A missing or malformed variable fails fast with one error naming
 * every culprit, rather than a silent default surfacing later as a strange
 * runtime failure (Powertools `envUtils` does the same for single variables).
 */
import type { z } from 'zod';

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

/**
 * Parses the environment through `schema` (a `z.object` keyed by variable
 * names; use `z.coerce` or transforms for numbers and lists). Blank values
 * count as missing. Call once at module scope and keep the result.
 */
export function readConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.infer<S> {
  const cleaned: Env = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => describeIssue(issue, cleaned));
  throw new ConfigError(problems, { cause: parsed.error });
}

function describeIssue(issue: z.core.$ZodIssue, env: Env): string {
  const name = issue.path.map(String).join('.') || '(root)';
  const key = issue.path[0];
  const missing = typeof key === 'string' && env[key] === undefined;
  return missing ? `${name}: missing` : `${name}: ${issue.message}`;
}
