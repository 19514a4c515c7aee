#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx afterview ...` needs no build step.
import { register } from 'tsx/esm/api';

// Node 20 is supported here on purpose (Lambda runs 22+); the SDK's reminder is noise for a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { run } = await import('../functions/local/cli.ts');
process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
