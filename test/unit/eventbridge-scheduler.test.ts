import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  atExpression,
  EventBridgeScheduler,
  fireTime,
} from '../../functions/adapters/scheduler/eventbridge-scheduler.js';
import type { ScheduleRequest } from '../../functions/core/model.js';

const NOW = new Date('2030-05-06T12:00:00.000Z');
const ARNS = {
  groupName: 'afterview',
  targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:followup',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler-invoke',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:followup-dlq',
};

const REQUEST: ScheduleRequest = {
  name: 'ended-u1-i1',
  at: '2030-05-07T15:30:00.000Z',
  payload: { kind: 'interview-ended', userId: 'u1', interviewId: 'i1', version: 3 },
};

function expectedDefinition(expression: string) {
  return {
    Name: 'ended-u1-i1',
    GroupName: 'afterview',
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: ARNS.targetArn,
      RoleArn: ARNS.roleArn,
      Input: '{"kind":"interview-ended","userId":"u1","interviewId":"i1","version":3}',
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      DeadLetterConfig: { Arn: ARNS.deadLetterArn },
    },
  };
}

const conflict = () => new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} });
const notFound = () => new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} });

describe('EventBridgeScheduler', () => {
  const mock = mockClient(SchedulerClient);
  afterEach(() => mock.reset());
  const scheduler = new EventBridgeScheduler({
    ...ARNS,
    client: new SchedulerClient({ region: 'eu-west-1' }),
    clock: { now: () => NOW },
  });

  it('creates a one-time UTC at() schedule that deletes itself, with retries and a DLQ', async () => {
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:x' });
    await scheduler.upsert(REQUEST);
    expect(mock.calls()).toHaveLength(1);
    expect(mock.commandCalls(CreateScheduleCommand)[0]!.args[0].input).toEqual(
      expectedDefinition('at(2030-05-07T15:30:00)'),
    );
  });

  it('updates with the same full definition when the name exists', async () => {
    mock.on(CreateScheduleCommand).rejects(conflict());
    mock.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn:x' });
    await scheduler.upsert(REQUEST);
    expect(mock.commandCalls(UpdateScheduleCommand)[0]!.args[0].input).toEqual(
      expectedDefinition('at(2030-05-07T15:30:00)'),
    );
  });

  it('creates again when the schedule fired and vanished between create and update', async () => {
    mock.on(CreateScheduleCommand).rejectsOnce(conflict()).resolves({ ScheduleArn: 'arn:x' });
    mock.on(UpdateScheduleCommand).rejects(notFound());
    await scheduler.upsert(REQUEST);
    expect(mock.commandCalls(CreateScheduleCommand)).toHaveLength(2);
  });

  it('schedules a past instant one minute ahead of now', async () => {
    mock.on(CreateScheduleCommand).resolves({});
    await scheduler.upsert({ ...REQUEST, at: '2030-05-01T00:00:00.000Z' });
    expect(mock.commandCalls(CreateScheduleCommand)[0]!.args[0].input.ScheduleExpression).toBe(
      'at(2030-05-06T12:01:00)',
    );
  });

  it('propagates throttling and other errors as they are', async () => {
    mock
      .on(CreateScheduleCommand)
      .rejects(new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata: {} }));
    await expect(scheduler.upsert(REQUEST)).rejects.toBeInstanceOf(ThrottlingException);
    mock.reset();
    mock.on(CreateScheduleCommand).rejects(conflict());
    mock.on(UpdateScheduleCommand).rejects(new Error('AccessDenied'));
    await expect(scheduler.upsert(REQUEST)).rejects.toThrow('AccessDenied');
  });

  it('rejects a malformed name or payload before calling AWS', async () => {
    await expect(scheduler.upsert({ ...REQUEST, name: 'has space' })).rejects.toThrow();
    await expect(scheduler.upsert({ ...REQUEST, name: 'x'.repeat(65) })).rejects.toThrow();
    await expect(scheduler.cancel('bad/name')).rejects.toThrow();
    expect(mock.calls()).toHaveLength(0);
  });

  it('deletes on cancel and tolerates a schedule that is already gone', async () => {
    mock.on(DeleteScheduleCommand).resolvesOnce({}).rejectsOnce(notFound());
    await scheduler.cancel('ended-u1-i1');
    await scheduler.cancel('ended-u1-i1');
    const calls = mock.commandCalls(DeleteScheduleCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([
      { Name: 'ended-u1-i1', GroupName: 'afterview' },
      { Name: 'ended-u1-i1', GroupName: 'afterview' },
    ]);
  });

  it('lets other delete errors through', async () => {
    mock
      .on(DeleteScheduleCommand)
      .rejects(new ThrottlingException({ message: 'slow', Message: 'slow', $metadata: {} }));
    await expect(scheduler.cancel('ended-u1-i1')).rejects.toBeInstanceOf(ThrottlingException);
  });
});

describe('fireTime', () => {
  it('keeps a future instant, rounding sub-seconds up so it never fires early', () => {
    expect(fireTime(new Date('2030-05-06T13:00:00.000Z'), NOW).toISOString()).toBe(
      '2030-05-06T13:00:00.000Z',
    );
    expect(fireTime(new Date('2030-05-06T13:00:00.001Z'), NOW).toISOString()).toBe(
      '2030-05-06T13:00:01.000Z',
    );
  });

  it('moves an instant within the next minute to one minute ahead of now', () => {
    expect(fireTime(new Date('2030-05-06T12:00:30.000Z'), NOW).toISOString()).toBe(
      '2030-05-06T12:01:00.000Z',
    );
    expect(fireTime(new Date('2030-05-06T12:01:00.000Z'), NOW).toISOString()).toBe(
      '2030-05-06T12:01:00.000Z',
    );
  });

  it('formats at() without zone or fraction', () => {
    expect(atExpression(new Date('2030-01-02T03:04:05.000Z'))).toBe('at(2030-01-02T03:04:05)');
  });
});
