/** Lambda entry: SQS FIFO consumer that syncs one calendar per message. */
import type { SQSEvent } from 'aws-lambda';
import { calendarRegistry } from '../adapters/calendar/registry.js';
import { requireEnv } from '../adapters/config.js';
import { PromptMailRenderer } from '../web/prompt-mail.js';
import { clock, ids, log } from './composition-root/container.js';
import { cloudLinks } from './composition-root/links.js';
import { cloudMailer } from './composition-root/mailer.js';
import { cloudScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { startOnce } from './start-once.js';
import { makeSyncHandler } from './sync-handler.js';

const sync = startOnce(async () =>
  makeSyncHandler({
    store: cloudStore(),
    scheduler: cloudScheduler(),
    mailer: cloudMailer(),
    renderer: new PromptMailRenderer(),
    clock,
    ids,
    links: await cloudLinks(),
    baseUrl: requireEnv('BASE_URL'),
    log,
    calendars: calendarRegistry({ clock, log, local: false }),
  }),
);
export const handler = async (event: SQSEvent) => (await sync())(event);
