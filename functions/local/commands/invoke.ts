/**
 * `afterview invoke FUNCTION EVENT.json`: runs one Lambda's logic with a
 * sample event against the local parts (the data folder's database, outbox
 * and scheduler table). `{{userId}}` and `{{connectionId}}` in the event are
 * replaced by the local user's, so the samples in `events/` work as they are.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SQSEvent } from 'aws-lambda';
import { Hono } from 'hono';
import { handle as lambdaHandle } from 'hono/aws-lambda';
import { createActions } from '../../core/actions.js';
import { runMaintenance } from '../../core/maintenance.js';
import { makeFollowupHandler } from '../../handlers/followup-handler.js';
import { makeSyncHandler } from '../../handlers/sync-handler.js';
import { createWebApp } from '../../web/app.js';
import { createWebhookApp } from '../../web/routes/webhook-routes.js';
import type { CommandIo } from '../io.js';
import { type LocalRuntime, startLocal } from '../runtime.js';

const FUNCTIONS = ['api', 'webhook', 'sync', 'followup', 'maintenance'] as const;
type FunctionName = (typeof FUNCTIONS)[number];
const USAGE = `Usage: afterview invoke ${FUNCTIONS.join('|')} EVENT.json [--data DIR] [--email ADDRESS] [--tz ZONE]`;

function runner(name: FunctionName, rt: LocalRuntime): (event: unknown) => Promise<unknown> {
  const { deps } = rt;
  switch (name) {
    case 'followup':
      // Locally nothing is recorded to settle: the local scheduler retries each firing itself.
      return makeFollowupHandler(deps, { settle: async () => {} });
    case 'sync':
      return (event) => makeSyncHandler(deps)(event as SQSEvent);
    case 'maintenance':
      return () =>
        runMaintenance({ ...deps, queue: rt.queue }).then(async (report) => {
          await rt.queue.idle();
          return { syncsQueued: report.syncsQueued, broken: report.broken };
        });
    case 'webhook': {
      const app = new Hono().route(
        '/webhooks',
        createWebhookApp({ store: deps.store, queue: rt.queue, log: deps.log }),
      );
      return lambdaHandle(app) as (event: unknown) => Promise<unknown>;
    }
    case 'api':
      return lambdaHandle(createWebApp({ core: deps, actions: createActions(deps) })) as (
        event: unknown,
      ) => Promise<unknown>;
  }
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: '.afterview' },
      email: { type: 'string', default: 'you@example.com' },
      tz: { type: 'string', default: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' },
    },
  });
  const [name, file] = positionals;
  if (!name || !file || !(FUNCTIONS as readonly string[]).includes(name)) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    io.stderr.write(`afterview invoke: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const rt = await startLocal({
    dataDir: resolve(values.data),
    port: 0,
    email: values.email,
    timeZone: values.tz,
    pollSeconds: 3600,
    background: false,
  });
  try {
    const filled = text.replaceAll('{{userId}}', rt.userId).replaceAll('{{connectionId}}', rt.connectionId);
    let event: unknown;
    try {
      event = JSON.parse(filled);
    } catch (error) {
      io.stderr.write(`afterview invoke: ${file} is not JSON: ${(error as Error).message}\n`);
      return 2;
    }
    const result = await runner(name as FunctionName, rt)(event);
    io.stdout.write(`${JSON.stringify(result ?? null, null, 2)}\n`);
    return 0;
  } finally {
    await rt.stop();
  }
}
