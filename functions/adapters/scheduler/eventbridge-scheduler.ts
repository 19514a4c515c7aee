/**
 * One-time follow-up schedules on EventBridge Scheduler: an `at()` schedule
 * per request in a dedicated group, deleted by the service after it fires,
 * with a retry policy and a dead-letter queue. Names are deterministic (core
 * `schedule-names.ts`), so create-or-update gives `upsert` semantics.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { ScheduleRequest } from '../../core/model.js';
import type { Clock, Scheduler } from '../../core/ports.js';

/**
 * `at()` needs a future time, and the service fires within about a minute of
 * it. An instant already past, or less than this far ahead, is scheduled this
 * far ahead of now: it fires one to two minutes late rather than not at all.
 */
export const MIN_LEAD_SECONDS = 60;
/** Retry a failed invocation for up to a day, as often as the service allows. */
export const RETRY_POLICY = { MaximumEventAgeInSeconds: 24 * 60 * 60, MaximumRetryAttempts: 185 } as const;

/** What `EventBridgeScheduler` needs; the ARNs come from the stack's outputs. */
export interface EventBridgeSchedulerDeps {
  client: SchedulerClient;
  groupName: string;
  /** ARN of the followup Lambda. */
  targetArn: string;
  /** Role the Scheduler assumes to invoke the target. */
  roleArn: string;
  /** SQS queue that receives events whose retries ran out. */
  deadLetterArn: string;
  clock: Clock;
}

/** `Scheduler` on EventBridge Scheduler. */
export class EventBridgeScheduler implements Scheduler {
  readonly #deps: EventBridgeSchedulerDeps;

  constructor(deps: EventBridgeSchedulerDeps) {
    this.#deps = deps;
  }

  async upsert(request: ScheduleRequest): Promise<void> {
    const definition = this.definition(ScheduleRequest.parse(request));
    try {
      await this.#deps.client.send(new CreateScheduleCommand(definition));
      return;
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
    try {
      await this.#deps.client.send(new UpdateScheduleCommand(definition));
    } catch (error) {
      // It fired and deleted itself between our create and update: create anew.
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.#deps.client.send(new CreateScheduleCommand(definition));
    }
  }

  async cancel(name: string): Promise<void> {
    const parsedName = ScheduleRequest.shape.name.parse(name);
    try {
      await this.#deps.client.send(
        new DeleteScheduleCommand({ Name: parsedName, GroupName: this.#deps.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  /** The full definition: UpdateSchedule replaces every field, so create and update share it. */
  private definition(request: ScheduleRequest): CreateScheduleCommandInput {
    const { groupName, targetArn, roleArn, deadLetterArn, clock } = this.#deps;
    return {
      Name: request.name,
      GroupName: groupName,
      ScheduleExpression: atExpression(fireTime(new Date(request.at), clock.now())),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        Input: JSON.stringify(request.payload),
        RetryPolicy: { ...RETRY_POLICY },
        DeadLetterConfig: { Arn: deadLetterArn },
      },
    };
  }
}

/**
 * When to fire: `at`, rounded up to the whole second (the expression has
 * second precision and must never fire early), but at least
 * `MIN_LEAD_SECONDS` after `now`.
 */
export function fireTime(at: Date, now: Date): Date {
  const earliest = now.getTime() + MIN_LEAD_SECONDS * 1000;
  return new Date(Math.ceil(Math.max(at.getTime(), earliest) / 1000) * 1000);
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC. */
export function atExpression(instant: Date): string {
  return `at(${instant.toISOString().slice(0, 19)})`;
}
