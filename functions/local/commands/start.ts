/** `afterview start`: the whole product on one machine. */

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isValidZone } from '../../core/timing.js';
import { parseAllowList } from '../../core/users/allow-list.js';
import type { CommandIo } from '../io.js';
import { startLocal } from '../runtime.js';

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
  --poll SECONDS    how often to read the calendar (default 60)
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
      poll: { type: 'string', default: '60' },
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
    io.stderr.write(
      `afterview start: ${parsed.error.issues.map((i) => i.message).join('; ')}\n${START_USAGE}\n`,
    );
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
  const runtime = await startLocal({
    dataDir: resolve(o.data),
    port: o.port,
    host: o.host,
    email: o.email,
    timeZone: o.tz,
    pollSeconds: o.poll,
    ics: o.ics,
    ...(signIn ? { signIn } : {}),
  });
  io.stdout.write(
    [
      '',
      '  Afterview is running on this machine.',
      `  Dashboard:  ${runtime.url}/`,
      `  Outbox:     ${runtime.url}/outbox   (prompt mails, also saved as .eml under ${resolve(o.data, 'outbox')})`,
      `  Settings:   ${runtime.url}/settings`,
      `  Calendar:   ${o.ics ?? 'demo calendar'} (polled every ${o.poll}s) for ${o.email} in ${o.tz}`,
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
  await new Promise<void>((done) => {
    const stop = () => {
      io.stdout.write('\n  Stopping: finishing work in flight...\n');
      void runtime.stop().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.stdout.write('  Stopped cleanly.\n');
  return 0;
}
