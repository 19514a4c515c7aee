/**
 * The real AWS adapters against moto server, on resources created from the
 * synthesised template: conditional writes and the GSI, schedule
 * create/update/delete, the raw SES send with its headers, FIFO grouping,
 * KMS and Secrets Manager.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { DynamoFollowupLedger } from '../../functions/adapters/dynamodb/dynamo-followup-ledger.js';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { SesMailer } from '../../functions/adapters/mail/ses-mailer.js';
import { SqsSyncQueue } from '../../functions/adapters/queue/sqs-sync-queue.js';
import {
  EventBridgeScheduler,
  RETRY_POLICY,
} from '../../functions/adapters/scheduler/eventbridge-scheduler.js';
import { TokenDecryptError } from '../../functions/adapters/vault/errors.js';
import { KmsTokenVault } from '../../functions/adapters/vault/kms-token-vault.js';
import { ConflictError } from '../../functions/core/errors.js';
import { scheduleName } from '../../functions/core/ids.js';
import type { FollowupPayload, Settings } from '../../functions/core/model.js';
import { cloudLinks } from '../../functions/handlers/composition-root/links.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { CountingIds } from '../../sim/fakes/ids.js';
import { asFunction, type DeployedStack, deployToMoto } from './support/deployed-stack.js';
import { INSTALL_HINT, motoAvailable, useMoto } from './support/moto-server.js';

describe.skipIf(!motoAvailable())(`AWS adapters on moto server (needs ${INSTALL_HINT})`, () => {
  const moto = useMoto();
  let stack: DeployedStack;
  const env = (name: 'api' | 'webhook' | 'sync' | 'followup' | 'maintenance', key: string) => {
    const value = stack.environment[name][key];
    if (value === undefined) throw new Error(`${name} has no ${key} in the template`);
    return value;
  };
  const clock = new VirtualClock('2026-03-04T14:00:00Z');

  it('creates the stack from the template', async () => {
    stack = await deployToMoto(moto);
    expect(stack.outputs.TableName).toMatch(/^Afterview-Data/);
  }, 120_000);

  it('writes conditionally and finds expiring channels through the GSI', async () => {
    const store = new DynamoStore({
      client: new DynamoDBClient(moto.clientConfig),
      tableName: env('webhook', 'TABLE_NAME'),
    });
    const settings: Settings = {
      userId: 'u1',
      id: 'u1',
      version: 0,
      email: 'ada@example.com',
      timeZone: 'Europe/Paris',
      waitingWindowDays: 5,
      prepEnabled: true,
      prepMinutesBefore: 60,
      paused: false,
      rules: { always: [], never: [] },
      createdAt: '2026-03-01T10:00:00Z',
    };
    const stored = await store.put('settings', settings);
    expect(stored.version).toBe(1);
    await expect(store.put('settings', settings)).rejects.toBeInstanceOf(ConflictError);
    await expect(store.put('settings', { ...stored, version: 7 })).rejects.toBeInstanceOf(ConflictError);
    expect((await store.findUserByEmail('ADA@example.com'))?.userId).toBe('u1');

    const connection = (id: string, expires: string) => ({
      userId: 'u1',
      id,
      version: 0,
      provider: 'google' as const,
      calendarId: 'primary',
      status: 'active' as const,
      channelId: `ch-${id}`,
      channelExpiresAt: expires,
    });
    await store.put('connection', connection('c-soon', '2026-03-05T10:00:00Z'));
    await store.put('connection', connection('c-later', '2026-03-20T10:00:00Z'));
    const due = await store.listConnectionsExpiringBefore('2026-03-06T00:00:00Z');
    expect(due.map((c) => c.id)).toEqual(['c-soon']);
    expect((await store.listAllConnections()).map((c) => c.id).sort()).toEqual(['c-later', 'c-soon']);
  });

  it('keeps the follow-up ledger on the GSI: overdue ones by check time, settled ones gone', async () => {
    const ledger = new DynamoFollowupLedger({
      client: new DynamoDBClient(moto.clientConfig),
      tableName: env('maintenance', 'TABLE_NAME'),
    });
    const payload: FollowupPayload = {
      kind: 'status-check',
      userId: 'u1',
      applicationId: 'app-1',
      version: 2,
    };
    const later: FollowupPayload = { ...payload, applicationId: 'app-2' };
    const name = scheduleName(payload);
    await ledger.arm({
      userId: 'u1',
      name,
      at: '2026-03-04T09:00:00Z',
      payload,
      checkAt: '2026-03-04T09:15:00Z',
    });
    await ledger.arm({
      userId: 'u1',
      name: scheduleName(later),
      at: '2026-03-09T09:00:00Z',
      payload: later,
      checkAt: '2026-03-09T09:15:00Z',
    });
    const overdue = await ledger.listOverdue('2026-03-04T10:00:00Z', 10);
    expect(overdue.map((e) => e.name)).toEqual([name]);
    expect(await ledger.update({ ...overdue[0]!, rearms: 1, checkAt: '2026-03-04T10:15:00Z' })).toBe(true);
    expect(await ledger.update({ ...overdue[0]!, rearms: 1 })).toBe(false);
    await ledger.settle({ ...payload, version: 1 });
    expect(await ledger.get(name)).toMatchObject({ rearms: 1 });
    await ledger.settle(payload);
    expect(await ledger.get(name)).toBeUndefined();
  });

  it('creates, updates and deletes one-time schedules in the group, with retries and the DLQ', async () => {
    const client = new SchedulerClient(moto.clientConfig);
    const scheduler = new EventBridgeScheduler({
      client,
      groupName: env('sync', 'SCHEDULE_GROUP'),
      targetArn: env('sync', 'FOLLOWUP_FUNCTION_ARN'),
      roleArn: env('sync', 'SCHEDULER_ROLE_ARN'),
      deadLetterArn: env('sync', 'SCHEDULER_DLQ_ARN'),
      clock,
    });
    const payload: FollowupPayload = {
      kind: 'interview-ended',
      userId: 'u1',
      interviewId: 'i-1',
      version: 3,
    };
    const get = () =>
      client.send(
        new GetScheduleCommand({ Name: 'av-ended-test', GroupName: env('sync', 'SCHEDULE_GROUP') }),
      );

    await scheduler.upsert({ name: 'av-ended-test', at: '2026-03-04T15:00:00Z', payload });
    expect(await get()).toMatchObject({
      ScheduleExpression: 'at(2026-03-04T15:00:00)',
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: stack.functions.followup.arn,
        RoleArn: env('sync', 'SCHEDULER_ROLE_ARN'),
        Input: JSON.stringify(payload),
        RetryPolicy: RETRY_POLICY,
        DeadLetterConfig: { Arn: env('sync', 'SCHEDULER_DLQ_ARN') },
      },
    });
    await scheduler.upsert({
      name: 'av-ended-test',
      at: '2026-03-04T16:30:00Z',
      payload: { ...payload, version: 4 },
    });
    expect((await get()).ScheduleExpression).toBe('at(2026-03-04T16:30:00)');
    expect(JSON.parse((await get()).Target!.Input!)).toMatchObject({ version: 4 });
    await scheduler.cancel('av-ended-test');
    await expect(get()).rejects.toBeInstanceOf(ResourceNotFoundException);
    await scheduler.cancel('av-ended-test');
  });

  it('sends raw MIME through SES v2 with the unsubscribe and auto-submitted headers', async () => {
    const ses = new SESv2Client(moto.clientConfig);
    const from = env('followup', 'SENDER_EMAIL');
    const mailer = new SesMailer({ client: ses, from, clock });
    const mail = {
      to: 'ada@example.com',
      subject: 'Time to thank Jane Doe',
      html: '<p>Hello</p>',
      text: 'Hello',
      unsubscribeUrl: 'https://app.example.com/a/pause-token',
      idempotencyKey: 'thank-you#i-1',
      tags: { kind: 'thank-you' },
    };
    // SES sends only from a verified identity: moto says so too.
    await expect(mailer.send(mail)).rejects.toThrow(/authority to send/);
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: from }));

    const { messageId } = await mailer.send(mail);
    const sent = ((await moto.modelData()).ses?.RawMessage ?? []) as Array<{ id: string; raw_data: string }>;
    const raw = sent.find((m) => m.id === messageId);
    expect(raw).toBeDefined();
    const parsed = await simpleParser(raw!.raw_data);
    expect(parsed.subject).toBe('Time to thank Jane Doe');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(raw!.raw_data).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(raw!.raw_data).toMatch(/^List-Unsubscribe: <https:\/\/app\.example\.com\/a\/pause-token>\r$/m);
    expect(parsed.text?.trim()).toBe('Hello');
  });

  it('queues syncs in one FIFO group per calendar, in order', async () => {
    const sqs = new SQSClient(moto.clientConfig);
    const queueUrl = env('webhook', 'SYNC_QUEUE_URL');
    const queue = new SqsSyncQueue({ client: sqs, queueUrl, ids: new CountingIds(), clock });
    await queue.enqueue({ userId: 'u1', connectionId: 'cal-a', reason: 'first' });
    await queue.enqueue({ userId: 'u1', connectionId: 'cal-b', reason: 'other' });
    // The same body again: deduplication is by id, so it is queued too.
    await queue.enqueue({ userId: 'u1', connectionId: 'cal-a', reason: 'first' });

    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    const messages = (received.Messages ?? []).map((m) => ({
      group: m.Attributes?.MessageGroupId,
      body: JSON.parse(m.Body!) as { connectionId: string; reason: string },
    }));
    expect(messages.map((m) => m.group)).toEqual(['u1#cal-a', 'u1#cal-b', 'u1#cal-a']);
    expect(messages.map((m) => m.body.connectionId)).toEqual(['cal-a', 'cal-b', 'cal-a']);
  });

  it('encrypts refresh tokens with the KMS key and refuses a tampered ciphertext', async () => {
    const kms = new KMSClient(moto.clientConfig);
    const keyId = stack.outputs.TokenKeyArn!;
    const vault = new KmsTokenVault({ client: kms, keyId });
    const cipher = await vault.encrypt('1//refresh-token');
    expect(cipher.startsWith('kms1.')).toBe(true);
    expect(await vault.decrypt(cipher)).toBe('1//refresh-token');
    // Bound to its purpose: without the encryption context KMS refuses it.
    const blob = Buffer.from(cipher.slice(5), 'base64');
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: blob }))).rejects.toThrow();
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    await expect(vault.decrypt(`kms1.${tampered.toString('base64')}`)).rejects.toBeInstanceOf(
      TokenDecryptError,
    );
  });

  it('reads the generated link-signing key from Secrets Manager', async () => {
    const links = await asFunction(moto, stack, 'api', () => cloudLinks());
    const token = await links.sign({ p: 'pause', u: 'u1' }, 60, clock.now());
    expect(await links.verify(token, clock.now())).toEqual({ p: 'pause', u: 'u1' });
  });
});
