import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { CADENCE } from '../functions/contracts/cadence.js';
import type { FunctionName } from './bundling.js';
import type { DeployConfig } from './config.js';
import { AfterviewFunction } from './constructs/afterview-function.js';
import { Alarms } from './constructs/alarms.js';
import { AppSecrets } from './constructs/app-secrets.js';
import { DataTable } from './constructs/data-table.js';
import { FollowupScheduling } from './constructs/followup-scheduling.js';
import { MailSending } from './constructs/mail-sending.js';
import { SYNC_TIMEOUT, SyncQueue } from './constructs/sync-queue.js';
import { WebApi } from './constructs/web-api.js';

/**
 * How often maintenance runs (`CADENCE`, shared with the core and the
 * simulation). It polls every ICS connection, so it runs every few minutes;
 * Google and Outlook calendars are pushed and get only a sparse safety sync,
 * and their channels are renewed a day before they lapse.
 */
export const MAINTENANCE_RATE = Duration.minutes(CADENCE.maintenanceMinutes);

export interface AfterviewStackProps extends StackProps {
  config: DeployConfig;
}

/** Sizing per function: the web paths answer fast; sync and maintenance may page through calendars. */
const SIZING: Record<FunctionName, { timeout: Duration; memorySize: number }> = {
  api: { timeout: Duration.seconds(15), memorySize: 512 },
  webhook: { timeout: Duration.seconds(5), memorySize: 256 },
  sync: { timeout: SYNC_TIMEOUT, memorySize: 1024 },
  followup: { timeout: Duration.seconds(30), memorySize: 512 },
  maintenance: { timeout: Duration.seconds(120), memorySize: 512 },
};

/** The sync queue's oldest message may wait this long: maintenance queues every calendar every 5 minutes. */
const SYNC_QUEUE_MAX_AGE = Duration.minutes(30);

/**
 * Afterview in one stack: the HTTP API, five functions, the table, the sync
 * queue, follow-up scheduling, mail, secrets and alarms. Each function's
 * role gets exactly the grants listed for it below, in one place per
 * function, from what its handler builds in `functions/handlers/` (the parts in
 * `functions/handlers/composition-root/`).
 */
export class AfterviewStack extends Stack {
  readonly functions: Record<FunctionName, AfterviewFunction>;

