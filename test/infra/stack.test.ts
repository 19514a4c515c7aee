/**
 * Contract tests of the synthesised stack: one synthesis with real bundling
 * (and cdk-nag, as `cdk synth` runs it), then assertions per contract.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_BYTES } from '../../bench/bundles.js';
import { ASYNC_MAX_EVENT_AGE_MS, ASYNC_RETRY_ATTEMPTS } from '../../functions/contracts/rearm-policy.js';
import { ESM_REQUIRE_BANNER, FUNCTION_NAMES, type FunctionName } from '../../infra/bundling.js';
import { SCHEDULE_ACTIONS } from '../../infra/constructs/followup-scheduling.js';
import { SYNC_BATCH_SIZE, SYNC_MESSAGE_BUDGET, SYNC_TIMEOUT } from '../../infra/constructs/sync-queue.js';
import { THROTTLE } from '../../infra/constructs/web-api.js';
import {
  actionsOf,
  environmentOf,
  functionId,
  functionProps,
  redactHashes,
  removeAssemblies,
  resourcesFor,
  roleIdOf,
  type Statement,
  type Synthesised,
  statementsOf,
  synthesise,
} from './synth.js';

let synth: Synthesised;
// biome-ignore lint/suspicious/noExplicitAny: template JSON is walked ad hoc; a wrong path fails the assertion.
type Properties = any;
const resources = () =>
  synth.template.toJSON().Resources as Record<string, { Type: string; Properties: Properties }>;
const idOfType = (type: string): string[] =>
  Object.entries(resources())
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
const only = (type: string): string => {
  const ids = idOfType(type);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0]!;
};
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
/**
 * The four queues, told apart by shape: the sync queue redrives, its DLQ is
 * FIFO, the scheduler's DLQ and the followup failure queue are standard
 * (the failure queue is the one the async invoke config names).
 */
