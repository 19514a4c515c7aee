import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNag, wildcardResourceFinding } from '../nag.js';

/** What the scheduler adapter calls; nothing that lists or touches other groups. */
export const SCHEDULE_ACTIONS = [
  'scheduler:CreateSchedule',
  'scheduler:UpdateSchedule',
  'scheduler:DeleteSchedule',
  'scheduler:GetSchedule',
];

/**
 * EventBridge Scheduler for Afterview's one-time follow-up schedules: a
 * dedicated schedule group, a role the scheduler assumes that may only
 * invoke the followup function (and park failed deliveries in the
 * dead-letter queue), and a standard SQS dead-letter queue. The schedules
 * themselves are created at run time by the functions granted here.
 */
export class FollowupScheduling extends Construct {
  readonly group: ScheduleGroup;
  readonly groupName: string;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  #target: LambdaFunction | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.groupName = `${stack.stackName}-followups`;
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: this.groupName });
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeNag(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue: schedules name it in their DeadLetterConfig at run time.',
    );
    this.role = new Role(this, 'Role', {
      description: 'Assumed by EventBridge Scheduler to fire Afterview follow-ups',
      // Confused-deputy guard: only schedules in our group, in this account, may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': this.groupArn() },
        },
      }),
    });
    this.deadLetterQueue.grantSendMessages(this.role);
  }

  /** `arn:...:schedule-group/<group>` */
  groupArn(): string {
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule-group',
      resourceName: this.groupName,
    });
  }

  /** `arn:...:schedule/<group>/*`: the schedules of our group, whose names are made at run time. */
  schedulesArn(): string {
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.groupName}/*`,
    });
  }

  /** The function every schedule invokes; the scheduler role may invoke it and nothing else. */
  setTarget(fn: LambdaFunction): void {
    if (this.#target) throw new Error('FollowupScheduling: the target is already set');
    this.#target = fn;
    // Not `grantInvoke`: it adds `<arn>:*` (every version and alias); schedules call the bare ARN.
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
  }

  /**
   * Lets a function create, update, read and delete schedules in our group
   * and pass the scheduler role (to the scheduler only), and tells it where
   * (`SCHEDULE_GROUP`, `SCHEDULER_ROLE_ARN`, `SCHEDULER_DLQ_ARN`).
   */
  grantManageSchedules(fn: LambdaFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: SCHEDULE_ACTIONS, resources: [this.schedulesArn()] }));
    acknowledgeNag(
      fn.role!,
      wildcardResourceFinding(
        `arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.groupName}/*`,
      ),
      'Schedule names are made at run time, one per interview step; the grant covers only schedules in our own group.',
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    fn.addEnvironment('SCHEDULE_GROUP', this.groupName);
    fn.addEnvironment('SCHEDULER_ROLE_ARN', this.role.roleArn);
    fn.addEnvironment('SCHEDULER_DLQ_ARN', this.deadLetterQueue.queueArn);
  }

  /** Tells a scheduling function which function the schedules invoke (`FOLLOWUP_FUNCTION_ARN`). */
  shareTarget(fn: LambdaFunction): void {
    if (!this.#target) throw new Error('FollowupScheduling: set the target first');
    fn.addEnvironment('FOLLOWUP_FUNCTION_ARN', this.#target.functionArn);
  }
}