  constructor(scope: Construct, id: string, props: AfterviewStackProps) {
    super(scope, id, props);
    const { config } = props;
    const make = (name: FunctionName, environment: Record<string, string> = {}) =>
      new AfterviewFunction(this, titleCase(name), {
        name,
        environment,
        ...SIZING[name],
      });

    const data = new DataTable(this, 'Data');
    const queue = new SyncQueue(this, 'SyncQueue', { consumerTimeout: SIZING.sync.timeout });
    const scheduling = new FollowupScheduling(this, 'Followups');
    const mail = new MailSending(this, 'Mail', { senderEmail: config.senderEmail });
    const secrets = new AppSecrets(this, 'Secrets');
    const web = new WebApi(this, 'Web', { domainName: config.domainName });
    const alarms = new Alarms(this, 'Alarms', { alarmEmail: config.alarmEmail });

    const api = make('api');
    const webhook = make('webhook');
    const sync = make('sync');
    const followup = make('followup');
    const maintenance = make('maintenance');
    this.functions = { api, webhook, sync, followup, maintenance };
    scheduling.setTarget(followup.fn);

    // The OAuth client secret and the token key exist for the Google and Outlook
    // sign-ins: `secrets.grantReadOAuthClients`, `grantEncryptTokens` and
    // `grantDecryptTokens` hand them out, in the block of the function that calls them.

    // api: the web app. Reads and writes the user's items, deletes a user's data, signs and
    // checks action links, (re)schedules follow-ups on user actions; the sign-in reads the
    // allow-list and mails sign-in links, new users get the default waiting window. Connecting
    // a calendar: reads the OAuth clients, encrypts the refresh token, decrypts it to open the
    // push channel (and to revoke on disconnect), queues the first sync.
    web.serveApp(api.fn);
    data.grantStore(api.fn, ['read', 'query', 'write', 'update', 'delete', 'batchDelete']);
    scheduling.grantManageSchedules(api.fn);
    scheduling.shareTarget(api.fn);
    mail.grantSend(api.fn);
    secrets.grantReadLinkKey(api.fn);
    secrets.grantReadOAuthClients(api.fn);
    secrets.grantEncryptTokens(api.fn);
    secrets.grantDecryptTokens(api.fn);
    queue.grantEnqueue(api.fn);
    api.fn.addEnvironment('BASE_URL', web.baseUrl);
    api.fn.addEnvironment('ALLOW_LIST', config.allowList.join(','));
    if (config.waitingWindowDays !== undefined) {
      api.fn.addEnvironment('WAITING_WINDOW_DAYS', String(config.waitingWindowDays));
    }

    // webhook: reads the one connection a notification names and enqueues its sync.
    web.serveWebhooks(webhook.fn);
    data.grantStore(webhook.fn, ['read']);
    queue.grantEnqueue(webhook.fn);

    // sync: reads calendars, writes interviews, (re)schedules follow-ups, and mails
    // the user once when a calendar connection breaks.
    queue.addConsumer(sync.fn);
    data.grantStore(sync.fn, ['read', 'query', 'write', 'update', 'delete']);
    scheduling.grantManageSchedules(sync.fn);
    scheduling.shareTarget(sync.fn);
    mail.grantSend(sync.fn);
    secrets.grantReadLinkKey(sync.fn);
    sync.fn.addEnvironment('BASE_URL', web.baseUrl);
    // Google refresh tokens are read; Outlook's MSAL token cache is read, and written back
    // after a refresh; lifecycle notifications renew or re-create the Graph subscription.
    secrets.grantReadOAuthClients(sync.fn);
    secrets.grantDecryptTokens(sync.fn);
    secrets.grantEncryptTokens(sync.fn);
    // A re-created Graph subscription queues a sync of its calendar (the keeper's queue).
    queue.grantEnqueue(sync.fn);

    // followup: fired by the scheduler; creates tasks, mails prompts with signed links,
    // and settles the follow-up's record. It schedules nothing (sync and api plan
    // every schedule), so it may not manage them.
    data.grantStore(followup.fn, ['read', 'query', 'write', 'delete']);
    mail.grantSend(followup.fn);
    secrets.grantReadLinkKey(followup.fn);
    followup.fn.addEnvironment('BASE_URL', web.baseUrl);

    // maintenance: enqueues ICS polls and safety syncs, sweeps closed applications, re-arms
    // overdue follow-ups and mails the operator about one that keeps failing, renews
    // channels about to lapse: Google channels (the account's refresh token) and Graph
    // subscriptions (MSAL tokens); the notification URLs are this API's.
    data.grantStore(maintenance.fn, ['read', 'query', 'write', 'delete', 'scan', 'index']);
    queue.grantEnqueue(maintenance.fn);
    scheduling.grantManageSchedules(maintenance.fn);
    scheduling.shareTarget(maintenance.fn);
    mail.grantSend(maintenance.fn);
    maintenance.fn.addEnvironment('OPERATOR_EMAIL', config.alarmEmail ?? config.senderEmail);
    secrets.grantReadOAuthClients(maintenance.fn);
    secrets.grantDecryptTokens(maintenance.fn);
    secrets.grantEncryptTokens(maintenance.fn);
    maintenance.fn.addEnvironment('BASE_URL', web.baseUrl);
    new Rule(this, 'MaintenanceRule', {
      description: 'Runs Afterview maintenance: ICS polls, channel renewals, safety syncs, follow-up sweep',
      schedule: Schedule.rate(MAINTENANCE_RATE),
      // A missed run is harmless (the next one comes soon): retry briefly, never pile up.
      targets: [new LambdaTarget(maintenance.fn, { retryAttempts: 2, maxEventAge: MAINTENANCE_RATE })],
    });

    alarms.watchDeadLetterQueue('SyncDeadLetters', queue.deadLetterQueue, 'The sync dead-letter queue');
    alarms.watchDeadLetterQueue(
      'FollowupDeadLetters',
      scheduling.deadLetterQueue,
      'The follow-up dead-letter queue (schedules that could not invoke the function)',
    );
    alarms.watchDeadLetterQueue(
      'FollowupFailures',
      scheduling.failureQueue,
      'The follow-up failure queue (invocations that failed after their retries; the sweep re-arms them)',
    );
    alarms.watchQueueAge('SyncQueueAge', queue.queue, SYNC_QUEUE_MAX_AGE, 'The sync queue');
    alarms.watchApi('Api5xx', web.httpApi);
    for (const [name, f] of Object.entries(this.functions)) alarms.watchFunction(titleCase(name), f.fn);

    this.addOutputs({ data, web, secrets, alarms, scheduling, maintenance, queue, mail });
    if (config.waitingWindowDays !== undefined) {
      new CfnOutput(this, 'DefaultWaitingWindowDays', {
        value: String(config.waitingWindowDays),
        description: "New users' waiting window in business days (connect-ics reads it)",
      });
    }
  }