const queues = () => {
  const all = Object.entries(resources()).filter(([, r]) => r.Type === 'AWS::SQS::Queue');
  const find = (test: (p: Record<string, unknown>) => boolean) => {
    const found = all.filter(([, r]) => test(r.Properties));
    if (found.length !== 1) throw new Error(`expected one matching queue, found ${found.length}`);
    return found[0]![0];
  };
  const invokeConfig = Object.values(resources()).find((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
  const failures = invokeConfig?.Properties.DestinationConfig.OnFailure.Destination[
    'Fn::GetAtt'
  ][0] as string;
  return {
    sync: find((p) => p.RedrivePolicy !== undefined),
    syncDlq: find((p) => p.FifoQueue === true && p.RedrivePolicy === undefined),
    followupDlq: all
      .filter(([id, r]) => r.Properties.FifoQueue === undefined && id !== failures)
      .map(([id]) => id)[0]!,
    followupFailures: failures,
  };
};

beforeAll(() => {
  synth = synthesise();
}, 240_000);
afterAll(removeAssemblies);

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const SEND_SYNC = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const CONSUME_SYNC = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];
const SCHEDULES = [...SCHEDULE_ACTIONS, 'iam:PassRole'];
const MAIL = ['ses:SendEmail'];
/** The store calls each function makes, as DynamoDB actions (infra/constructs/data-table.ts). */
const READ_ITEM = ['dynamodb:GetItem'];
const ITEMS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];
const READ_SECRET = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const SHARED_ENV = ['NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'TABLE_NAME'];
const SCHEDULE_ENV = ['SCHEDULE_GROUP', 'SCHEDULER_DLQ_ARN', 'SCHEDULER_ROLE_ARN'];
/** Outlook: the OAuth client secret and the token key, to read and write MSAL's token cache. */
const TOKENS = ['kms:Decrypt', 'kms:Encrypt', ...READ_SECRET];
const TOKENS_ENV = ['OAUTH_SECRET_ARN', 'TOKEN_KEY_ARN'];

/** What each function may do, from what its handler builds (functions/handlers/composition-root/). */
const EXPECTED: Record<FunctionName, { actions: string[]; env: string[] }> = {
  api: {
    actions: [
      ...LOGS,
      ...ITEMS,
      'dynamodb:BatchWriteItem',
      ...SCHEDULES,
      ...READ_SECRET,
      ...SEND_SYNC,
      'kms:Encrypt',
      'kms:Decrypt',
    ],
    env: [
      ...SHARED_ENV,
      ...SCHEDULE_ENV,
      'FOLLOWUP_FUNCTION_ARN',
      'LINK_KEY_SECRET_ARN',
      'BASE_URL',
      'ALLOW_LIST',
      ...TOKENS_ENV,
      'SYNC_QUEUE_URL',
    ],
  },
  webhook: { actions: [...LOGS, ...READ_ITEM, ...SEND_SYNC], env: [...SHARED_ENV, 'SYNC_QUEUE_URL'] },
  sync: {
    actions: [
      ...LOGS,
      ...ITEMS,
      ...CONSUME_SYNC,
      ...SEND_SYNC,
      ...SCHEDULES,
      ...MAIL,
      ...READ_SECRET,
      ...TOKENS,
    ],
    env: [
      ...SHARED_ENV,
      ...SCHEDULE_ENV,
      'FOLLOWUP_FUNCTION_ARN',
      'SENDER_EMAIL',
      'LINK_KEY_SECRET_ARN',
      'BASE_URL',
      'SYNC_QUEUE_URL',
      ...TOKENS_ENV,
    ],
  },
  followup: {
    // SEND_SYNC's actions here are the on-failure destination's (the failure queue).
    actions: [
      ...LOGS,
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      ...MAIL,
      ...READ_SECRET,
      ...SEND_SYNC,
    ],
    env: [...SHARED_ENV, 'SENDER_EMAIL', 'LINK_KEY_SECRET_ARN', 'BASE_URL'],
  },
  maintenance: {
    actions: [
      ...LOGS,
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:Scan',
      ...SEND_SYNC,
      ...SCHEDULES,
      ...MAIL,
      ...TOKENS,
    ],
    env: [
      ...SHARED_ENV,
      ...SCHEDULE_ENV,
      'SYNC_QUEUE_URL',
      'FOLLOWUP_FUNCTION_ARN',
      'SENDER_EMAIL',
      'OPERATOR_EMAIL',
      'BASE_URL',
      ...TOKENS_ENV,
    ],
  },
};

const sorted = (values: string[]) => [...new Set(values)].sort();
const statementsOfFunction = (name: FunctionName): Statement[] =>
  statementsOf(synth.template, roleIdOf(synth.template, name));

/** Every string inside a resource reference, with tokens rendered as `<Ref>` / `<Id.Attr>`. */
function rendered(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  if (resource && typeof resource === 'object') {
    const value = resource as Record<string, unknown>;
    if ('Ref' in value) return `<${String(value.Ref)}>`;
    if ('Fn::GetAtt' in value) return `<${(value['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in value) return (value['Fn::Join'] as [string, unknown[]])[1].map(rendered).join('');
  }
  return JSON.stringify(resource);
}

describe('functions', () => {
  it.each(FUNCTION_NAMES)(
    '%s: newest Node.js runtime, arm64, ESM bundle with source maps, own log group',
    (name) => {
      const props = functionProps(synth.template, name);

      expect(props).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      expect(environmentOf(synth.template, name)).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `afterview-${name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Afterview',
      });
      const logGroupId = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources()[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
      });
    },
  );

  it.each(FUNCTION_NAMES)(
    '%s: bundled locally by esbuild, minified, ESM with require, under its budget',
    (name) => {
      const code = functionProps(synth.template, name).Code as { S3Key: string };
      const dir = path.join(synth.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      const bundle = path.join(dir, 'index.mjs');

      expect(existsSync(bundle)).toBe(true);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      expect(statSync(bundle).size).toBeLessThan(BUDGET_BYTES[name]);
      const text = readFileSync(bundle, 'utf8');
      expect(text.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      // Minified: long lines (esbuild keeps only the newlines inside template literals).
      expect(text.length / text.split('\n').length).toBeGreaterThan(1000);
    },
  );

  it('gives each function its own role', () => {
    const roles = FUNCTION_NAMES.map((name) => roleIdOf(synth.template, name));

    expect(new Set(roles).size).toBe(FUNCTION_NAMES.length);
    for (const role of roles) expect(resources()[role]?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(FUNCTION_NAMES)('%s: exactly the environment its handler reads', (name) => {
    expect(Object.keys(environmentOf(synth.template, name)).sort()).toEqual(sorted(EXPECTED[name].env));
  });

  it('passes the deploy context and the shared names through the environment', () => {
    const api = environmentOf(synth.template, 'api');
    const followupArn = arnOf(functionId(synth.template, 'followup'));

    expect(api.ALLOW_LIST).toBe('ada@example.com,@example.org');
    expect(api.FOLLOWUP_FUNCTION_ARN).toEqual(followupArn);
    expect(environmentOf(synth.template, 'sync').FOLLOWUP_FUNCTION_ARN).toEqual(followupArn);
    expect(api.SCHEDULE_GROUP).toBe('Afterview-followups');
    expect(api.TABLE_NAME).toEqual({ Ref: only('AWS::DynamoDB::Table') });
    expect(environmentOf(synth.template, 'followup').SENDER_EMAIL).toBe('prompts@example.com');
    expect(rendered(api.BASE_URL)).toMatch(/^<WebApi\w+\.ApiEndpoint>$/);
  });
});

describe('permissions', () => {
  it.each(FUNCTION_NAMES)('%s: exactly the actions it uses', (name) => {
    expect(actionsOf(statementsOfFunction(name))).toEqual(sorted(EXPECTED[name].actions));
  });

  it.each(FUNCTION_NAMES)('%s: no wildcard beyond what a service requires', (name) => {
    for (const statement of statementsOfFunction(name)) {
      expect(statement.Effect).toBe('Allow');
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      for (const action of actions) expect(action).not.toContain('*');
      const list = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const resource of list.map(rendered)) {
        if (!resource.includes('*')) continue;
        // Schedule names are made at run time (our group only); SES checks sender and sandbox recipients.
        expect(resource).toMatch(
          /^arn:<AWS::Partition>:(scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/Afterview-followups\/\*|ses:<AWS::Region>:<AWS::AccountId>:identity\/\*)$/,
        );
      }
    }
  });

  it('limits the store to the one table, and the index to maintenance queries', () => {
    const table = only('AWS::DynamoDB::Table');
    for (const name of FUNCTION_NAMES) {
      const dynamo = statementsOfFunction(name).filter((s) =>
        actionsOf([s]).some((a) => a.startsWith('dynamodb:')),
      );
      for (const statement of dynamo) {
        const onIndex = rendered(statement.Resource) === `<${table}.Arn>/index/gsi1`;
        if (onIndex) expect([name, statement.Action]).toEqual(['maintenance', 'dynamodb:Query']);
        else expect(rendered(statement.Resource)).toBe(`<${table}.Arn>`);
      }
    }
  });

  it('lets the webhook read one item and send one message, nothing else', () => {
    const webhook = statementsOfFunction('webhook');
    expect(resourcesFor(webhook, 'dynamodb:GetItem').map(rendered)).toEqual([
      `<${only('AWS::DynamoDB::Table')}.Arn>`,
    ]);
    expect(resourcesFor(webhook, 'sqs:SendMessage')).toEqual([arnOf(queues().sync)]);
  });

  it('lets schedulers pass the scheduler role, to the scheduler only', () => {
    const schedulerRole = (Object.entries(resources()).find(
      ([, r]) =>
        r.Type === 'AWS::IAM::Role' &&
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    ) ?? [])[0];
    for (const name of ['api', 'sync', 'maintenance'] as const) {
      const pass = statementsOfFunction(name).filter((s) => s.Action === 'iam:PassRole');
      expect(pass).toEqual([
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: arnOf(schedulerRole!),
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        },
      ]);
    }
    // The followup function schedules nothing, so it passes no role.
    expect(statementsOfFunction('followup').filter((s) => s.Action === 'iam:PassRole')).toEqual([]);
  });

  it('lets mail go out from the sender address only', () => {
    for (const name of ['sync', 'followup', 'maintenance'] as const) {
      const send = statementsOfFunction(name).filter((s) => actionsOf([s]).includes('ses:SendEmail'));
      expect(send).toHaveLength(1);
      expect(send[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'prompts@example.com' } });
    }
  });

  it('lets functions read the link key and the OAuth clients they use, and no other secret', () => {
    const secrets = idOfType('AWS::SecretsManager::Secret');
    const linkKey = secrets.find((id) => id.includes('LinkKey'))!;
    const oauth = secrets.find((id) => id.includes('OAuthClients'))!;
    const expected: Record<FunctionName, string[]> = {
      api: [linkKey, oauth],
      sync: [linkKey, oauth],
      followup: [linkKey],
      maintenance: [oauth],
      webhook: [],
    };
    for (const name of FUNCTION_NAMES) {
      const read = resourcesFor(statementsOfFunction(name), 'secretsmanager:GetSecretValue').map(rendered);
      expect(read.sort()).toEqual(expected[name].map((id) => `<${id}>`).sort());
    }
  });

  it('lets the token key be used only where grants are stored or used, bound to its purpose', () => {
    const key = only('AWS::KMS::Key');
    const uses: Record<FunctionName, string[]> = {
      api: ['kms:Decrypt', 'kms:Encrypt'],
      sync: ['kms:Decrypt', 'kms:Encrypt'],
      maintenance: ['kms:Decrypt', 'kms:Encrypt'],
      followup: [],
      webhook: [],
    };
    for (const name of FUNCTION_NAMES) {
      const kms = statementsOfFunction(name).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
      expect(actionsOf(kms)).toEqual(uses[name]);
      for (const statement of kms) {
        expect(rendered(statement.Resource)).toBe(`<${key}.Arn>`);
        expect(statement.Condition).toEqual({
          StringEquals: { 'kms:EncryptionContext:purpose': 'refresh-token' },
        });
      }
    }
  });
});

