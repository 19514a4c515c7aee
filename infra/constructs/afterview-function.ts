import { type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_OPTIONS, entryFile, type FunctionName, PROJECT_ROOT } from '../bundling.js';

/** The CloudWatch metrics namespace every function publishes to. */
export const METRICS_NAMESPACE = 'Afterview';

export interface AfterviewFunctionProps {
  name: FunctionName;
  /** Variables beyond the shared ones (Powertools, source maps). */
  environment: Record<string, string>;
  timeout: Duration;
  memorySize: number;
  logRetention?: RetentionDays;
}

/**
 * A Lambda function with the house defaults: bundled locally by esbuild as
 * ESM (never Docker), newest Node.js runtime, arm64, minified with source
 * maps, its own log group with retention, and its own role that starts with
 * nothing but writing to that log group. Feature constructs add what each
 * function uses through their intent methods.
 */
export class AfterviewFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AfterviewFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Logs expire anyway; keeping the group after the stack is gone only leaves clutter.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of the default one: the default attaches the
    // AWSLambdaBasicExecutionRole managed policy, which may write to any log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Afterview ${props.name} function (${Stack.of(this).stackName})`,
    });
    this.role = role;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: entryFile(props.name),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: `afterview-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: BUNDLE_OPTIONS.sourceMap,
        target: BUNDLE_OPTIONS.target,
        format: OutputFormat.ESM,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        banner: BUNDLE_OPTIONS.banner,
        externalModules: [...BUNDLE_OPTIONS.externalModules],
        forceDockerBundling: false,
      },
    });
    this.logGroup.grantWrite(role);
  }
}
