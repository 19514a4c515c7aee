/**
 * `afterview doctor` against a stack "deployed" into moto from the
 * synthesised template: first as the deploy leaves it (sender unverified,
 * sandbox, nobody subscribed, empty OAuth secret), then after the person did
 * what it said, then with things gone wrong (messages in a failure queue, a
 * follow-up given up, the schedule group gone).
 */
import { Writable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { DynamoFollowupLedger } from '../../functions/adapters/dynamodb/dynamo-followup-ledger.js';
import { scheduleName } from '../../functions/core/ids.js';
import type { FollowupPayload } from '../../functions/core/model.js';
import { main } from '../../functions/local/commands/doctor.js';
import type { DoctorClients } from '../../functions/local/doctor/checks.js';
import { type DeployedStack, deployToMoto } from './support/deployed-stack.js';
import { INSTALL_HINT, motoAvailable, useMoto } from './support/moto-server.js';
import { useSesAccountProxy } from './support/ses-account-proxy.js';

function captured() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe.skipIf(!motoAvailable())(`afterview doctor on moto server (needs ${INSTALL_HINT})`, () => {
  const moto = useMoto();
  const sesProxy = useSesAccountProxy(moto);
  let stack: DeployedStack;

  const clients = (): DoctorClients => ({
    cloudFormation: new CloudFormationClient(moto.clientConfig),
    ses: new SESv2Client({ ...moto.clientConfig, endpoint: sesProxy.endpoint }),
    sns: new SNSClient(moto.clientConfig),
    secrets: new SecretsManagerClient(moto.clientConfig),
    scheduler: new SchedulerClient(moto.clientConfig),
    sqs: new SQSClient(moto.clientConfig),
    dynamo: new DynamoDBClient(moto.clientConfig),
  });
  async function doctor(...argv: string[]) {
    const out = captured();
    const err = captured();
    const code = await main(argv, { stdout: out.stream, stderr: err.stream }, clients);
    const stdout = out.text();
    const stderr = err.text();
    /** The line of one check, e.g. `line('SES sandbox')`. */
    const line = (check: string) => stdout.split('\n').find((l) => l.includes(`  ${check}:`)) ?? '';
    return { code, stdout, stderr, line };
  }

  it('deploys the stack', async () => {
    stack = await deployToMoto(moto);
  }, 120_000);

  it('says what is left to do right after a deploy', async () => {
    const run = await doctor();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Afterview doctor: stack Afterview in us-east-1');
    expect(run.line('SES sender')).toMatch(
      /^TO DO +SES sender: SES in us-east-1 .* no identity for prompts@example\.com/,
    );
    expect(run.line('SES sender')).toContain(
      'aws sesv2 create-email-identity --region us-east-1 --email-identity prompts@example.com',
    );
    expect(run.line('SES sandbox')).toMatch(
      /^note +SES sandbox: The account is in the SES sandbox in us-east-1: prompts reach only verified addresses \(at most 200 mails a day\)/,
    );
    expect(run.line('SES sandbox')).toContain('Request production access');
    expect(run.line('Alarms')).toMatch(
      /^TO DO +Alarms: Nobody receives the alarms\. Redeploy with -c alarmEmail=/,
    );
    expect(run.line('OAuth clients')).toMatch(
      /^note +OAuth clients: Google and Microsoft client id and secret are empty/,
    );
    expect(run.line('OAuth clients')).toContain(stack.outputs.PutOAuthSecretCommand);
    expect(run.line('Schedule group')).toMatch(
      /^ok +Schedule group: The follow-up schedule group Afterview-followups is active\./,
    );
    expect(run.stdout.match(/^ok +Failure queues: The .* is empty\.$/gm)).toHaveLength(3);
    expect(run.line('Follow-ups')).toMatch(/^ok /);
    expect(run.line('Redirect URIs')).toContain(
      `Google, Authorized redirect URIs: ${stack.outputs.GoogleRedirectUri}`,
    );
    expect(run.line('Redirect URIs')).toContain(
      `Microsoft, platform Web: ${stack.outputs.MicrosoftRedirectUri}`,
    );
    expect(run.stdout).toContain('2 things to do (marked TO DO)');
  });

  it('says the stack is ready once the person did what it said', async () => {
    await new SESv2Client(moto.clientConfig).send(
      new CreateEmailIdentityCommand({ EmailIdentity: stack.outputs.SenderEmail }),
    );
    await new SNSClient(moto.clientConfig).send(
      new SubscribeCommand({
        TopicArn: stack.outputs.AlarmTopicArn,
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      }),
    );
    await new SecretsManagerClient(moto.clientConfig).send(
      new PutSecretValueCommand({
        SecretId: stack.outputs.OAuthSecretArn,
        SecretString: JSON.stringify({
          google: { clientId: '123-abc.apps.googleusercontent.com', clientSecret: 'GOCSPX-x' },
          microsoft: {
            clientId: '00000000-0000-0000-0000-000000000000',
            clientSecret: 's',
            tenant: 'common',
          },
        }),
      }),
    );
    sesProxy.account = { ...sesProxy.account, ProductionAccessEnabled: true };

    const run = await doctor('--stack', 'Afterview');
    expect(run.code).toBe(0);
    expect(run.line('SES sender')).toMatch(
      /^ok +SES sender: prompts@example\.com may send: prompts@example\.com is verified in SES in us-east-1\./,
    );
    expect(run.line('SES sandbox')).toMatch(/^ok +SES sandbox: The account has SES production access/);
    expect(run.line('Alarms')).toMatch(/^ok +Alarms: Alarms go to ops@example\.com \(confirmed\)\./);
    expect(run.line('OAuth clients')).toMatch(/^ok /);
    expect(run.stdout).toContain('Nothing to do: the stack is ready.');
  });

  it('points at failure queues with messages, given-up follow-ups, a missing group and paused sending', async () => {
    await new SQSClient(moto.clientConfig).send(
      new SendMessageCommand({
        QueueUrl: stack.outputs.FollowupFailureQueueUrl,
        MessageBody: '{"requestPayload":{}}',
      }),
    );
    const ledger = new DynamoFollowupLedger({
      client: new DynamoDBClient(moto.clientConfig),
      tableName: stack.outputs.TableName!,
    });
    const payload: FollowupPayload = { kind: 'prep', userId: 'u1', interviewId: 'i1', version: 1 };
    await ledger.arm({
      userId: 'u1',
      name: scheduleName(payload),
      at: '2026-03-04T09:00:00Z',
      payload,
      checkAt: '2026-03-04T09:15:00Z',
    });
    const entry = await ledger.get(scheduleName(payload));
    await ledger.update({ ...entry!, state: 'failed', checkAt: undefined });
    await new SchedulerClient(moto.clientConfig).send(
      new DeleteScheduleGroupCommand({ Name: stack.outputs.ScheduleGroupName }),
    );
    sesProxy.account = { ...sesProxy.account, SendingEnabled: false };

    const run = await doctor();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^TO DO +Failure queues: 1 message waits in the follow-up failure queue \(follow-ups that failed after their retries\)\. Read the README, Runbooks/m,
    );
    expect(run.line('Follow-ups')).toMatch(/^TO DO +Follow-ups: 1 follow-up kept failing and was given up/);
    expect(run.line('Follow-ups')).toContain(`--function-name ${stack.outputs.MaintenanceFunctionName}`);
    expect(run.line('Schedule group')).toMatch(
      /^TO DO +Schedule group: The schedule group Afterview-followups is missing.*Deploy again/,
    );
    expect(run.line('SES sandbox')).toMatch(/^TO DO +SES sandbox: Sending is paused/);
    expect(run.stdout).toContain('4 things to do');
  });

  it('says how to find a stack it cannot read, and refuses unknown options', async () => {
    const missing = await doctor('--stack', 'Elsewhere');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read stack "Elsewhere" in us-east-1: .*Pass --stack and --region/);
    const bad = await doctor('--stak', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Usage: afterview doctor');
  });
});
