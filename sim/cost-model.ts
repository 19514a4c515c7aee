/**
 * What a month of Afterview costs per 1,000 users at AWS list prices
 * (us-east-1, on-demand, free tiers ignored so the figure is an upper bound).
 */

/** Prices used, with where they come from. Not fetched live: update by hand. */
export const PRICES = {
  asOf: '2026-11-25 (list prices as published since the DynamoDB on-demand cut of 2024-11-01)',
  region: 'us-east-1',
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  lambdaRequestPerMillion: 0.2,
  lambdaGbSecond: 0.0000166667,
  schedulerInvocationPerMillion: 1.0,
  sqsFifoPerMillion: 0.5,
  sesPerThousand: 0.1,
  httpApiPerMillion: 1.0,
  sources: [
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/lambda/pricing/',
    'https://aws.amazon.com/eventbridge/pricing/ (Scheduler)',
    'https://aws.amazon.com/sqs/pricing/',
    'https://aws.amazon.com/ses/pricing/',
    'https://aws.amazon.com/api-gateway/pricing/',
  ],
} as const;

/** Assumed memory and mean duration per function (arm64 not assumed: x86 price). */
export const LAMBDA_PROFILE = {
  webhook: { memoryMb: 256, ms: 40 },
  sync: { memoryMb: 512, ms: 400 },
  followup: { memoryMb: 512, ms: 300 },
  api: { memoryMb: 512, ms: 150 },
  maintenance: { memoryMb: 512, ms: 2_000 },
} as const;

export type LambdaName = keyof typeof LAMBDA_PROFILE;

export interface Usage {
  lambda: Record<LambdaName, number>;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  /** Schedules that fired (EventBridge Scheduler bills invocations; API calls are free). */
  schedulerInvocations: number;
  /** SQS FIFO requests: send, receive, delete per sync message. */
  sqsRequests: number;
  sesSends: number;
  /** HTTP API requests: webhooks and action links. */
  httpRequests: number;
}

export interface CostBreakdown {
  dynamodb: number;
  lambda: number;
  scheduler: number;
  sqs: number;
  ses: number;
  apiGateway: number;
  total: number;
}

/** Cost of `usage`, scaled to 1,000 users for 30 days. */
export function costPer1000UserMonths(usage: Usage, users: number, days: number): CostBreakdown {
  const scale = (1_000 / users) * (30 / days);
  const perM = (count: number, price: number) => (count / 1_000_000) * price * scale;
  let lambda = 0;
  for (const [name, count] of Object.entries(usage.lambda) as Array<[LambdaName, number]>) {
    const profile = LAMBDA_PROFILE[name];
    lambda += perM(count, PRICES.lambdaRequestPerMillion);
    lambda += count * (profile.memoryMb / 1024) * (profile.ms / 1000) * PRICES.lambdaGbSecond * scale;
  }
  const parts = {
    dynamodb:
      perM(usage.dynamoReadUnits, PRICES.dynamoReadPerMillion) +
      perM(usage.dynamoWriteUnits, PRICES.dynamoWritePerMillion),
    lambda,
    scheduler: perM(usage.schedulerInvocations, PRICES.schedulerInvocationPerMillion),
    sqs: perM(usage.sqsRequests, PRICES.sqsFifoPerMillion),
    ses: (usage.sesSends / 1_000) * PRICES.sesPerThousand * scale,
    apiGateway: perM(usage.httpRequests, PRICES.httpApiPerMillion),
  };
  const total = Object.values(parts).reduce((sum, value) => sum + value, 0);
  return { ...roundAll(parts), total: round(total) };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function roundAll<T extends Record<string, number>>(parts: T): T {
  return Object.fromEntries(Object.entries(parts).map(([key, value]) => [key, round(value)])) as T;
}
