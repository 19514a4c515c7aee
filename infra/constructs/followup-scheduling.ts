import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ASYNC_MAX_EVENT_AGE_MS, ASYNC_RETRY_ATTEMPTS } from '../../functions/contracts/rearm-policy.js';
import { acknowledgeNag, wildcardResourceFinding } from '../nag.js';

/** What the scheduler adapter calls (create, update, delete); nothing that lists or touches other groups. */
export const SCHEDULE_ACTIONS = [
  'scheduler:CreateSchedule',
  'scheduler:UpdateSchedule',
  'scheduler:DeleteSchedule',
];

/**
 * EventBridge Scheduler for Afterview's one-time follow-up schedules: a
 * dedicated schedule group, a role the scheduler assumes that may only
 * invoke the followup function (and park failed deliveries in the
 * dead-letter queue), a standard SQS dead-letter queue for deliveries, and
 * the followup function's on-failure destination for invocations that ran
 * and failed. The schedules themselves are created at run time by the
 * functions granted here.
 *
 * The group is deleted with the stack, and with it every pending schedule
 * (they would fire at a function that no longer exists); a redeploy creates
 * it anew under the same name.
 */
export class FollowupScheduling extends Construct {
  readonly group: ScheduleGroup;
  readonly groupName: string;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  /** Invocations of the followup function that failed after Lambda's retries, with their error. */
  readonly failureQueue: Queue;
  #target: LambdaFunction | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.groupName = `${stack.stackName}-followups`;
    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: this.groupName,
      // Retained, it would survive `cdk destroy` with its schedules and make the next deploy collide.
      removalPolicy: RemovalPolicy.DESTROY,
    });
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
    this.failureQueue = new Queue(this, 'FailureQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeNag(
      this.failureQueue,
      'AwsSolutions-SQS3',
      "This queue is itself where failures land: the followup function's on-failure destination.",
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

  /**
   * The function every schedule invokes; the scheduler role may invoke it and
   * nothing else. A failed invocation is retried by Lambda, then recorded in
   * the failure queue; the maintenance sweep re-arms the follow-up itself.
   */
  setTarget(fn: LambdaFunction): void {
    if (this.#target) throw new Error('FollowupScheduling: the target is already set');
    this.#target = fn;
    fn.configureAsyncInvoke({
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: Duration.millis(ASYNC_MAX_EVENT_AGE_MS),
      onFailure: new SqsDestination(this.failureQueue),
    });
    // Not `grantInvoke`: it adds `<arn>:*` (every version and alias); schedules call the bare ARN.
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
  }

  /**
   * Lets a function create, update and delete schedules in our group
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
