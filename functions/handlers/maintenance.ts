/**
 * Lambda entry: the EventBridge rule's periodic upkeep (the sweep of overdue
 * follow-ups, ICS polls, safety syncs, channel renewals). Invoked by hand
 * with `{"rearmFailed":true}` it arms again the follow-ups the sweep gave up
 * on (README, Runbooks).
 */
import { z } from 'zod';
import { requireEnv } from '../adapters/config.js';
import { rearmFailedFollowups, sweepOverdueFollowups } from '../core/due-followups.js';
import type { ProviderName } from '../core/model.js';
import { operatorAlertMail } from '../web/operator-alert-mail.js';
import { clock, log } from './composition-root/container.js';
import { cloudLedger } from './composition-root/ledger.js';
import { cloudMailer } from './composition-root/mailer.js';
import { microsoftClient, microsoftKeeper } from './composition-root/microsoft.js';
import { cloudPush, googleKeeper } from './composition-root/oauth.js';
import { googleClient, readOAuthSecret } from './composition-root/oauth-secret.js';
import { cloudQueue } from './composition-root/queue.js';
import { plainScheduler } from './composition-root/scheduler.js';
import { cloudStore } from './composition-root/store.js';
import { cloudVault } from './composition-root/vault.js';
import { makeMaintenanceHandler } from './maintenance-handler.js';
import { startOnce } from './start-once.js';

const RearmFailed = z.object({ rearmFailed: z.literal(true) });

const parts = startOnce(async () => {
  const baseUrl = requireEnv('BASE_URL');
  const deps = { store: cloudStore(), queue: cloudQueue(), clock, log };
  const vault = cloudVault();
  const secret = await readOAuthSecret();
  const google = googleKeeper({
    ...deps,
    vault,
    push: cloudPush({ google: googleClient(secret), vault, baseUrl, clock }),
  });
  const microsoft = microsoftClient(secret);
  const outlook = microsoft && microsoftKeeper(microsoft, deps.store, vault, baseUrl);
  const upkeep = makeMaintenanceHandler(deps, {
    pushProviders: [
      ...(google ? ['google' as ProviderName] : []),
      ...(outlook ? ['microsoft' as ProviderName] : []),
    ],
    keeperFor: (c) => (c.provider === 'google' ? google : c.provider === 'microsoft' ? outlook : undefined),
  });
  const sweep = {
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
  return { upkeep, sweep };
});

export const handler = async (event: unknown) => {
  const { upkeep, sweep } = await parts();
  if (RearmFailed.safeParse(event).success) return { rearmed: await rearmFailedFollowups(sweep) };
  // The sweep first: a follow-up must not wait on a failing calendar poll.
  const followups = await sweepOverdueFollowups(sweep);
  return { ...(await upkeep()), followupsRearmed: followups.rearmed, followupsFailed: followups.failed };
};