describe('follow-up scheduling', () => {
  it('has a schedule group of its own, deleted with the stack (and its pending schedules with it)', () => {
    synth.template.hasResource('AWS::Scheduler::ScheduleGroup', {
      Properties: { Name: 'Afterview-followups' },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  it("records the followup function's failed invocations in its failure queue after Lambda's retries", () => {
    const failures = queues().followupFailures;
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId(synth.template, 'followup') },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: ASYNC_RETRY_ATTEMPTS,
      MaximumEventAgeInSeconds: ASYNC_MAX_EVENT_AGE_MS / 1000,
      DestinationConfig: { OnFailure: { Destination: arnOf(failures) } },
    });
    synth.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    expect(resources()[failures]?.Properties).toEqual({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
    expect(resourcesFor(statementsOfFunction('followup'), 'sqs:SendMessage')).toEqual([arnOf(failures)]);
  });

  it('has a scheduler role that may only invoke the followup function and park failures in its DLQ', () => {
    const roleId = (Object.entries(resources()).find(
      ([, r]) =>
        r.Type === 'AWS::IAM::Role' &&
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    ) ?? [])[0]!;
    const role = resources()[roleId]!;
    const dlq = queues().followupDlq;

    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnEquals: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':scheduler:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':schedule-group/Afterview-followups',
                ],
              ],
            },
          },
        },
      },
    ]);
    const statements = statementsOf(synth.template, roleId);
    expect(actionsOf(statements)).toEqual([
      'lambda:InvokeFunction',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    expect(resourcesFor(statements, 'lambda:InvokeFunction')).toEqual([
      arnOf(functionId(synth.template, 'followup')),
    ]);
    expect(resourcesFor(statements, 'sqs:SendMessage')).toEqual([arnOf(dlq)]);
    expect(environmentOf(synth.template, 'api').SCHEDULER_DLQ_ARN).toEqual(arnOf(dlq));
    expect(environmentOf(synth.template, 'api').SCHEDULER_ROLE_ARN).toEqual(arnOf(roleId));
  });

  it('has a standard, encrypted dead-letter queue for failed schedule deliveries', () => {
    const dlq = queues().followupDlq;

    expect(resources()[dlq]?.Properties).toEqual({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });
});

