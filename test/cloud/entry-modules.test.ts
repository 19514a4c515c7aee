/**
 * All five Lambda entry modules, as deployed: each runs with its function's
 * environment from the synthesised template, against resources created in
 * moto server from that template. The followup function starts after a
 * transient Secrets Manager failure; the maintenance function re-arms an
 * overdue follow-up and mails the operator about one that keeps failing.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  DeleteSecretCommand,
  GetSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { DynamoFollowupLedger } from '../../functions/adapters/dynamodb/dynamo-followup-ledger.js';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { HmacLinkSigner } from '../../functions/adapters/links/hmac-signer.js';
import { SesMailer } from '../../functions/adapters/mail/ses-mailer.js';
import { EventBridgeScheduler } from '../../functions/adapters/scheduler/eventbridge-scheduler.js';
import { REARM_LIMIT } from '../../functions/contracts/rearm-policy.js';
import { TrackedScheduler } from '../../functions/core/due-followups.js';
import { connectionIdFor, scheduleName, userIdFor } from '../../functions/core/ids.js';
import { FollowupPayload } from '../../functions/core/model.js';
import type { Clock } from '../../functions/core/ports.js';
import { actionUrl } from '../../functions/core/prompts/action-links.js';
import { syncConnection } from '../../functions/core/sync.js';
import { PromptMailRenderer } from '../../functions/web/prompt-mail.js';
import { channelSecret } from '../../functions/web/routes/webhook-routes.js';
import { ScriptedCalendar } from '../../sim/fakes/calendar.js';
import { CountingIds } from '../../sim/fakes/ids.js';
import { quietLog } from '../../sim/fakes/log.js';
import { calendarEvent } from '../support/core-harness.js';
import { asFunction, type DeployedStack, deployToMoto } from './support/deployed-stack.js';
import { INSTALL_HINT, motoAvailable, useMoto } from './support/moto-server.js';

const EMAIL = 'sam.seeker@mail.test';
const OPERATOR = 'ops@example.com';
const clock: Clock = { now: () => new Date() };
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** An HTTP API (payload 2.0) event, as API Gateway hands it to the function. */
function httpEvent(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): LambdaEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api0001.execute-api.us-east-1.amazonaws.com', ...options.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api0001',
      domainName: 'api0001.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'api0001',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: randomBytes(6).toString('hex'),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authentication: null,
      authorizer: {},
    },
    body: options.body ?? null,
    isBase64Encoded: false,
  };
}

function sqsRecord(messageId: string, body: string, group: string) {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      MessageGroupId: group,
      MessageDeduplicationId: messageId,
    },
    messageAttributes: {},
    md5OfBody: '0',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:sync.fifo',
    awsRegion: 'us-east-1',
  };
}

