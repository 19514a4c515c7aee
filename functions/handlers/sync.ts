/** Lambda entry: SQS FIFO consumer that syncs one calendar per message. */
import { cloudCalendars } from './calendars.js';
import { cloudMicrosoftConfig, cloudVault, microsoftCalendar, microsoftKeeper } from './cloud/microsoft.js';
import { clock, cloudDeps, cloudQueue, cloudScheduler, log } from './cloud/parts.js';
import { makeSyncHandler } from './sync-handler.js';

const deps = await cloudDeps({ scheduler: cloudScheduler(), withMail: true });
const microsoft = microsoftCalendar(await cloudMicrosoftConfig(), {
  store: deps.store,
  vault: cloudVault(),
  clock,
  log,
});
const keeper = microsoft && microsoftKeeper(microsoft, deps.baseUrl);
export const handler = makeSyncHandler(
  { ...deps, calendars: cloudCalendars({ clock, log, microsoft }) },
  { queue: cloudQueue(), keeperFor: (c) => (c.provider === 'microsoft' ? keeper : undefined) },
);