describe('sync queue', () => {
  it('is FIFO, deduplicates by id not content, and redrives to a FIFO DLQ after 5 receives', () => {
    const { sync: queue, syncDlq: dlq } = queues();

    expect(resources()[queue]?.Properties).toEqual({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      VisibilityTimeout: SYNC_TIMEOUT.toSeconds() * 6,
      MessageRetentionPeriod: 4 * 24 * 3600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 5 },
    });
    expect(resources()[dlq]?.Properties).toEqual({
      FifoQueue: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });

  it('feeds the sync function, which reports partial batch failures', () => {
    const queue = queues().sync;

    synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(queue),
      FunctionName: { Ref: functionId(synth.template, 'sync') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: SYNC_BATCH_SIZE,
    });
    // The batch is worked through in sequence: each message gets its budget within the timeout.
    expect(functionProps(synth.template, 'sync').Timeout).toBeGreaterThanOrEqual(
      SYNC_BATCH_SIZE * SYNC_MESSAGE_BUDGET.toSeconds(),
    );
  });

  it('refuses every queue request that is not over TLS', () => {
    synth.template.resourceCountIs('AWS::SQS::QueuePolicy', 4);
    for (const [, policy] of Object.entries(synth.template.findResources('AWS::SQS::QueuePolicy'))) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });
});

