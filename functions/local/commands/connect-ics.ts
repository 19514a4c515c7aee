/**
 * `afterview connect-ics`: connects a calendar published as an ICS address
 * to a deployed Afterview. Until the sign-in pages exist this is how the
 * deployer adds a calendar: it finds the stack's table from its outputs and
 * writes the user's settings (when new) and an `ics` connection through the
 * same store the functions use. Maintenance then polls the address every few
 * minutes.
 */

import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DynamoStore } from '../../adapters/dynamodb/dynamo-store.js';
import { ValidationError } from '../../core/errors.js';
import { connectionIdFor, userIdFor } from '../../core/ids.js';
import type { Connection, Settings } from '../../core/model.js';
import type { Store } from '../../core/ports.js';
import { newUserSettings } from '../../core/settings.js';
import type { CommandIo } from '../io.js';

/** The stack name `cdk deploy` uses unless told otherwise. */
export const DEFAULT_STACK = 'Afterview';
/** The stack output that names the table. */
export const TABLE_OUTPUT = 'TableName';
/** The stack output with the deployment's default waiting window (present when set at deploy). */
export const WAITING_WINDOW_OUTPUT = 'DefaultWaitingWindowDays';

const USAGE = `Usage: afterview connect-ics --email YOU@EXAMPLE.COM --url https://.../calendar.ics [options]

Connects a calendar published as an ICS address (iCloud, Fastmail, Proton,
or the secret address of a Google or Outlook calendar) to your deployed
Afterview. Uses your AWS credentials and region, as the AWS CLI does.

Options:
  --email EMAIL   where your prompts go; also who you are in the invitations
  --url URL       the calendar's https:// or webcal:// address
  --stack NAME    the CloudFormation stack (default: ${DEFAULT_STACK})
  --region NAME   AWS region of the stack (default: your AWS configuration)
  --tz ZONE       your IANA time zone for new users, e.g. Europe/Paris
                  (default: this machine's zone)
`;

/** Longest ICS address accepted: secret addresses are long, but not this long. */
const MAX_URL_LENGTH = 2048;

const IcsUrl = z
  .string()
  .trim()
  .max(MAX_URL_LENGTH, { message: `must be at most ${MAX_URL_LENGTH} characters` })
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a URL' });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'webcal:') {
      ctx.addIssue({ code: 'custom', message: 'must start with https:// or webcal://' });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
      return z.NEVER;
    }
    // webcal:// is https:// by convention; the poller speaks HTTPS.
    return url.protocol === 'webcal:' ? `https:${url.href.slice('webcal:'.length)}` : url.href;
  });

const Options = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'is not an email address' })),
  url: IcsUrl,
  stack: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, { message: 'is not a stack name' }),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { message: 'is not an AWS region' })
    .optional(),
  tz: z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'is not an IANA time zone' }),
});
export type ConnectIcsOptions = z.infer<typeof Options>;

/** The stack cannot be found, or lacks the output this command needs. */
export class StackOutputError extends Error {
  override name = 'StackOutputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Seams for tests: where the clients come from, and the time. */
export interface ConnectIcsDeps {
  cloudFormation(region: string | undefined): CloudFormationClient;
  dynamo(region: string | undefined): DynamoDBClient;
  now(): Date;
}

const defaultDeps: ConnectIcsDeps = {
  cloudFormation: (region) => new CloudFormationClient(region ? { region } : {}),
  dynamo: (region) => new DynamoDBClient(region ? { region } : {}),
  now: () => new Date(),
};

/** What the command did, for its report and for tests. */
export interface ConnectIcsResult {
  tableName: string;
  settings: Settings;
  connection: Connection;
  createdUser: boolean;
  /** `created`, `reactivated` (was broken or deleted) or `unchanged`. */
  connectionChange: 'created' | 'reactivated' | 'unchanged';
}

/** Parses and validates the command line; throws `ValidationError` naming the option. */
export function parseOptions(argv: string[]): ConnectIcsOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        url: { type: 'string' },
        stack: { type: 'string', default: DEFAULT_STACK },
        region: { type: 'string' },
        tz: { type: 'string', default: Intl.DateTimeFormat().resolvedOptions().timeZone },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ValidationError((error as Error).message, { cause: error });
  }
  const parsed = Options.safeParse(values);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'options');
    return issue.code === 'invalid_type' && issue.input === undefined
      ? `--${name} is required`
      : `--${name} ${issue.message}`;
  });
  throw new ValidationError(problems.join('; '), { cause: parsed.error });
}

