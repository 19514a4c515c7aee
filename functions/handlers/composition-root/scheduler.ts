/** One-time follow-up schedules on EventBridge Scheduler. */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { requireEnv } from '../../adapters/config.js';
import { EventBridgeScheduler } from '../../adapters/scheduler/eventbridge-scheduler.js';
import type { Scheduler } from '../../core/ports.js';
import { clock } from './container.js';

/** Schedules target the followup function; it passes its own ARN to avoid a self-reference in infra. */
export function cloudScheduler(targetArn = requireEnv('FOLLOWUP_FUNCTION_ARN')): Scheduler {
  return new EventBridgeScheduler({
    client: new SchedulerClient({}),
    groupName: requireEnv('SCHEDULE_GROUP'),
    targetArn,
    roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
    deadLetterArn: requireEnv('SCHEDULER_DLQ_ARN'),
    clock,
  });
}
