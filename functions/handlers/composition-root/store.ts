/** The store on DynamoDB (the one table). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requireEnv } from '../../adapters/config.js';
import { DynamoStore } from '../../adapters/dynamodb/dynamo-store.js';

export function cloudStore(): DynamoStore {
  return new DynamoStore({ client: new DynamoDBClient({}), tableName: requireEnv('TABLE_NAME') });
}
