/** The simulation result as a plain-text table for people. */
import type { SimResult } from './run-simulation.js';

function rows(result: SimResult): Array<[string, string]> {
  const p = result.prompts;
  const o = result.options;
  const fmt = (n: number) => n.toLocaleString('en-US');
  return [
    [
      'run',
      `${fmt(o.users)} users x ${o.days} days from ${o.start}, faults ${o.faults}, seed ${o.seed}, ${o.shards} shard(s), ${result.elapsedSeconds}s`,
    ],
    ...(['thankYou', 'prep', 'statusCheck'] as const).map((kind): [string, string] => {
      const k = p[kind];
      return [
        `${kind}`,
        `expected ${fmt(k.expected)}, sent ${fmt(k.sent)}, lost ${k.lost}, duplicated ${k.duplicated}, spurious ${k.spurious}, late ${k.late}, early ${k.early}, misaddressed ${k.misaddressed}, wrong names ${k.wrongNames}; fault-delayed ${k.faultDelayed}, detector misses ${k.detectorMisses}`,
      ];
    }),
    [
      'detector (against the truth)',
      `${result.detector.misses} of ${result.detector.expected} thank-yous missed (ceiling ${result.detector.ceiling * 100}%), ${result.detector.falsePositives} false positives`,
    ],
    [
      'mails by kind',
      Object.entries(result.mailsByKind)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', '),
    ],
    [
      'provider calls per user-day',
      `Afterview ${result.providerCallsPerUserDay.afterview}, polling peer ${result.providerCallsPerUserDay.pollingPeer} (${result.callRatio}x)`,
    ],
    [
      'end of interview -> prompt',
      `Afterview max ${result.delaySeconds.afterviewMax}s; peer mean ${result.delaySeconds.pollingPeerMean}s, p95 ${result.delaySeconds.pollingPeerP95}s, max ${result.delaySeconds.pollingPeerMax}s`,
    ],
    [
      'DynamoDB reads / writes',
      `${fmt(result.dynamodb.reads)} (${fmt(result.dynamodb.readUnits)} RRU) / ${fmt(result.dynamodb.writes)} (${fmt(result.dynamodb.writeUnits)} WRU)`,
    ],
    [
      'scheduler upserts / cancels / firings',
      `${fmt(result.scheduler.upserts)} / ${fmt(result.scheduler.cancels)} / ${fmt(result.scheduler.firings)}`,
    ],
    [
      'Lambda invocations',
      Object.entries(result.lambda)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', '),
    ],
    [
      'SES sends / SQS requests / HTTP requests',
      `${fmt(result.sesSends)} / ${fmt(result.sqsRequests)} / ${fmt(result.httpRequests)}`,
    ],
    [
      'syncs (failed, resynced, broken)',
      `${fmt(result.syncs.runs)} (${result.syncs.failed}, ${result.syncs.resynced}, ${result.syncs.broken})`,
    ],
    [
      'faults injected',
      Object.entries(result.faultsInjected)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none',
    ],
    [
      'cost per 1,000 user-months (USD)',
      `${result.costPer1000UserMonthsUSD.toFixed(2)} = ${Object.entries(result.cost)
        .filter(([k]) => k !== 'total')
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(' + ')}`,
    ],
    [
      'prices used',
      `${result.prices.region}, ${result.prices.asOf}: DynamoDB $${result.prices.dynamoWritePerMillion}/M WRU $${result.prices.dynamoReadPerMillion}/M RRU; Lambda $${result.prices.lambdaRequestPerMillion}/M + $${result.prices.lambdaGbSecond}/GB-s; Scheduler $${result.prices.schedulerInvocationPerMillion}/M; SQS FIFO $${result.prices.sqsFifoPerMillion}/M; SES $${result.prices.sesPerThousand}/1000; HTTP API $${result.prices.httpApiPerMillion}/M`,
    ],
    ['invariants', result.broken.length === 0 ? 'all hold' : `BROKEN: ${result.broken.join('; ')}`],
  ];
}

export function formatTable(result: SimResult): string {
  const list = rows(result);
  const width = Math.max(...list.map(([label]) => label.length));
  return `${list.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}
