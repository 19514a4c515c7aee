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

/**
 * What a function does with the table, named by the store calls behind it,
 * and the DynamoDB actions each needs. A function is granted the uses its
 * code makes, nothing more.
 */
export const STORE_USES = {
  /** `get`, `findUserByEmail`: single-item reads. */
  read: ['dynamodb:GetItem'],
  /** `list`, `exportUser`: queries within one user's partition. */
  query: ['dynamodb:Query'],
  /** `put`, `useOnce`, the follow-up ledger's `update`: conditional item writes. */
  write: ['dynamodb:PutItem'],
  /** The follow-up ledger's `arm`: a conditional update that keeps a count. */
  update: ['dynamodb:UpdateItem'],
  /** `delete`, the ledger's `settle` and `disarm`, releasing email lookups. */
  delete: ['dynamodb:DeleteItem'],
  /** `deleteUser`: batch deletes of a user's partition. */
  batchDelete: ['dynamodb:BatchWriteItem'],
  /** `listAllConnections`: the maintenance scan. */
  scan: ['dynamodb:Scan'],
  /** `listConnectionsExpiringBefore`, the ledger's `listOverdue`/`listFailed`: queries of the GSI. */
  index: ['dynamodb:Query'],
} as const satisfies Record<string, readonly string[]>;
export type StoreUse = keyof typeof STORE_USES;

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
   * Lets a function make the store calls named by `uses` (`TABLE_NAME` in
   * its environment). Only `index` reaches the GSI, by name (not `index/*`).
   */
  grantStore(fn: LambdaFunction, uses: StoreUse[]): void {
    const onTable = [...new Set(uses.filter((use) => use !== 'index').flatMap((use) => STORE_USES[use]))];
    if (onTable.length > 0) {
      fn.addToRolePolicy(new PolicyStatement({ actions: onTable.sort(), resources: [this.table.tableArn] }));
    }
    if (uses.includes('index')) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [...STORE_USES.index],
          resources: [`${this.table.tableArn}/index/${GSI1_NAME}`],
        }),
      );
    }
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }
}