/** What the command reads from the stack's outputs: the table, and the default waiting window if set. */
export interface StackInfo {
  tableName: string;
  waitingWindowDays?: number | undefined;
}

/** The table name from the stack's `TableName` output, and the deployment's default waiting window. */
export async function findTableName(client: CloudFormationClient, stackName: string): Promise<StackInfo> {
  let outputs: Array<{ OutputKey?: string | undefined; OutputValue?: string | undefined }> | undefined;
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = result.Stacks?.[0]?.Outputs;
  } catch (error) {
    throw new StackOutputError(
      `cannot read stack "${stackName}": ${(error as Error).message} (deployed? right --region and credentials?)`,
      { cause: error },
    );
  }
  const table = outputs?.find((output) => output.OutputKey === TABLE_OUTPUT)?.OutputValue;
  if (!table)
    throw new StackOutputError(`stack "${stackName}" has no ${TABLE_OUTPUT} output: is it Afterview?`);
  const days = Number(outputs?.find((output) => output.OutputKey === WAITING_WINDOW_OUTPUT)?.OutputValue);
  return {
    tableName: table,
    waitingWindowDays: Number.isInteger(days) && days >= 1 && days <= 60 ? days : undefined,
  };
}

/**
 * Writes the user's settings (if new) and the ICS connection. Idempotent:
 * running it again finds both; a broken or deleted connection is made
 * active again.
 */
export async function connectIcs(
  store: Store,
  options: Pick<ConnectIcsOptions, 'email' | 'url' | 'tz'>,
  now: Date,
  defaults: { waitingWindowDays?: number | undefined } = {},
): Promise<Omit<ConnectIcsResult, 'tableName'>> {
  const existing = await store.findUserByEmail(options.email);
  const createdUser = existing === undefined;
  const settings =
    existing ??
    (await store.put(
      'settings',
      newUserSettings({
        userId: userIdFor(options.email),
        email: options.email,
        timeZone: options.tz,
        createdAt: now.toISOString(),
        waitingWindowDays: defaults.waitingWindowDays,
      }),
    ));
  const id = connectionIdFor('ics', options.url);
  const current = await store.get('connection', settings.userId, id);
  if (current?.status === 'active' && current.calendarId === options.url) {
    return { settings, connection: current, createdUser, connectionChange: 'unchanged' };
  }
  const connection = await store.put('connection', {
    ...(current ?? {}),
    userId: settings.userId,
    id,
    version: current?.version ?? 0,
    provider: 'ics',
    calendarId: options.url,
    status: 'active',
    // A reconnected calendar is read in full again rather than trusting an old ETag.
    syncToken: undefined,
    brokenReason: undefined,
    brokenNotifiedAt: undefined,
  });
  return { settings, connection, createdUser, connectionChange: current ? 'reactivated' : 'created' };
}

/** Runs the command; returns the exit code (0 done, 1 failed, 2 bad usage). */
export async function main(
  argv: string[],
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
  deps = defaultDeps,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  let options: ConnectIcsOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.stderr.write(`connect-ics: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const dynamo = deps.dynamo(options.region);
  try {
    const { tableName, waitingWindowDays } = await findTableName(
      deps.cloudFormation(options.region),
      options.stack,
    );
    const store = new DynamoStore({ client: dynamo, tableName });
    const result = await connectIcs(store, options, deps.now(), { waitingWindowDays });
    io.stdout.write(report({ ...result, tableName }, options));
    return 0;
  } catch (error) {
    io.stderr.write(`connect-ics: ${(error as Error).message}\n`);
    return 1;
  } finally {
    dynamo.destroy();
  }
}

function report(result: ConnectIcsResult, options: ConnectIcsOptions): string {
  const who = result.createdUser
    ? `Created user ${result.settings.email} (time zone ${result.settings.timeZone}).`
    : `Found user ${result.settings.email}.`;
  const what = {
    created: 'Connected the calendar',
    reactivated: 'Reconnected the calendar',
    unchanged: 'The calendar was already connected',
  }[result.connectionChange];
  return `${who}\n${what} (connection ${result.connection.id}) in stack ${options.stack}, table ${result.tableName}.\nAfterview polls it every few minutes; the first interviews show up after the next poll.\n`;
}
