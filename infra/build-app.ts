import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AfterviewStack } from './afterview-stack.js';
import { readDeployConfig } from './config.js';

/** The stack's name unless `-c stackName=...` says otherwise; `connect-ics --stack` defaults to it. */
export const DEFAULT_STACK_NAME = 'Afterview';

export interface BuildAppOptions {
  /** CDK app props (tests pass `context` and `outdir` here). */
  appProps?: AppProps;
}

/**
 * Builds the CDK app: validates the deploy context, adds the stack, and
 * registers cdk-nag's AwsSolutions checks, which run at every synth and fail
 * it on any finding that is not acknowledged with a reason.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: AfterviewStack } {
  const app = new App(options.appProps);
  const config = readDeployConfig((key) => app.node.tryGetContext(key));
  const stackName = String(app.node.tryGetContext('stackName') ?? DEFAULT_STACK_NAME);
  const stack = new AfterviewStack(app, stackName, {
    config,
    description: 'Afterview: interview follow-up prompts from your calendar',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
