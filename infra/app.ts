/**
 * The CDK app entry (`cdk.json` runs it with tsx). Synthesis fails on a bad
 * deploy context, a failed bundle, or an unacknowledged cdk-nag finding.
 */
import { buildApp } from './build-app.js';

const { app } = buildApp();
app.synth();
