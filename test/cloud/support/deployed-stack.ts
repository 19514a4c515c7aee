/**
 * "Deploys" the synthesised stack into moto: the table, the queues, the
 * schedule group, the secrets, the KMS key and the alarm topic are created
 * from their properties in the template (what CloudFormation would do), and
 * each function's environment is the template's, with every reference
 * resolved to what was created. A CloudFormation stack carrying the
 * template's outputs, resolved the same way, lets `connect-ics` and
 * `doctor` find everything as they would in an account.
 */
import { randomBytes } from 'node:crypto';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  CreateSecretCommand,
  GetRandomPasswordCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionName } from '../../../infra/bundling.js';
import { functionId, synthesise } from '../../infra/synth.js';
import { ACCOUNT, type Moto, REGION } from './moto-server.js';

// biome-ignore lint/suspicious/noExplicitAny: template JSON is walked ad hoc; a wrong path fails loudly.
type Json = any;

/** What a reference to one created resource resolves to. */
interface Created {
  ref: string;
  attrs: Record<string, string>;
}

export interface DeployedStack {
  stackName: string;
  /** The synthesised template (`Resources`, `Outputs`). */
  template: Json;
  /** The stack's outputs as CloudFormation would show them. */
  outputs: Record<string, string>;
  /** Each function's environment from the template, resolved. */
  environment: Record<FunctionName, Record<string, string>>;
  /** Each function's name and ARN. */
  functions: Record<FunctionName, { name: string; arn: string }>;
  /** Logical id -> what it resolved to. */
  created: Map<string, Created>;
}