describe.skipIf(!motoAvailable())(`Lambda entry modules on moto server (needs ${INSTALL_HINT})`, () => {
  const moto = useMoto();
  let stack: DeployedStack;
  let store: DynamoStore;
  let ledger: DynamoFollowupLedger;
  const userId = userIdFor(EMAIL);
  const demo = connectionIdFor('demo', 'primary');
  const env = (name: keyof DeployedStack['environment'], key: string) => stack.environment[name][key]!;
  const sentMails = async () =>
    ((await moto.modelData()).ses?.RawMessage ?? []) as Array<{ destinations: string[]; raw_data: string }>;
  const schedulerClient = () => new SchedulerClient(moto.clientConfig);
  const linkSigner = async () => {
    const secrets = new SecretsManagerClient(moto.clientConfig);
    const out = await secrets.send(
      new GetSecretValueCommand({ SecretId: env('api', 'LINK_KEY_SECRET_ARN') }),
    );
    return new HmacLinkSigner(out.SecretString!);
  };

  it('deploys the stack, verifies the sender and seeds a user whose interview just ended', async () => {
    stack = await deployToMoto(moto, { alarmEmail: OPERATOR });
    const ses = new SESv2Client(moto.clientConfig);
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: stack.outputs.SenderEmail }));
    const client = new DynamoDBClient(moto.clientConfig);
    store = new DynamoStore({ client, tableName: stack.outputs.TableName! });
    ledger = new DynamoFollowupLedger({ client, tableName: stack.outputs.TableName! });
    await store.put('settings', {
      userId,
      id: userId,
      version: 0,
      email: EMAIL,
      timeZone: 'Europe/Berlin',
      waitingWindowDays: 5,
      prepEnabled: false,
      prepMinutesBefore: 60,
      paused: false,
      rules: { always: [], never: [] },
      createdAt: minutesFromNow(-60 * 24),
    });
    await store.put('connection', {
      userId,
      id: demo,
      version: 0,
      provider: 'demo',
      calendarId: 'primary',
      status: 'active',
    });
    // The sync Lambda's work, with a scripted calendar: it plans the thank-you
    // through the same tracked scheduler on EventBridge Scheduler (moto).
    const calendar = new ScriptedCalendar().page(
      [
        calendarEvent(
          {
            id: 'evt-cloud',
            start: minutesFromNow(-65),
            end: minutesFromNow(-5),
            people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
          },
          EMAIL,
        ),
      ],
      'tok-1',
      true,
    );
    const scheduler = new TrackedScheduler(
      new EventBridgeScheduler({
        client: schedulerClient(),
        groupName: env('sync', 'SCHEDULE_GROUP'),
        targetArn: env('sync', 'FOLLOWUP_FUNCTION_ARN'),
        roleArn: env('sync', 'SCHEDULER_ROLE_ARN'),
        deadLetterArn: env('sync', 'SCHEDULER_DLQ_ARN'),
        clock,
      }),
      ledger,
    );
    const report = await syncConnection(
      {
        store,
        scheduler,
        mailer: new SesMailer({ client: ses, from: stack.outputs.SenderEmail!, clock }),
        renderer: new PromptMailRenderer(),
        clock,
        ids: new CountingIds(),
        links: await linkSigner(),
        baseUrl: env('sync', 'BASE_URL'),
        log: quietLog,
        calendars: () => calendar,
      },
      userId,
      demo,
    );
    expect(report.status).toBe('synced');
    expect(await store.list('interview', userId)).toHaveLength(1);
  }, 120_000);

  it('followup: a failed start (secret unreadable) recovers on the next invocation and sends the thank-you', async () => {
    const listed = await schedulerClient().send(
      new ListSchedulesCommand({ GroupName: env('sync', 'SCHEDULE_GROUP') }),
    );
    const ended = listed.Schedules?.find((s) => s.Name?.startsWith('av-ended-'));
    expect(ended).toBeDefined();
    const schedule = await schedulerClient().send(
      new GetScheduleCommand({ Name: ended!.Name!, GroupName: env('sync', 'SCHEDULE_GROUP') }),
    );
    expect(schedule.Target?.Arn).toBe(stack.functions.followup.arn);
    const payload = FollowupPayload.parse(JSON.parse(schedule.Target!.Input!));
    expect(await ledger.get(scheduleName(payload))).toMatchObject({ state: 'armed', rearms: 0 });

    const { handler } = await import('../../functions/handlers/followup.js');
    const secrets = new SecretsManagerClient(moto.clientConfig);
    const linkKey = env('followup', 'LINK_KEY_SECRET_ARN');
    await secrets.send(new DeleteSecretCommand({ SecretId: linkKey, RecoveryWindowInDays: 7 }));
    await expect(asFunction(moto, stack, 'followup', () => handler(payload))).rejects.toThrow();
    await secrets.send(new RestoreSecretCommand({ SecretId: linkKey }));

    const out = await asFunction(moto, stack, 'followup', () => handler(payload));
    expect(out).toEqual({ outcome: 'sent' });
    const mail = (await sentMails()).find((m) => m.destinations.includes(EMAIL));
    expect((await simpleParser(mail!.raw_data)).text).toContain('Jane');
    expect(mail?.raw_data).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    // The firing settled its record; the status check (planned by the sync) stays armed and recorded.
    expect(await ledger.get(scheduleName(payload))).toBeUndefined();
    const [app] = await store.list('application', userId);
    const status = scheduleName({
      kind: 'status-check',
      userId,
      applicationId: app!.id,
      version: app!.version,
    });
    expect(await ledger.get(status)).toMatchObject({ state: 'armed' });
    await expect(
      schedulerClient().send(
        new GetScheduleCommand({ Name: status, GroupName: env('sync', 'SCHEDULE_GROUP') }),
      ),
    ).resolves.toMatchObject({ Target: { Arn: stack.functions.followup.arn } });

    // A duplicate firing finds the interview moved on (it records its thank-you) and sends nothing.
    expect(await asFunction(moto, stack, 'followup', () => handler(payload))).toEqual({
      outcome: 'stale',
    });
    expect((await sentMails()).filter((m) => m.destinations.includes(EMAIL))).toHaveLength(1);
  });

  it('webhook: a verified Google notification queues a sync of that calendar; a forged one changes nothing', async () => {
    const google = connectionIdFor('google', 'primary');
    const token = channelSecret(userId, google, randomBytes(16).toString('hex'));
    await store.put('connection', {
      userId,
      id: google,
      version: 0,
      provider: 'google',
      calendarId: 'primary',
      status: 'active',
      channelId: 'ch-1',
      channelToken: token,
      channelExpiresAt: minutesFromNow(60 * 24 * 5),
    });
    const { handler } = await import('../../functions/handlers/webhook.js');
    const notify = (channelToken: string) =>
      asFunction(moto, stack, 'webhook', () =>
        handler(
          httpEvent('POST', '/webhooks/google', {
            headers: {
              'x-goog-channel-id': 'ch-1',
              'x-goog-channel-token': channelToken,
              'x-goog-resource-state': 'exists',
              'x-goog-message-number': '7',
            },
          }),
        ),
      );
    expect((await notify(channelSecret(userId, google, randomBytes(16).toString('hex')))).statusCode).toBe(
      403,
    );
    expect((await notify(token)).statusCode).toBe(200);

    const sqs = new SQSClient(moto.clientConfig);
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: env('webhook', 'SYNC_QUEUE_URL'),
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    expect(received.Messages?.map((m) => JSON.parse(m.Body!))).toEqual([
      expect.objectContaining({ userId, connectionId: google, reason: 'google:7' }),
    ]);
    expect(received.Messages?.[0]?.Attributes?.MessageGroupId).toBe(`${userId}#${google}`);
  });

  it('sync: works through a FIFO batch in order and returns the rest after a failure', async () => {
    const broken = connectionIdFor('ics', 'https://calendar.example.com/dead.ics');
    await store.put('connection', {
      userId,
      id: broken,
      version: 0,
      provider: 'ics',
      calendarId: 'https://calendar.example.com/dead.ics',
      status: 'broken',
      brokenReason: 'the feed is gone (404)',
    });
    const body = (connectionId: string) =>
      JSON.stringify({ userId, connectionId, reason: 'test', requestedAt: new Date().toISOString() });
    const event: SQSEvent = {
      Records: [
        sqsRecord('m-broken', body(broken), `${userId}#${broken}`),
        sqsRecord('m-bad', '{not json', `${userId}#${demo}`),
        sqsRecord('m-after', body(demo), `${userId}#${demo}`),
      ],
    };
    const { handler } = await import('../../functions/handlers/sync.js');
    const result = await asFunction(moto, stack, 'sync', () => handler(event));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-bad', 'm-after']);
    // The broken calendar was reported to its owner, once.
    expect((await store.get('connection', userId, broken))?.brokenNotifiedAt).toBeDefined();
    const told = (await sentMails()).filter((m) => /^Subject: .*lost access/m.test(m.raw_data));
    expect(told).toHaveLength(1);
  });

  it('maintenance: re-arms an overdue follow-up, gives up on one that keeps failing with one operator mail', async () => {
    const overdue: FollowupPayload = {
      kind: 'status-check',
      userId,
      applicationId: 'app-overdue',
      version: 1,
    };
    const failing: FollowupPayload = {
      kind: 'status-check',
      userId,
      applicationId: 'app-failing',
      version: 1,
    };
    const arm = (payload: FollowupPayload) =>
      ledger.arm({
        userId,
        name: scheduleName(payload),
        at: minutesFromNow(-60),
        payload,
        checkAt: minutesFromNow(-45),
      });
    await arm(overdue);
    await arm(failing);
    const stuck = await ledger.get(scheduleName(failing));
    expect(await ledger.update({ ...stuck!, rearms: REARM_LIMIT })).toBe(true);

    const { handler } = await import('../../functions/handlers/maintenance.js');
    const out = await asFunction(moto, stack, 'maintenance', () => handler({ source: 'aws.events' }));
    expect(out).toMatchObject({ followupsRearmed: 1, followupsFailed: 1 });
    expect((out as { syncsQueued: number }).syncsQueued).toBeGreaterThanOrEqual(2);
    await expect(
      schedulerClient().send(
        new GetScheduleCommand({
          Name: scheduleName(overdue),
          GroupName: env('maintenance', 'SCHEDULE_GROUP'),
        }),
      ),
    ).resolves.toMatchObject({ Target: { Input: JSON.stringify(overdue) } });
    expect(await ledger.get(scheduleName(overdue))).toMatchObject({ rearms: 1, state: 'armed' });
    expect(await ledger.get(scheduleName(failing))).toMatchObject({ state: 'failed' });
    const alerts = (await sentMails()).filter((m) => m.destinations.includes(OPERATOR));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.raw_data).toContain(stack.functions.maintenance.name);

    // Again: nothing new for the operator.
    await asFunction(moto, stack, 'maintenance', () => handler({ source: 'aws.events' }));
    expect((await sentMails()).filter((m) => m.destinations.includes(OPERATOR))).toHaveLength(1);
    // The operator fixed the cause and re-arms the failed ones.
    expect(await asFunction(moto, stack, 'maintenance', () => handler({ rearmFailed: true }))).toEqual({
      rearmed: 1,
    });
    expect(await ledger.get(scheduleName(failing))).toMatchObject({ state: 'armed', rearms: 0 });
  });

  it('api: answers health, shows a signed link page on GET and acts only on POST', async () => {
    const { handler } = await import('../../functions/handlers/api.js');
    const health = await asFunction(moto, stack, 'api', () => handler(httpEvent('GET', '/health')));
    expect(health.statusCode).toBe(200);

    const url = await actionUrl(
      { links: await linkSigner(), clock, ids: new CountingIds(), baseUrl: env('api', 'BASE_URL') },
      'pause',
      userId,
      userId,
    );
    const path = new URL(url).pathname;
    const shown = await asFunction(moto, stack, 'api', () => handler(httpEvent('GET', path)));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<form');
    expect((await store.get('settings', userId, userId))?.paused).toBe(false);

    const done = await asFunction(moto, stack, 'api', () =>
      handler(
        httpEvent('POST', path, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
      ),
    );
    expect(done.statusCode).toBe(200);
    expect((await store.get('settings', userId, userId))?.paused).toBe(true);
  });
});
