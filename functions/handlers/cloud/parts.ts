/**
 * The cloud composition root: adapters built once per Lambda container, each
 * from the environment variables it needs (read through `requireEnv`, which
 * fails fast naming the missing variable). Each handler takes only the parts
 * it uses, so each function's role and environment stay minimal.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { monotonicFactory } from 'ulid';
import { requireEnv } from '../../adapters/config.js';
import { DynamoFollowupLedger } from '../../adapters/dynamodb/dynamo-followup-ledger.js';
import { DynamoStore } from '../../adapters/dynamodb/dynamo-store.js';
import { HmacLinkSigner } from '../../adapters/links/hmac-signer.js';
import { createLog } from '../../adapters/log/powertools-log.js';
import { SesMailer } from '../../adapters/mail/ses-mailer.js';
import { SqsSyncQueue } from '../../adapters/queue/sqs-sync-queue.js';
import { EventBridgeScheduler } from '../../adapters/scheduler/eventbridge-scheduler.js';
import { TrackedScheduler } from '../../core/due-followups.js';
import type { Clock, Deps, Ids, Mailer, Scheduler } from '../../core/ports.js';
import { PromptMailRenderer } from '../../web/prompt-mail.js';

export const clock: Clock = { now: () => new Date() };
const ulid = monotonicFactory();
export const ids: Ids = { next: () => ulid() };
export const { logger, log } = createLog(process.env.POWERTOOLS_SERVICE_NAME ?? 'afterview');

export function cloudStore(): DynamoStore {
  return new DynamoStore({ client: new DynamoDBClient({}), tableName: requireEnv('TABLE_NAME') });
}

export function cloudQueue(): SqsSyncQueue {
  return new SqsSyncQueue({ client: new SQSClient({}), queueUrl: requireEnv('SYNC_QUEUE_URL'), ids, clock });
}

/** The table's record of armed follow-ups (the maintenance sweep reads it). */
export function cloudLedger(): DynamoFollowupLedger {
  return new DynamoFollowupLedger({ client: new DynamoDBClient({}), tableName: requireEnv('TABLE_NAME') });
}

/**
 * The scheduler the core plans with: every schedule it arms is recorded in
 * the ledger, so the sweep finds one that never fired. Schedules target the
 * followup function, which passes its own ARN to avoid a self-reference in infra.
 */
export function cloudScheduler(targetArn = requireEnv('FOLLOWUP_FUNCTION_ARN')): Scheduler {
  return new TrackedScheduler(plainScheduler(targetArn), cloudLedger());
}

/** EventBridge Scheduler alone: the sweep re-arms through it without touching the record it keeps itself. */
export function plainScheduler(targetArn = requireEnv('FOLLOWUP_FUNCTION_ARN')): Scheduler {
  return new EventBridgeScheduler({
    client: new SchedulerClient({}),
    groupName: requireEnv('SCHEDULE_GROUP'),
    targetArn,
    roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
    deadLetterArn: requireEnv('SCHEDULER_DLQ_ARN'),
    clock,
  });
}

export function cloudMailer(): Mailer {
  return new SesMailer({ client: new SESv2Client({}), from: requireEnv('SENDER_EMAIL'), clock });
}

/** The link-signing key is a generated secret; read once per container. */
export async function cloudLinks(): Promise<HmacLinkSigner> {
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: requireEnv('LINK_KEY_SECRET_ARN') }));
  if (!out.SecretString) throw new Error('link-signing secret has no string value');
  return new HmacLinkSigner(out.SecretString);
}

/** A scheduler for functions that never create schedules: using it is a wiring bug. */
const noScheduler: Scheduler = {
  upsert: async () => {
    throw new Error('this function has no scheduler permissions');
  },
  cancel: async () => {
    throw new Error('this function has no scheduler permissions');
  },
};

/** Full core deps; parts a function lacks fail loudly if ever used. */
export async function cloudDeps(parts: { scheduler?: Scheduler; withMail?: boolean }): Promise<Deps> {
  return {
    store: cloudStore(),
    scheduler: parts.scheduler ?? noScheduler,
    mailer: parts.withMail
      ? cloudMailer()
      : { send: async () => Promise.reject(new Error('this function sends no mail')) },
    renderer: new PromptMailRenderer(),
    clock,
    ids,
    links: await cloudLinks(),
    baseUrl: requireEnv('BASE_URL'),
    log,
  };
}
