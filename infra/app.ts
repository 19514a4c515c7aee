/**
 * The CDK app entry (`cdk.json` runs it with tsx). Synthesis fails on a bad
 * deploy context, a failed bundle, or an unacknowledged cdk-nag finding.
 */
import { buildApp } from './build-app.js';
import { DeployConfigError } from './config.js';

try {
  buildApp().app.synth();
} catch (error) {
  // A bad context is the deployer's to fix: the message is enough, a stack trace is noise.
  if (!(error instanceof DeployConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
