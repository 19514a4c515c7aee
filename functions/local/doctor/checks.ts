/**
 * `afterview doctor`: checks a deployed stack the way a person would after
 * the deploy guide, and says in words what is fine and what to do next.
 * Every check reads only; none changes the stack. A check that cannot tell
 * (a missing permission, an API the region lacks) says so and moves on.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { DynamoFollowupLedger } from '../../adapters/dynamodb/dynamo-followup-ledger.js';

/** `ok`: nothing to do. `action`: the person must do something. `note`: worth knowing. `unknown`: could not check. */
export type Verdict = 'ok' | 'action' | 'note' | 'unknown';

export interface Finding {
  check: string;
  verdict: Verdict;
  /** What was found and, when something is to be done, what to do. */
  says: string;
}

/** Where the clients come from (tests point them at an emulator). */
export interface DoctorClients {
  cloudFormation: CloudFormationClient;
  ses: SESv2Client;
  sns: SNSClient;
  secrets: SecretsManagerClient;
  scheduler: SchedulerClient;
  sqs: SQSClient;
  dynamo: DynamoDBClient;
}

export function awsClients(region: string | undefined): DoctorClients {
  const config = region ? { region } : {};
  return {
    cloudFormation: new CloudFormationClient(config),
    ses: new SESv2Client(config),
    sns: new SNSClient(config),
    secrets: new SecretsManagerClient(config),
    scheduler: new SchedulerClient(config),
    sqs: new SQSClient(config),
    dynamo: new DynamoDBClient(config),
  };
}

/** The queues where failures wait for a person, by stack output, and what lands there. */
const FAILURE_QUEUES = [
  ['SyncDeadLetterQueueUrl', 'sync dead-letter queue (calendar syncs that failed 5 times)'],
  [
    'FollowupDeadLetterQueueUrl',
    'follow-up dead-letter queue (schedules that could not invoke the function)',
  ],
  ['FollowupFailureQueueUrl', 'follow-up failure queue (follow-ups that failed after their retries)'],
] as const;

const OAuthSecret = z.object({
  google: z.object({ clientId: z.string(), clientSecret: z.string() }).partial().optional(),
  microsoft: z.object({ clientId: z.string(), clientSecret: z.string() }).partial().optional(),
});

/** The stack cannot be read: nothing else can be checked. */
export class StackNotFoundError extends Error {
  override name = 'StackNotFoundError';
}

