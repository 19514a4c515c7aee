/**
 * Deploy-time configuration, read from CDK context (`-c key=value` or
 * `cdk.json`) and validated once at synth. A missing or malformed value fails
 * the synth with a message naming the key, before any resource is built.
 */
import { z } from 'zod';

/** One allow-list entry: a full address or `@domain` for a whole domain. */
const AllowEntry = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (entry) => (entry.startsWith('@') ? DOMAIN.test(entry.slice(1)) : z.email().safeParse(entry).success),
    {
      message: 'each entry must be an email address or @domain',
    },
  );

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Context arrives as strings from the command line, or as JSON values from cdk.json. */
const text = z.union([z.string(), z.number()]).transform(String);

export const DeployConfig = z.object({
  /** The SES identity prompts are sent from; the deployer verifies it in SES. */
  senderEmail: text.pipe(
    z
      .string()
      .trim()
      .pipe(z.email({ message: 'must be an email address' })),
  ),
  /** Who may sign up: comma-separated emails and/or `@domain`s. */
  allowList: text.pipe(
    z
      .string()
      .transform((list) => list.split(',').filter((entry) => entry.trim() !== ''))
      .pipe(z.array(AllowEntry).min(1, { message: 'needs at least one email or @domain' })),
  ),
  /** Where alarm notifications go; no subscription when absent. */
  alarmEmail: text
    .pipe(
      z
        .string()
        .trim()
        .pipe(z.email({ message: 'must be an email address' })),
    )
    .optional(),
  /** Custom domain for the web app and API (an ACM certificate is requested for it). */
  domainName: text
    .pipe(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(DOMAIN, { message: 'must be a domain name like app.example.com' }),
    )
    .optional(),
  /** Default business days to wait before the status-check prompt. */
  waitingWindowDays: z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be between 1 and 60' })
    .max(60, { message: 'must be between 1 and 60' })
    .optional(),
});
export type DeployConfig = z.infer<typeof DeployConfig>;

/** The context keys, in the order the docs explain them. */
export const CONTEXT_KEYS = [
  'senderEmail',
  'allowList',
  'alarmEmail',
  'domainName',
  'waitingWindowDays',
] as const;

/** The deploy context is missing a required value or holds a malformed one. */
export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
  constructor(
    /** Each problem as `key: what is wrong`. */
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(
      `invalid deploy context (pass each as -c key=value or set it in cdk.json "context"):\n  ${problems.join('\n  ')}`,
      options,
    );
  }
}

/**
 * Validates the context values. `read(key)` returns the raw value of one key
 * (`node.tryGetContext`); blank strings count as absent.
 */
export function readDeployConfig(read: (key: string) => unknown): DeployConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = read(key);
    if (value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === ''))
      raw[key] = value;
  }
  const parsed = DeployConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '(context)');
    if (raw[key] === undefined) return `${key}: required`;
    const at = issue.path[1];
    // Point at the bad allow-list entry: the list may be long.
    const entry =
      typeof at === 'number'
        ? String(raw[key])
            .split(',')
            .filter((e) => e.trim() !== '')[at]
        : undefined;
    return entry === undefined
      ? `${key}: ${issue.message}`
      : `${key}: ${issue.message} (got "${entry.trim()}")`;
  });
  throw new DeployConfigError([...new Set(problems)], { cause: parsed.error });
}
