/**
 * The import rules of docs/architecture.md are Biome rules (`biome.json`,
 * `noRestrictedImports`): the core imports no adapter, web, handler or SDK;
 * the stack imports no function code but `functions/contracts/`. These tests
 * run the project's own configuration on probe files, so the rules are
 * checked, not hoped, and on the real folders, so the code obeys them.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIOME = path.join(ROOT, 'node_modules', '.bin', 'biome');

interface Diagnostic {
  category: string;
  location: { path: string };
}

/** Restricted-import findings of `biome lint` over `targets`, run in `cwd`. */
async function restrictedImports(cwd: string, targets: string[]): Promise<string[]> {
  const out = await run(BIOME, ['lint', '--vcs-enabled=false', '--reporter=json', ...targets], {
    cwd,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(out.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics
    .filter((d) => d.category === 'lint/style/noRestrictedImports')
    .map((d) => d.location.path)
    .sort();
}

let probe: string;

beforeAll(async () => {
  probe = await mkdtemp(path.join(tmpdir(), 'afterview-rules-'));
  await copyFile(path.join(ROOT, 'biome.json'), path.join(probe, 'biome.json'));
  const files: Record<string, string> = {
    'functions/core/uses-adapter.ts': "import { DynamoStore } from '../adapters/dynamodb/dynamo-store.js';",
    'functions/core/uses-web.ts': "import { createWebApp } from '../web/app.js';",
    'functions/core/prompts/uses-handler.ts': "import { handler } from '../../handlers/api.js';",
    'functions/core/uses-sdk.ts': "import { SESv2Client } from '@aws-sdk/client-sesv2';",
    'functions/core/uses-hono.ts': "import { Hono } from 'hono';",
    'functions/core/uses-model.ts': "import { z } from 'zod';\nimport { Settings } from './model.js';",
    'functions/adapters/uses-sdk.ts': "import { SESv2Client } from '@aws-sdk/client-sesv2';",
    'infra/uses-adapter.ts': "import { DynamoStore } from '../functions/adapters/dynamodb/dynamo-store.js';",
    'infra/constructs/uses-contract.ts':
      "import { PARTITION_KEY } from '../../functions/contracts/table-keys.js';",
  };
  for (const [file, source] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(probe, file)), { recursive: true });
    await writeFile(path.join(probe, file), `${source}\n`);
  }
}, 30_000);

afterAll(async () => {
  await rm(probe, { recursive: true, force: true });
});

describe('import rules', () => {
  it('keep the core free of adapters, web, handlers and SDKs, and infra free of function code', async () => {
    expect(await restrictedImports(probe, ['functions', 'infra'])).toEqual([
      'functions/core/prompts/uses-handler.ts',
      'functions/core/uses-adapter.ts',
      'functions/core/uses-hono.ts',
      'functions/core/uses-sdk.ts',
      'functions/core/uses-web.ts',
      'infra/uses-adapter.ts',
    ]);
  });

  it('hold for the project itself', async () => {
    expect(await restrictedImports(ROOT, ['functions/core', 'infra'])).toEqual([]);
  });
});
