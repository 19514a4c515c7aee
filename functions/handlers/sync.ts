/** Lambda entry: SQS FIFO consumer that syncs one calendar per message. */
import { cloudCalendars } from './calendars.js';
import { clock, cloudDeps, cloudScheduler, log } from './cloud/parts.js';
import { makeSyncHandler } from './sync-handler.js';

const deps = await cloudDeps({ scheduler: cloudScheduler(), withMail: true });
export const handler = makeSyncHandler({ ...deps, calendars: cloudCalendars({ clock, log }) });