const PSEUDO: Record<string, string> = {
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Synthesises with `context` and creates the stack's resources in moto. */
export async function deployToMoto(
  moto: Moto,
  context: Record<string, unknown> = {},
): Promise<DeployedStack> {
  const synth = synthesise(context, { bundle: false });
  const template = synth.template.toJSON() as Json;
  const stackName = synth.stack.stackName;
  const created = new Map<string, Created>();
  const resolve = (value: Json): Json => resolveValue(value, created, stackName);
  const config = moto.clientConfig;
  const suffix = randomBytes(4).toString('hex');
  const resources = Object.entries(template.Resources as Record<string, Json>);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

  // Names and ARNs of what is not emulated here: functions, roles, the HTTP API.
  for (const [id] of ofType('AWS::Lambda::Function')) {
    const name = `${stackName}-${id}`.slice(0, 64);
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
    created.set(id, { ref: name, attrs: { Arn: arn } });
  }
  for (const [id] of ofType('AWS::IAM::Role')) {
    created.set(id, { ref: id, attrs: { Arn: `arn:aws:iam::${ACCOUNT}:role/${id}` } });
  }
  for (const [id] of ofType('AWS::ApiGatewayV2::Api')) {
    created.set(id, {
      ref: 'api0001',
      attrs: { ApiEndpoint: `https://api0001.execute-api.${REGION}.amazonaws.com` },
    });
  }

  const dynamo = new DynamoDBClient(config);
  for (const [id, r] of ofType('AWS::DynamoDB::Table')) {
    const p = r.Properties;
    const name = `${stackName}-${id}-${suffix}`;
    await dynamo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: p.BillingMode,
        AttributeDefinitions: p.AttributeDefinitions as AttributeDefinition[],
        KeySchema: p.KeySchema as KeySchemaElement[],
        GlobalSecondaryIndexes: p.GlobalSecondaryIndexes as GlobalSecondaryIndex[],
      }),
    );
    if (p.TimeToLiveSpecification) {
      await dynamo.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: p.TimeToLiveSpecification }),
      );
    }
    created.set(id, { ref: name, attrs: { Arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}` } });
  }
  dynamo.destroy();

  // Dead-letter queues first: the others name them in their redrive policy.
  const sqs = new SQSClient(config);
  const queues = ofType('AWS::SQS::Queue').sort(
    ([, a], [, b]) =>
      Number(a.Properties.RedrivePolicy !== undefined) - Number(b.Properties.RedrivePolicy !== undefined),
  );
  for (const [id, r] of queues) {
    const p = r.Properties;
    const name = `${id}-${suffix}`.slice(0, 75) + (p.FifoQueue ? '.fifo' : '');
    const attributes: Record<string, string> = {};
    if (p.FifoQueue) attributes.FifoQueue = 'true';
    if (p.ContentBasedDeduplication !== undefined)
      attributes.ContentBasedDeduplication = String(p.ContentBasedDeduplication);
    if (p.VisibilityTimeout !== undefined) attributes.VisibilityTimeout = String(p.VisibilityTimeout);
    if (p.MessageRetentionPeriod !== undefined)
      attributes.MessageRetentionPeriod = String(p.MessageRetentionPeriod);
    if (p.SqsManagedSseEnabled !== undefined)
      attributes.SqsManagedSseEnabled = String(p.SqsManagedSseEnabled);
    if (p.RedrivePolicy) attributes.RedrivePolicy = JSON.stringify(resolve(p.RedrivePolicy));
    const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: out.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    created.set(id, {
      ref: out.QueueUrl!,
      attrs: { Arn: attrs.Attributes!.QueueArn!, QueueName: name, QueueUrl: out.QueueUrl! },
    });
  }
  sqs.destroy();

  const scheduler = new SchedulerClient(config);
  for (const [id, r] of ofType('AWS::Scheduler::ScheduleGroup')) {
    const out = await scheduler.send(new CreateScheduleGroupCommand({ Name: r.Properties.Name }));
    created.set(id, { ref: r.Properties.Name, attrs: { Arn: out.ScheduleGroupArn! } });
  }
  scheduler.destroy();

  const secrets = new SecretsManagerClient(config);
  for (const [id, r] of ofType('AWS::SecretsManager::Secret')) {
    const p = r.Properties;
    let value: string = p.SecretString;
    if (p.GenerateSecretString) {
      const g = p.GenerateSecretString;
      const out = await secrets.send(
        new GetRandomPasswordCommand({
          PasswordLength: g.PasswordLength,
          ExcludePunctuation: g.ExcludePunctuation,
          IncludeSpace: g.IncludeSpace,
        }),
      );
      value = out.RandomPassword!;
    }
    const out = await secrets.send(
      new CreateSecretCommand({ Name: `${id}-${suffix}`, Description: p.Description, SecretString: value }),
    );
    created.set(id, { ref: out.ARN!, attrs: {} });
  }
  secrets.destroy();

  const kms = new KMSClient(config);
  for (const [id, r] of ofType('AWS::KMS::Key')) {
    const out = await kms.send(new CreateKeyCommand({ Description: r.Properties.Description }));
    if (r.Properties.EnableKeyRotation)
      await kms.send(new EnableKeyRotationCommand({ KeyId: out.KeyMetadata!.KeyId }));
    created.set(id, { ref: out.KeyMetadata!.KeyId!, attrs: { Arn: out.KeyMetadata!.Arn! } });
  }
  kms.destroy();

  const sns = new SNSClient(config);
  for (const [id] of ofType('AWS::SNS::Topic')) {
    const out = await sns.send(new CreateTopicCommand({ Name: `${id}-${suffix}` }));
    created.set(id, { ref: out.TopicArn!, attrs: { TopicName: `${id}-${suffix}` } });
  }
  for (const [, r] of ofType('AWS::SNS::Subscription')) {
    const p = resolve(r.Properties);
    await sns.send(
      new SubscribeCommand({ TopicArn: p.TopicArn, Protocol: p.Protocol, Endpoint: p.Endpoint }),
    );
  }
  sns.destroy();

  const outputs: Record<string, string> = {};
  for (const [key, output] of Object.entries(template.Outputs as Record<string, Json>)) {
    outputs[key] = String(resolve(output.Value));
  }
  const cfn = new CloudFormationClient(config);
  await cfn.send(
    new CreateStackCommand({
      StackName: stackName,
      // The outputs, already resolved; the resources above stand for the rest.
      TemplateBody: JSON.stringify({
        Resources: { Placeholder: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
        Outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { Value: v }])),
      }),
    }),
  );
  cfn.destroy();

  const names = ['api', 'webhook', 'sync', 'followup', 'maintenance'] as const;
  const environment = {} as DeployedStack['environment'];
  const functions = {} as DeployedStack['functions'];
  for (const name of names) {
    const id = functionId(synth.template, name);
    const variables = template.Resources[id].Properties.Environment.Variables as Record<string, Json>;
    environment[name] = Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [k, String(resolve(v))]),
    );
    functions[name] = { name: created.get(id)!.ref, arn: created.get(id)!.attrs.Arn! };
  }
  return { stackName, template, outputs, environment, functions, created };
}

function resolveValue(value: Json, created: Map<string, Created>, stackName: string): Json {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, created, stackName));
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) {
    const ref = value.Ref as string;
    if (ref === 'AWS::StackName') return stackName;
    if (ref in PSEUDO) return PSEUDO[ref];
    const found = created.get(ref);
    if (!found) throw new Error(`the template references ${ref}, which this emulation does not create`);
    return found.ref;
  }
  if ('Fn::GetAtt' in value) {
    const [id, attr] = value['Fn::GetAtt'] as [string, string];
    const found = created.get(id)?.attrs[attr];
    if (found === undefined)
      throw new Error(`the template references ${id}.${attr}, which this emulation lacks`);
    return found;
  }
  if ('Fn::Join' in value) {
    const [sep, parts] = value['Fn::Join'] as [string, Json[]];
    return parts.map((p) => resolveValue(p, created, stackName)).join(sep);
  }
  if ('Fn::Select' in value) {
    const [index, list] = value['Fn::Select'] as [number, Json];
    return (resolveValue(list, created, stackName) as Json[])[index];
  }
  if ('Fn::Split' in value) {
    const [sep, text] = value['Fn::Split'] as [string, Json];
    return String(resolveValue(text, created, stackName)).split(sep);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, created, stackName)]));
}

/**
 * Runs `work` with the process environment of one deployed function (its
 * template environment, the emulator's endpoint and credentials, and the
 * variables the Lambda runtime sets), then puts the environment back.
 */
export async function asFunction<T>(
  moto: Moto,
  stack: DeployedStack,
  name: FunctionName,
  work: () => Promise<T>,
): Promise<T> {
  const runtime: Record<string, string> = {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_LAMBDA_FUNCTION_NAME: stack.functions[name].name,
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  };
  // Every variable any function has, so one function never sees another's.
  const keys = new Set([
    ...Object.values(stack.environment).flatMap((env) => Object.keys(env)),
    ...Object.keys(runtime),
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
  ]);
  const saved = new Map([...keys].map((key) => [key, process.env[key]]));
  for (const key of keys) delete process.env[key];
  Object.assign(process.env, stack.environment[name], runtime);
  try {
    return await work();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
