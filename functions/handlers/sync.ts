/** Lambda entry: SQS FIFO consumer that syncs one calendar per message. */
import type { SQSEvent } from 'aws-lambda';
import { cloudCalendars } from './calendars.js';
import { clock, cloudDeps, cloudScheduler, log } from './cloud/parts.js';
import { startOnce } from './start-once.js';
import { makeSyncHandler } from './sync-handler.js';

const sync = startOnce(async () => {
  const deps = await cloudDeps({ scheduler: cloudScheduler(), withMail: true });
  return makeSyncHandler({ ...deps, calendars: cloudCalendars({ clock, log }) });
});
export const handler = async (event: SQSEvent) => (await sync())(event);
