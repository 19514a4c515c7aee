/** One-time follow-up schedules on EventBridge Scheduler. */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { requireEnv } from '../../adapters/config.js';
import { EventBridgeScheduler } from '../../adapters/scheduler/eventbridge-scheduler.js';
import { TrackedScheduler } from '../../core/due-followups.js';
import type { Scheduler } from '../../core/ports.js';
import { clock } from './container.js';
import { cloudLedger } from './ledger.js';

/**
 * The scheduler the core plans with: every schedule it arms is recorded in
 * the ledger, so the maintenance sweep finds one that never fired. Schedules
 * target the followup function, which passes its own ARN to avoid a
 * self-reference in infra.
 */
export function cloudScheduler(targetArn = requireEnv('FOLLOWUP_FUNCTION_ARN')): Scheduler {
  return new TrackedScheduler(plainScheduler(targetArn), cloudLedger());
}

/** EventBridge Scheduler alone: the sweep re-arms through it and keeps the record itself. */
export function plainScheduler(targetArn = requireEnv('FOLLOWUP_FUNCTION_ARN')): Scheduler {
  return new EventBridgeScheduler({
    client: new SchedulerClient({}),
    groupName: requireEnv('SCHEDULE_GROUP'),
    targetArn,
    roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
    deadLetterArn: requireEnv('SCHEDULER_DLQ_ARN'),
    clock,
  });
}