/** Runs every check against the stack; throws `StackNotFoundError` when the stack cannot be read. */
export async function runDoctor(
  clients: DoctorClients,
  stackName: string,
): Promise<{ region: string; findings: Finding[] }> {
  let region: string;
  try {
    region = await clients.cloudFormation.config.region();
  } catch (error) {
    throw new StackNotFoundError(
      `no AWS region: pass --region, or set AWS_REGION or a region in your AWS profile (${message(error)})`,
      { cause: error },
    );
  }
  let outputs: Record<string, string>;
  try {
    const out = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = Object.fromEntries(
      (out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    );
  } catch (error) {
    throw new StackNotFoundError(
      `cannot read stack "${stackName}" in ${region}: ${message(error)}. Deployed? Pass --stack and --region if it has another name or region, and check your AWS credentials (aws sts get-caller-identity).`,
      { cause: error },
    );
  }
  const checks: Array<[string, Promise<Finding | Finding[]>]> = [
    ['SES sender', senderIdentity(clients, outputs, region)],
    ['SES sandbox', sandbox(clients, region)],
    ['Alarms', alarmSubscription(clients, outputs)],
    ['OAuth clients', oauthSecrets(clients, outputs)],
    ['Schedule group', scheduleGroup(clients, outputs)],
    ['Failure queues', failureQueues(clients, outputs)],
    ['Follow-ups', failedFollowups(clients, outputs)],
    ['Redirect URIs', redirectUris(outputs)],
  ];
  const findings = await Promise.all(
    checks.map(([check, running]) =>
      running.catch(
        (error: unknown): Finding => ({
          check,
          verdict: 'unknown',
          says: `could not check: ${message(error)}`,
        }),
      ),
    ),
  );
  return { region, findings: findings.flat() };
}

async function senderIdentity(
  clients: DoctorClients,
  outputs: Record<string, string>,
  region: string,
): Promise<Finding> {
  const check = 'SES sender';
  const sender = outputs.SenderEmail;
  if (!sender)
    return {
      check,
      verdict: 'unknown',
      says: 'the stack has no SenderEmail output (deployed from an older version?)',
    };
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  for (const identity of [sender, domain]) {
    try {
      const out = await clients.ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      if (out.VerificationStatus === 'SUCCESS' || out.VerifiedForSendingStatus) {
        return {
          check,
          verdict: 'ok',
          says: `${sender} may send: ${identity} is verified in SES in ${region}.`,
        };
      }
      return {
        check,
        verdict: 'action',
        says: `${identity} is not verified yet in ${region} (${out.VerificationStatus ?? 'pending'}). ${identity === sender ? `Click the link SES mailed to ${sender}` : `Add the DKIM records that 'aws sesv2 get-email-identity --region ${region} --email-identity ${domain}' lists`}; no prompt goes out until then.`,
      };
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return {
    check,
    verdict: 'action',
    says: `SES in ${region} (the stack's region) has no identity for ${sender} or ${domain}, so no prompt can be sent. Run: aws sesv2 create-email-identity --region ${region} --email-identity ${sender}, then click the link SES mails to it. An identity verified in another region does not count.`,
  };
}

async function sandbox(clients: DoctorClients, region: string): Promise<Finding> {
  const check = 'SES sandbox';
  let account: {
    ProductionAccessEnabled?: boolean;
    SendingEnabled?: boolean;
    SendQuota?: { Max24HourSend?: number };
  };
  try {
    account = await clients.ses.send(new GetAccountCommand({}));
  } catch (error) {
    return {
      check,
      verdict: 'unknown',
      says: `could not read the SES account in ${region}: ${message(error)}`,
    };
  }
  if (account.SendingEnabled === false) {
    return {
      check,
      verdict: 'action',
      says: `Sending is paused for this account in ${region} (SES suspended or paused it). See the SES console, Account dashboard, for why.`,
    };
  }
  if (account.ProductionAccessEnabled) {
    return {
      check,
      verdict: 'ok',
      says: `The account has SES production access in ${region}: prompts reach any address.`,
    };
  }
  return {
    check,
    verdict: 'note',
    says: `The account is in the SES sandbox in ${region}: prompts reach only verified addresses (at most ${account.SendQuota?.Max24HourSend ?? 200} mails a day). For yourself, verify your own address too: aws sesv2 create-email-identity --region ${region} --email-identity YOU@EXAMPLE.COM. To mail others on the allow-list, request production access (SES console, Account dashboard, Request production access).`,
  };
}

async function alarmSubscription(clients: DoctorClients, outputs: Record<string, string>): Promise<Finding> {
  const check = 'Alarms';
  const topic = outputs.AlarmTopicArn;
  if (!topic) return { check, verdict: 'unknown', says: 'the stack has no AlarmTopicArn output' };
  const out = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
  const subscriptions = out.Subscriptions ?? [];
  if (subscriptions.length === 0) {
    return {
      check,
      verdict: 'action',
      says: `Nobody receives the alarms. Redeploy with -c alarmEmail=YOU@EXAMPLE.COM, or run: aws sns subscribe --topic-arn ${topic} --protocol email --notification-endpoint YOU@EXAMPLE.COM`,
    };
  }
  const pending: string[] = [];
  const confirmed: string[] = [];
  for (const sub of subscriptions) {
    const who = sub.Endpoint ?? sub.Protocol ?? 'a subscriber';
    let isPending = sub.SubscriptionArn === 'PendingConfirmation';
    if (!isPending && sub.SubscriptionArn) {
      const attrs = await clients.sns.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }),
      );
      isPending = attrs.Attributes?.PendingConfirmation === 'true';
    }
    (isPending ? pending : confirmed).push(who);
  }
  if (pending.length > 0) {
    return {
      check,
      verdict: 'action',
      says: `Not confirmed yet: ${pending.join(', ')}. Click the link in the mail "AWS Notification - Subscription Confirmation"; until then no alarm reaches them.${confirmed.length ? ` Confirmed: ${confirmed.join(', ')}.` : ''}`,
    };
  }
  return { check, verdict: 'ok', says: `Alarms go to ${confirmed.join(', ')} (confirmed).` };
}

