/** Lambda entry: SQS FIFO consumer that syncs one calendar per message. */
import { cloudCalendars } from './calendars.js';
import { cloudVault, googleClient, readOAuthSecret } from './cloud/oauth-parts.js';
import { clock, cloudDeps, cloudScheduler, log } from './cloud/parts.js';
import { makeSyncHandler } from './sync-handler.js';

const deps = await cloudDeps({ scheduler: cloudScheduler(), withMail: true });
const google = googleClient(await readOAuthSecret());
const calendars = cloudCalendars({
  clock,
  log,
  ...(google ? { google: { config: google, vault: cloudVault() } } : {}),
});
export const handler = makeSyncHandler({ ...deps, calendars });