describe('data', () => {
  it('is one on-demand table with PITR, encryption, TTL and the expiry GSI', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('outlives the stack: the table and the token key are retained', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    synth.template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  it('generates the link key and leaves a placeholder for the OAuth clients', () => {
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: JSON.stringify({
        google: { clientId: '', clientSecret: '' },
        microsoft: { clientId: '', clientSecret: '', tenant: 'common' },
      }),
    });
  });
});

describe('HTTP API', () => {
  const integrationOf = (routeKey: string) => {
    const route = Object.values(resources()).find(
      (r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === routeKey,
    );
    const target = route?.Properties.Target['Fn::Join'][1][1].Ref as string;
    return resources()[target]?.Properties.IntegrationUri;
  };

  it('routes webhooks to the webhook function and everything else to the web app', () => {
    const routes = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );

    expect(routes.sort()).toEqual(['$default', 'POST /webhooks/google', 'POST /webhooks/microsoft']);
    expect(integrationOf('$default')).toEqual(arnOf(functionId(synth.template, 'api')));
    expect(integrationOf('POST /webhooks/google')).toEqual(arnOf(functionId(synth.template, 'webhook')));
    expect(integrationOf('POST /webhooks/microsoft')).toEqual(arnOf(functionId(synth.template, 'webhook')));
  });

  it('throttles and writes JSON access logs without query strings', () => {
    const stage = resources()[only('AWS::ApiGatewayV2::Stage')]!.Properties;

    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: THROTTLE.rateLimit,
        ThrottlingBurstLimit: THROTTLE.burstLimit,
      },
    });
    expect(stage.AccessLogSettings.DestinationArn).toEqual(
      arnOf(idOfType('AWS::Logs::LogGroup').find((id) => id.startsWith('WebAccessLogs'))!),
    );
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      route: '$context.routeKey',
      status: '$context.status',
    });
    expect(Object.values(format).join(' ')).not.toMatch(/querystring|path\b|body/i);
  });
});

