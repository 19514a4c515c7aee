/** `afterview start`: the whole product on one machine. */

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CADENCE } from '../../contracts/cadence.js';
import { isValidZone } from '../../core/timing.js';
import { parseAllowList } from '../../core/users/allow-list.js';
import { describeIssues } from '../../core/zod-issues.js';
import { icsProblem } from '../ics-check.js';
import type { CommandIo } from '../io.js';
import { type LocalRuntime, startLocal } from '../runtime.js';
import { StartError } from '../start-error.js';

/** Longest wait for work in flight after Ctrl-C before leaving anyway. */
const STOP_GRACE_MS = 10_000;

const StartOptions = z.object({
  data: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  email: z.string().email('--email must be an email address'),
  tz: z.string().refine(isValidZone, '--tz must be an IANA time zone such as Europe/Berlin'),
  poll: z.coerce.number().int().min(5, '--poll must be at least 5 seconds').max(86_400),
  ics: z.string().min(1).optional(),
  'sign-in': z.boolean().optional(),
  allow: z.string().min(1).optional(),
});

export const START_USAGE = `Usage: afterview start [--data DIR] [--port N] [--email ADDRESS] [--tz ZONE] [--poll SECONDS] [--ics FILE|URL] [--sign-in --allow LIST]

  --data DIR        where the database and outbox live (default ./.afterview)
  --port N          HTTP port on 127.0.0.1 (default 3000)
  --host HOST       interface to listen on (default 127.0.0.1)
  --email ADDRESS   who you are: prompts go there; "you" in attendee lists (default you@example.com)
  --tz ZONE         your IANA time zone (default: this machine's)
  --poll SECONDS    how often to read the calendars, Google ones included (default 60)
  --ics FILE|URL    read this ICS calendar instead of the demo calendar
  --sign-in         serve people as a deployment does: sign-in links (in the outbox), pages per user
  --allow LIST      with --sign-in: who may sign in, comma-separated addresses and @domains`;

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: '.afterview' },
      port: { type: 'string', default: '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      email: { type: 'string', default: 'you@example.com' },
      tz: { type: 'string', default: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' },
      poll: { type: 'string', default: String(CADENCE.localPollSeconds) },
      ics: { type: 'string' },
      'sign-in': { type: 'boolean' },
      allow: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${START_USAGE}\n`);
    return 0;
  }
  const parsed = StartOptions.safeParse(values);
  if (!parsed.success) {
    io.stderr.write(`afterview start: ${describeIssues(parsed.error, { paths: false })}\n${START_USAGE}\n`);
    return 2;
  }
  const o = parsed.data;
  let signIn: { allowList: readonly string[] } | undefined;
  if (o['sign-in'] || o.allow !== undefined) {
    if (!o['sign-in'] || o.allow === undefined) {
      io.stderr.write(`afterview start: --sign-in and --allow go together\n${START_USAGE}\n`);
      return 2;
    }
    try {
      signIn = { allowList: parseAllowList(o.allow) };
    } catch (error) {
      io.stderr.write(`afterview start: --allow: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const problem = o.ics ? await icsProblem(o.ics) : undefined;
  if (problem) {
    io.stderr.write(`afterview start: ${problem}\n`);
    return 2;
  }
  let runtime: LocalRuntime;
  try {
    runtime = await startLocal({
      dataDir: resolve(o.data),
      port: o.port,
      host: o.host,
      email: o.email,
      timeZone: o.tz,
      pollSeconds: o.poll,
      ics: o.ics,
      ...(signIn ? { signIn } : {}),
    });
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    io.stderr.write(`afterview start: ${error.message}\n`);
    return 1;
  }
  io.stdout.write(
    [
      '',
      '  Afterview is running on this machine.',
      `  Dashboard:  ${runtime.url}/`,
      `  Outbox:     ${runtime.url}/outbox   (prompt mails, also saved as .eml under ${resolve(o.data, 'outbox')})`,
      `  Settings:   ${runtime.url}/settings`,
      `  Calendar:   ${o.ics ?? 'demo calendar'} (polled every ${o.poll}s) for ${o.email} in ${o.tz}`,
      `  Google:     ${process.env.GOOGLE_CLIENT_ID ? `connect at ${runtime.url.replace('127.0.0.1', 'localhost')}/connect/google` : 'set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET to connect Google Calendar (README)'}`,
      ...(signIn
        ? [
            `  Sign-in:    required; allowed: ${signIn.allowList.join(', ')}. Links land in the outbox.`,
            `              Sign in as ${o.email} to see the calendar above; others connect their own.`,
          ]
        : []),
      '  Press Ctrl-C to stop; a restart picks up where it left off.',
      '',
    ].join('\n'),
  );
  const stopped = await new Promise<boolean>((done) => {
    let stopping = false;
    const stop = () => {
      if (stopping) {
        // A second Ctrl-C: leave now. Claims and schedules make the next start finish the work.
        io.stdout.write('  Stopping now.\n');
        done(false);
        return;
      }
      stopping = true;
      io.stdout.write(
        '\n  Stopping: no new work; finishing what is in flight (Ctrl-C again to quit now)...\n',
      );
      const late = setTimeout(() => done(false), STOP_GRACE_MS);
      late.unref();
      void runtime.stop().then(
        () => done(true),
        () => done(false),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.stdout.write(stopped ? '  Stopped cleanly.\n' : '  Stopped; the next start picks up the rest.\n');
  // Nothing may keep the process: a worker or a socket still closing is cut.
  setTimeout(() => process.exit(0), 100).unref();
  return 0;
}
