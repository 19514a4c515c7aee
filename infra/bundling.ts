/**
 * The esbuild options every Lambda bundle is built with. Shared by the stack
 * (through `NodejsFunction`) and by `bench/bundles.ts`, so the bundle report
 * measures exactly what is deployed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `<root>/infra`). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Lambda functions, each bundled from `functions/handlers/<name>.ts`. */
export const FUNCTION_NAMES = ['api', 'webhook', 'sync', 'followup', 'maintenance'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Where the entry file of a function lives. */
export function entryFile(name: FunctionName): string {
  return path.join(PROJECT_ROOT, 'functions', 'handlers', `${name}.ts`);
}

/**
 * ESM bundles still meet CommonJS dependencies that call `require` for Node
 * built-ins; esbuild's ESM output has no `require`, so the banner provides one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __afterviewCreateRequire } from 'node:module'; const require = __afterviewCreateRequire(import.meta.url);";

/**
 * The shared options. The target is node22 although the runtime is newer:
 * the same code runs locally on Node 20/22, and node22 syntax runs on every
 * newer runtime. The AWS SDK v3 stays external: the Lambda Node.js runtime
 * ships it, which keeps bundles small and cold starts short.
 */
export const BUNDLE_OPTIONS = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  platform: 'node',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  externalModules: ['@aws-sdk/*'],
} as const;
