/**
 * Bundle report: bundles each Lambda handler with esbuild using the stack's
 * own options (`infra/bundling.ts`) and reads the sizes from the metafile.
 * Budgets per function (`BUDGET_BYTES`). `tsx bench/bundles.ts` prints a table.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import {
  BUNDLE_OPTIONS,
  entryFile,
  FUNCTION_NAMES,
  type FunctionName,
  PROJECT_ROOT,
} from '../infra/bundling.js';

const MB = 1024 * 1024;

/**
 * The per-function budget, in bytes: each bundle is loaded at every cold
 * start. The webhook must answer Graph within 3 seconds cold, so it and the
 * follow-up sender stay under 1 MB. The functions that carry OAuth clients
 * (google-auth-library, MSAL, the Graph client) get what those need and no
 * more: `api` connects calendars, `maintenance` renews channels and
 * subscriptions, `sync` reads Google, Outlook and ICS calendars. `api` also
 * mails sign-in links (the SES client), hence its extra quarter megabyte.
 */
export const BUDGET_BYTES: Record<FunctionName, number> = {
  api: 1.75 * MB,
  webhook: 1 * MB,
  sync: 2.5 * MB,
  followup: 1 * MB,
  maintenance: 1.5 * MB,
};

export interface BundleSize {
  name: FunctionName;
  /** Size of the minified bundle (`index.mjs`, without its source map). */
  bytes: number;
  /** Biggest contributors: npm packages by name, our own code by file. */
  top: Array<{ path: string; bytes: number }>;
}

/** Bundles every handler and measures it; `topCount` contributors per bundle. */
export async function measureBundles(topCount = 5): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const name of FUNCTION_NAMES) sizes.push(await measureOne(name, topCount));
  return sizes;
}

async function measureOne(name: FunctionName, topCount: number): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entryFile(name)],
    absWorkingDir: PROJECT_ROOT,
    outfile: path.join(PROJECT_ROOT, '.bench', name, 'index.mjs'),
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    minify: BUNDLE_OPTIONS.minify,
    sourcemap: BUNDLE_OPTIONS.sourceMap,
    target: BUNDLE_OPTIONS.target,
    platform: BUNDLE_OPTIONS.platform,
    format: BUNDLE_OPTIONS.format,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    banner: { js: BUNDLE_OPTIONS.banner },
    external: [...BUNDLE_OPTIONS.externalModules],
  });
  const [, output] = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs')) ?? [];
  if (!output) throw new Error(`esbuild produced no bundle for ${name}`);
  return { name, bytes: output.bytes, top: topContributors(output, topCount) };
}

/** Groups a bundle's inputs: `node_modules/<pkg>` (scoped names kept whole) or our file path. */
function topContributors(output: Metafile['outputs'][string], count: number): BundleSize['top'] {
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const key = packageOf(input) ?? input;
    totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .map(([p, bytes]) => ({ path: p, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

function packageOf(input: string): string | undefined {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return undefined;
  const first = parts[at + 1] ?? '';
  return `node_modules/${first.startsWith('@') ? `${first}/${parts[at + 2] ?? ''}` : first}`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** Prints the report; exit code 1 when a bundle is over budget. */
export async function main(): Promise<number> {
  const sizes = await measureBundles();
  const lines = [`${'function'.padEnd(12)} ${'bundle'.padStart(10)}  budget  biggest parts`];
  for (const size of sizes) {
    const ok = size.bytes < BUDGET_BYTES[size.name] ? 'ok    ' : 'OVER  ';
    const parts = size.top.map((t) => `${t.path} ${kb(t.bytes)}`).join(', ');
    lines.push(`${size.name.padEnd(12)} ${kb(size.bytes).padStart(10)}  ${ok}  ${parts}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return sizes.every((size) => size.bytes < BUDGET_BYTES[size.name]) ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