async function oauthSecrets(clients: DoctorClients, outputs: Record<string, string>): Promise<Finding> {
  const check = 'OAuth clients';
  const arn = outputs.OAuthSecretArn;
  if (!arn) return { check, verdict: 'unknown', says: 'the stack has no OAuthSecretArn output' };
  const out = await clients.secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  let parsed: z.infer<typeof OAuthSecret>;
  try {
    parsed = OAuthSecret.parse(JSON.parse(out.SecretString ?? ''));
  } catch {
    return {
      check,
      verdict: 'action',
      says: `The OAuth secret is not the JSON the README shows (Deploying, step 5). Put it again with: ${outputs.PutOAuthSecretCommand ?? 'aws secretsmanager put-secret-value ...'}`,
    };
  }
  const filled = (client?: { clientId?: string; clientSecret?: string }) =>
    Boolean(client?.clientId?.trim() && client?.clientSecret?.trim());
  const missing = [
    ...(filled(parsed.google) ? [] : ['Google']),
    ...(filled(parsed.microsoft) ? [] : ['Microsoft']),
  ];
  if (missing.length === 0)
    return { check, verdict: 'ok', says: 'Google and Microsoft client ids and secrets are filled in.' };
  return {
    check,
    verdict: 'note',
    says: `${missing.join(' and ')} client id and secret are empty: calendars of that kind cannot be connected by sign-in (ICS addresses work without). To fill them, register the app (README, Deploying, step 4), write afterview-oauth.json and run: ${outputs.PutOAuthSecretCommand ?? 'aws secretsmanager put-secret-value ...'}`,
  };
}

async function scheduleGroup(clients: DoctorClients, outputs: Record<string, string>): Promise<Finding> {
  const check = 'Schedule group';
  const name = outputs.ScheduleGroupName;
  if (!name) return { check, verdict: 'unknown', says: 'the stack has no ScheduleGroupName output' };
  try {
    const out = await clients.scheduler.send(new GetScheduleGroupCommand({ Name: name }));
    if (out.State === 'ACTIVE')
      return { check, verdict: 'ok', says: `The follow-up schedule group ${name} is active.` };
    return {
      check,
      verdict: 'action',
      says: `The schedule group ${name} is ${out.State ?? 'not active'}: no follow-up can be scheduled. Wait for it to finish, then deploy again.`,
    };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return {
      check,
      verdict: 'action',
      says: `The schedule group ${name} is missing: no follow-up can be scheduled. Deploy again (npx cdk deploy with the same context) to recreate it.`,
    };
  }
}

async function failureQueues(clients: DoctorClients, outputs: Record<string, string>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [key, what] of FAILURE_QUEUES) {
    const url = outputs[key];
    if (!url) {
      findings.push({ check: 'Failure queues', verdict: 'unknown', says: `the stack has no ${key} output` });
      continue;
    }
    const out = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const count =
      Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    findings.push(
      count === 0
        ? { check: 'Failure queues', verdict: 'ok', says: `The ${what} is empty.` }
        : {
            check: 'Failure queues',
            verdict: 'action',
            says: `${count} message${count === 1 ? '' : 's'} wait${count === 1 ? 's' : ''} in the ${what}. Read the README, Runbooks, for what they mean and how to inspect and redrive them: ${url}`,
          },
    );
  }
  return findings;
}

async function failedFollowups(clients: DoctorClients, outputs: Record<string, string>): Promise<Finding> {
  const check = 'Follow-ups';
  const table = outputs.TableName;
  if (!table) return { check, verdict: 'unknown', says: 'the stack has no TableName output' };
  const failed = await new DynamoFollowupLedger({ client: clients.dynamo, tableName: table }).listFailed(100);
  if (failed.length === 0) return { check, verdict: 'ok', says: 'No follow-up has failed for good.' };
  return {
    check,
    verdict: 'action',
    says: `${failed.length} follow-up${failed.length === 1 ? '' : 's'} kept failing and ${failed.length === 1 ? 'was' : 'were'} given up (the operator was mailed). Fix the cause (see the followup function's log group), then re-arm them: aws lambda invoke --function-name ${outputs.MaintenanceFunctionName ?? '<maintenance function>'} --cli-binary-format raw-in-base64-out --payload '{"rearmFailed":true}' /dev/stdout`,
  };
}

async function redirectUris(outputs: Record<string, string>): Promise<Finding> {
  const google = outputs.GoogleRedirectUri;
  const microsoft = outputs.MicrosoftRedirectUri;
  if (!google || !microsoft)
    return { check: 'Redirect URIs', verdict: 'unknown', says: 'the stack has no redirect URI outputs' };
  return {
    check: 'Redirect URIs',
    verdict: 'note',
    says: `Register exactly these (README, Deploying, step 4). Google, Authorized redirect URIs: ${google}  Microsoft, platform Web: ${microsoft}`,
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && /NotFound/.test(error.name);
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
