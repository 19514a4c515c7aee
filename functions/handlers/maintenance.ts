/**
 * Lambda entry: the EventBridge rule's periodic upkeep, with the sweep of
 * overdue follow-ups. Invoked by hand with `{"rearmFailed":true}` it arms
 * again the follow-ups the sweep gave up on (README, Runbooks).
 */
import { z } from 'zod';
import { requireEnv } from '../adapters/config.js';
import { channelsToKeep, renewChannels } from '../core/channels.js';
import { rearmFailedFollowups, sweepOverdueFollowups } from '../core/due-followups.js';
import { runMaintenance } from '../core/maintenance.js';
import { operatorAlertMail } from '../web/operator-alert-mail.js';
import { clock, log } from './composition-root/container.js';
import { cloudLedger } from './composition-root/ledger.js';
import { cloudMailer } from './composition-root/mailer.js';
import { cloudMicrosoftConfig, microsoftKeeper } from './composition-root/microsoft.js';
import { cloudQueue } from './composition-root/queue.js';
import { plainScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { startOnce } from './start-once.js';

const RearmFailed = z.object({ rearmFailed: z.literal(true) });

const parts = startOnce(async () => {
  const store = cloudStore();
  const microsoftConfig = await cloudMicrosoftConfig();
  return {
    store,
    queue: cloudQueue(),
    keeper: microsoftConfig && microsoftKeeper(microsoftConfig, store, requireEnv('BASE_URL')),
    ledger: cloudLedger(),
    scheduler: plainScheduler(),
    alerts: operatorAlertMail({
      mailer: cloudMailer(),
      operatorEmail: requireEnv('OPERATOR_EMAIL'),
      maintenanceFunction: requireEnv('AWS_LAMBDA_FUNCTION_NAME'),
    }),
    clock,
    log,
  };
});

export const handler = async (event: unknown) => {
  const deps = await parts();
  if (RearmFailed.safeParse(event).success) return { rearmed: await rearmFailedFollowups(deps) };
  // The sweep first: a follow-up must not wait on a failing calendar poll.
  const sweep = await sweepOverdueFollowups(deps);
  const report = await runMaintenance(deps);
  const due = channelsToKeep(await deps.store.listAllConnections(), report.channelsDue, ['microsoft']);
  const channels = await renewChannels(deps, due, (c) =>
    c.provider === 'microsoft' ? deps.keeper : undefined,
  );
  return {
    syncsQueued: report.syncsQueued,
    broken: report.broken,
    channelsDue: report.channelsDue.length,
    channels,
    followupsRearmed: sweep.rearmed,
    followupsFailed: sweep.failed,
  };
};