  private addOutputs(parts: {
    data: DataTable;
    web: WebApi;
    secrets: AppSecrets;
    alarms: Alarms;
    scheduling: FollowupScheduling;
    maintenance: AfterviewFunction;
    queue: SyncQueue;
    mail: MailSending;
  }): void {
    const { data, web, secrets, alarms, scheduling, maintenance, queue, mail } = parts;
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('TableName', data.table.tableName, 'The DynamoDB table (connect-ics finds it here)');
    output('ApiUrl', web.baseUrl, 'The web app');
    output(
      'GoogleRedirectUri',
      `${web.baseUrl}/oauth/google/callback`,
      'Authorized redirect URI for the Google OAuth client',
    );
    output(
      'MicrosoftRedirectUri',
      `${web.baseUrl}/oauth/microsoft/callback`,
      'Redirect URI (Web platform) for the Microsoft Entra app registration',
    );
    output(
      'GoogleWebhookUrl',
      `${web.baseUrl}/webhooks/google`,
      'Where Google Calendar push notifications arrive',
    );
    output(
      'MicrosoftWebhookUrl',
      `${web.baseUrl}/webhooks/microsoft`,
      'Where Microsoft Graph change notifications arrive',
    );
    output('OAuthSecretArn', secrets.oauth.secretArn, 'Secret holding the OAuth client ids and secrets');
    output(
      'PutOAuthSecretCommand',
      `aws secretsmanager put-secret-value --region ${this.region} --secret-id ${secrets.oauth.secretArn} --secret-string file://afterview-oauth.json`,
      'Puts the OAuth client secrets from a local JSON file (see the README, Deploying, for its shape)',
    );
    output('AlarmTopicArn', alarms.topic.topicArn, 'SNS topic of the alarms: subscribe to it');
    output(
      'SenderEmail',
      mail.senderEmail,
      'The address prompts are sent from: verify it in SES, in this region',
    );
    output(
      'ScheduleGroupName',
      scheduling.groupName,
      'EventBridge Scheduler group of the follow-up schedules',
    );
    output(
      'TokenKeyArn',
      secrets.tokenKey.keyArn,
      'KMS key that encrypts calendar refresh tokens (kept after destroy)',
    );
    output(
      'MaintenanceFunctionName',
      maintenance.fn.functionName,
      'Invoke with {"rearmFailed":true} to re-arm failed follow-ups',
    );
    // The queues where failures wait for a person (README, Runbooks); `afterview doctor` reads them.
    output('SyncDeadLetterQueueUrl', queue.deadLetterQueue.queueUrl, 'Syncs that failed 5 times');
    output(
      'FollowupDeadLetterQueueUrl',
      scheduling.deadLetterQueue.queueUrl,
      'Schedules that could not invoke the followup function',
    );
    output(
      'FollowupFailureQueueUrl',
      scheduling.failureQueue.queueUrl,
      'Followup invocations that failed after their retries',
    );
    if (web.customDomain) {
      output(
        'CustomDomainTarget',
        web.customDomain.regionalDomainName,
        'Point a CNAME for your domain at this name',
      );
    }
  }
}

function titleCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
