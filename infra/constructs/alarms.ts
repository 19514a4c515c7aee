import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Subscribed to the topic when given (the subscription must be confirmed from the mail). */
  alarmEmail?: string | undefined;
}

const PERIOD = Duration.minutes(5);

/**
 * CloudWatch alarms to one SNS topic the deployer subscribes to: anything
 * parked in a dead-letter queue, and any function error or throttle. Each
 * alarm fires on the first occurrence: for a one-person app every failure
 * is worth a look.
 */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Afterview alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Alarms when any message sits in a dead-letter queue. */
  watchDeadLetterQueue(id: string, queue: Queue, what: string): Alarm {
    return this.alarm(id, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      description: `${what} has messages: deliveries failed for good. Inspect and redrive them.`,
    });
  }

  /** Alarms on any error and any throttle of a function. */
  watchFunction(id: string, fn: LambdaFunction): void {
    this.alarm(`${id}Errors`, {
      metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      description: `The ${id} function failed. See its log group.`,
    });
    this.alarm(`${id}Throttles`, {
      metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      description: `The ${id} function was throttled: the account's concurrency is exhausted.`,
    });
  }

  private alarm(id: string, props: { metric: IMetric; description: string }): Alarm {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      alarmDescription: props.description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
