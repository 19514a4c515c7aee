/** The table's record of armed follow-ups: the scheduler writes it, followup settles it, maintenance sweeps it. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requireEnv } from '../../adapters/config.js';
import { DynamoFollowupLedger } from '../../adapters/dynamodb/dynamo-followup-ledger.js';

export function cloudLedger(): DynamoFollowupLedger {
  return new DynamoFollowupLedger({ client: new DynamoDBClient({}), tableName: requireEnv('TABLE_NAME') });
}