describe('maintenance', () => {
  it('runs every 5 minutes, with brief retries', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: arnOf(functionId(synth.template, 'maintenance')),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        }),
      ],
    });
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(synth.template.findResources('AWS::CloudWatch::Alarm'));
  const topic = () => ({ Ref: only('AWS::SNS::Topic') });

  it('watch every dead-letter queue, on the first message', () => {
    for (const queue of [queues().syncDlq, queues().followupDlq, queues().followupFailures]) {
      expect(alarms()).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            AlarmActions: [topic()],
          }),
        }),
      );
    }
  });

  it.each(FUNCTION_NAMES)('watch %s errors and throttles', (name) => {
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarms()).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            MetricName: metric,
            Namespace: 'AWS/Lambda',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(synth.template, name) } }],
            Threshold: 1,
            AlarmActions: [topic()],
          }),
        }),
      );
    }
  });

  it("watch the sync queue's oldest message and the API's server errors", () => {
    expect(alarms()).toContainEqual(
      expect.objectContaining({
        Properties: expect.objectContaining({
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queues().sync, 'QueueName'] } }],
          Threshold: 30 * 60,
          AlarmActions: [topic()],
        }),
      }),
    );
    expect(alarms()).toContainEqual(
      expect.objectContaining({
        Properties: expect.objectContaining({
          MetricName: '5xx',
          Namespace: 'AWS/ApiGateway',
          Dimensions: [{ Name: 'ApiId', Value: { Ref: only('AWS::ApiGatewayV2::Api') } }],
          Threshold: 1,
          AlarmActions: [topic()],
        }),
      }),
    );
  });

  it('go to an SNS topic that CloudWatch may publish to (this account only) and that only accepts TLS', () => {
    expect(alarms()).toHaveLength(3 + 2 + 2 * FUNCTION_NAMES.length);
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
    synth.template.resourceCountIs('AWS::SNS::TopicPolicy', 1);
    const policy = resources()[only('AWS::SNS::TopicPolicy')]!.Properties;
    expect(policy.Topics).toEqual([topic()]);
    const statements = policy.PolicyDocument.Statement as Array<Record<string, unknown>>;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const allow = statements.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Action: 'sns:Publish',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Resource: topic(),
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      },
    });
    const sourceArn = (allow[0]!.Condition as { ArnLike: { 'aws:SourceArn': unknown } }).ArnLike[
      'aws:SourceArn'
    ];
    expect(rendered(sourceArn)).toBe(
      'arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:*',
    );
  });
});

describe('outputs', () => {
  const outputs = () => synth.template.toJSON().Outputs as Record<string, { Value: unknown }>;

  it('name the table, the API, the redirect and webhook URLs and the secret command', () => {
    const base = rendered(outputs().ApiUrl?.Value);

    expect(Object.keys(outputs()).sort()).toEqual(
      [
        'AlarmTopicArn',
        'ApiUrl',
        'GoogleRedirectUri',
        'GoogleWebhookUrl',
        'MicrosoftRedirectUri',
        'MicrosoftWebhookUrl',
        'OAuthSecretArn',
        'PutOAuthSecretCommand',
        'TableName',
        'SenderEmail',
        'ScheduleGroupName',
        'TokenKeyArn',
        'MaintenanceFunctionName',
        'SyncDeadLetterQueueUrl',
        'FollowupDeadLetterQueueUrl',
        'FollowupFailureQueueUrl',
      ].sort(),
    );
    expect(outputs().TableName?.Value).toEqual({ Ref: only('AWS::DynamoDB::Table') });
    expect(rendered(outputs().GoogleRedirectUri?.Value)).toBe(`${base}/oauth/google/callback`);
    expect(rendered(outputs().MicrosoftRedirectUri?.Value)).toBe(`${base}/oauth/microsoft/callback`);
    expect(rendered(outputs().GoogleWebhookUrl?.Value)).toBe(`${base}/webhooks/google`);
    expect(rendered(outputs().MicrosoftWebhookUrl?.Value)).toBe(`${base}/webhooks/microsoft`);
    const oauth = idOfType('AWS::SecretsManager::Secret').find((id) => id.includes('OAuthClients'))!;
    expect(rendered(outputs().PutOAuthSecretCommand?.Value)).toBe(
      `aws secretsmanager put-secret-value --region <AWS::Region> --secret-id <${oauth}> --secret-string file://afterview-oauth.json`,
    );
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AwsSolutions pack', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.app);

    expect(
      report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives a real reason for every acknowledgement', () => {
    const reasons: string[] = [];
    const visit = (node: typeof synth.app.node): void => {
      for (const entry of node.metadata) {
        if (entry.type === 'aws:cdk:acknowledged-rules')
          reasons.push(...Object.values(entry.data as Record<string, string>));
      }
      for (const child of node.children) visit(child.node);
    };
    visit(synth.app.node);

    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(60);
  });
});

describe('snapshot', () => {
  it('matches, with asset hashes redacted', () => {
    expect(redactHashes(synth.template)).toMatchSnapshot();
  });
});
