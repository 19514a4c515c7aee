/**
 * Cold start: each function's bundle (built with the stack's own esbuild
 * options), its size, and how long a fresh Node process takes to import it,
 * beside a bare module importing just the AWS SDK clients the bundle uses
 * (the floor its ports set: the SDK is external, the Lambda runtime ships
 * it); the same for a bundle of the full `googleapis` package, installed on
 * demand into the scratch folder `.bench/` (never a project dependency).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, entryFile, FUNCTION_NAMES, PROJECT_ROOT } from '../infra/bundling.js';
import { measureBundles } from './bundles.js';

const run = promisify(execFile);
const SCRATCH = path.join(PROJECT_ROOT, '.bench');
const IMPORTS = 7;

/** Configuration the handlers read at load (dummy values: nothing is called). */
const HANDLER_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'afterview-bench',
  SYNC_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench.fifo',
  FOLLOWUP_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  SCHEDULE_GROUP: 'bench',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/bench',
  SCHEDULER_DLQ_ARN: 'arn:aws:sqs:us-east-1:000000000000:bench-dlq',
  SENDER_EMAIL: 'bench@example.com',
  BASE_URL: 'https://afterview.example',
  LINK_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  OAUTH_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench-oauth',
  TOKEN_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface ColdStart {
  name: string;
  bytes: number;
  /** Median time to import the bundle in a fresh process, ms. */
  loadMs: number;
  /** Fastest of the imports, ms: the least disturbed by other load on the machine. */
  minMs: number;
  /** The AWS SDK packages the bundle imports (external to it). */
  clients?: string[];
  /** Import time of a bare module importing just those packages: median and fastest, ms. */
  bare?: { loadMs: number; minMs: number };
}

export interface ColdStartReport {
  functions: ColdStart[];
  googleapis?: ColdStart;
  /** googleapis bundle's fastest load / the sync function's fastest load. */
  ratio?: number;
  note?: string;
}

/** Bundles `entry`; returns its size and the external packages it imports. */
async function bundle(
  entry: string,
  outfile: string,
  nodePaths: string[] = [],
): Promise<{ bytes: number; externals: string[] }> {
  const result = await build({
    metafile: true,
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    outfile,
    bundle: true,
    logLevel: 'silent',
    minify: BUNDLE_OPTIONS.minify,
    target: BUNDLE_OPTIONS.target,
    platform: BUNDLE_OPTIONS.platform,
    format: BUNDLE_OPTIONS.format,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    banner: { js: BUNDLE_OPTIONS.banner },
    external: [...BUNDLE_OPTIONS.externalModules],
    nodePaths,
  });
  const externals = new Set<string>();
  for (const output of Object.values(result.metafile.outputs))
    for (const imported of output.imports) if (imported.external) externals.add(imported.path);
  return { bytes: (await stat(outfile)).size, externals: [...externals].sort() };
}

/** A module that only imports `packages`, beside the bundles (so Node finds them in node_modules). */
async function bareModule(name: string, packages: string[]): Promise<string> {
  const dir = path.join(SCRATCH, 'cold', `${name}-bare`);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'index.mjs');
  await writeFile(file, packages.map((p) => `import ${JSON.stringify(p)};\n`).join(''));
  return file;
}

/**
 * A loopback stand-in for every AWS endpoint a handler calls while it loads
 * (the api function reads its link-signing key from Secrets Manager): never
 * a real AWS endpoint.
 */
async function fakeAws(): Promise<{ env: Record<string, string>; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      // The OAuth secret holds JSON (empty: no provider app configured); the link key is a string.
      const secret = body.includes('bench-oauth') ? '{}' : 'bench-link-signing-secret-0123456789abcdef';
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Name: 'bench', SecretString: secret }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    env: {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
    },
  };
}

let awsEnv: Record<string, string> = {};

/** Median and fastest of several fresh-process imports of `file`, ms. */
async function loadTime(file: string): Promise<{ loadMs: number; minMs: number }> {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t));`;
  const times: number[] = [];
  for (let i = 0; i < IMPORTS; i++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...HANDLER_ENV, ...awsEnv },
      cwd: path.dirname(file),
    });
    times.push(Number(stdout));
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { loadMs: round(times[Math.floor(times.length / 2)]!), minMs: round(times[0]!) };
}

/** Installs googleapis into `.bench/` unless it is there already. */
function ensureGoogleapis(): string {
  const dir = path.join(SCRATCH, 'node_modules');
  if (!existsSync(path.join(dir, 'googleapis', 'package.json'))) {
    execFileSync(
      'npm',
      ['install', '--prefix', SCRATCH, '--no-audit', '--no-fund', '--no-save', 'googleapis'],
      { stdio: 'inherit' },
    );
  }
  return dir;
}

export async function measureColdStarts(): Promise<ColdStartReport> {
  const aws = await fakeAws();
  awsEnv = aws.env;
  try {
    return await measureAll();
  } finally {
    aws.server.close();
  }
}

async function measureAll(): Promise<ColdStartReport> {
  const sizes = new Map((await measureBundles(0)).map((s) => [s.name, s.bytes]));
  const functions: ColdStart[] = [];
  for (const name of FUNCTION_NAMES) {
    const outfile = path.join(SCRATCH, 'cold', name, 'index.mjs');
    const { bytes, externals } = await bundle(entryFile(name), outfile);
    const clients = externals.filter((p) => p.startsWith('@aws-sdk/'));
    functions.push({
      name,
      bytes: sizes.get(name) ?? bytes,
      ...(await loadTime(outfile)),
      clients,
      bare: await loadTime(await bareModule(name, clients)),
    });
  }
  let googleapis: ColdStart | undefined;
  let note: string | undefined;
  try {
    const modules = ensureGoogleapis();
    const dir = path.join(SCRATCH, 'cold', 'googleapis');
    await mkdir(dir, { recursive: true });
    const entry = path.join(dir, 'entry.mjs');
    await writeFile(
      entry,
      "import { google } from 'googleapis';\nexport const calendar = google.calendar({ version: 'v3' });\n",
    );
    const outfile = path.join(dir, 'index.mjs');
    const { bytes } = await bundle(entry, outfile, [modules]);
    googleapis = { name: 'googleapis (full package)', bytes, ...(await loadTime(outfile)) };
  } catch (error) {
    note = `googleapis not measured: ${error instanceof Error ? error.message : String(error)}`;
  }
  const sync = functions.find((f) => f.name === 'sync');
  const ratio = googleapis && sync ? Math.round((googleapis.minMs / sync.minMs) * 10) / 10 : undefined;
  return { functions, googleapis, ratio, note };
}
