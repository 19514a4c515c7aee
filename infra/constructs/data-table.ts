import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  GSI1_NAME,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../../functions/contracts/table-keys.js';

/** What `DynamoStore` calls: item reads and conditional writes, queries, the maintenance scan, batch deletes. */
const STORE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * Afterview's one table, keyed as `functions/contracts/table-keys.ts` says
 * (`functions/adapters/dynamodb/table.ts` lays out its items): on-demand, point-in-time recovery, encrypted, a sparse GSI for
 * expiry scans, TTL for swept items; deletion-protected and retained when
 * the stack is deleted, because it holds the user's history.
 */
export class DataTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1_NAME,
      partitionKey: { name: GSI1_PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: GSI1_SORT_KEY, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }

  /**
   * Lets a function use the store: the data-plane calls on the table and its
   * one index, named (not `index/*`), and `TABLE_NAME` in its environment.
   */
  grantStore(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: STORE_ACTIONS,
        resources: [this.table.tableArn, `${this.table.tableArn}/index/${GSI1_NAME}`],
      }),
    );
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }
}
