import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
 * parked in a dead-letter queue, a queue whose oldest message waits too
 * long, API server errors, and any function error or throttle. Each alarm
 * fires on the first occurrence: for a one-person app every failure is
 * worth a look.
 *
 * The topic's policy replaces SNS's default one, so it must let CloudWatch
 * publish (this account's alarms only) next to the TLS-only deny.
 */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Afterview alarms', enforceSSL: true });
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Alarms when any message sits in a dead-letter queue. */
  watchDeadLetterQueue(id: string, queue: Queue, what: string): Alarm {
    return this.alarm(id, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      description: `${what} has messages: deliveries failed for good. Inspect and redrive them.`,
    });
  }

  /** Alarms when the oldest message of a queue has waited `maxAge` or longer: its consumer is stuck. */
  watchQueueAge(id: string, queue: Queue, maxAge: Duration, what: string): Alarm {
    return this.alarm(id, {
      metric: queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
      threshold: maxAge.toSeconds(),
      description: `${what} has a message older than ${maxAge.toHumanString()}: its consumer is failing or stuck. See the sync function's log group.`,
    });
  }

  /** Alarms on any 5xx answer of the HTTP API (the function failed or timed out). */
  watchApi(id: string, api: HttpApi): Alarm {
    return this.alarm(id, {
      metric: api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      description: 'The HTTP API answered with a server error. See the api and webhook log groups.',
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

  private alarm(id: string, props: { metric: IMetric; description: string; threshold?: number }): Alarm {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      alarmDescription: props.description,
      threshold: props.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
