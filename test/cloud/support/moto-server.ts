/**
 * A local AWS emulator for the cloud suites: `moto_server` (the Python
 * `moto[server]` package) on a free loopback port, one per test file.
 *
 * On CI (`CI=true`) a missing `moto_server` fails the suite: the CI machines
 * have it (`.ci/run` installs it when absent). Elsewhere the suite is
 * reported as skipped, with the command that installs it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export const INSTALL_HINT = "pip install 'moto[server]'";
/** moto's default account. */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** Where `moto_server` is, or undefined when it is not installed. */
export function findMotoServer(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

/**
 * Whether the cloud suites can run here. Throws on CI when moto is missing,
 * so the run fails instead of passing without them.
 */
export function motoAvailable(): boolean {
  if (findMotoServer()) return true;
  const message = `moto_server not found: the cloud suites (test/cloud) need it. Install it with: ${INSTALL_HINT}`;
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`\n${message}\n`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Moto {
  readonly endpoint: string;
  /** Client settings for the emulator: endpoint, region and dummy credentials. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** moto's internal view of every backend's models (sent mails, messages...). */
  modelData(): Promise<Record<string, Record<string, unknown[]>>>;
}

/** Starts `moto_server` for the calling test file; stops it after. */
export function useMoto(): Moto {
  let child: ChildProcess | undefined;
  let endpoint = '';
  beforeAll(async () => {
    const bin = findMotoServer();
    if (!bin) throw new Error(`moto_server not found. Install it with: ${INSTALL_HINT}`);
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    const started = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    for (let attempt = 0; ; attempt++) {
      if (started.exitCode !== null) throw new Error(`moto_server exited: ${stderr}`);
      try {
        const res = await fetch(`${endpoint}/moto-api/`);
        if (res.ok) break;
      } catch {
        // Not listening yet.
      }
      if (attempt > 300) throw new Error(`moto_server did not answer on ${endpoint}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  });
  return {
    get endpoint() {
      return endpoint;
    },
    get clientConfig() {
      return {
        endpoint,
        region: REGION,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      };
    },
    async modelData() {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      return (await res.json()) as Record<string, Record<string, unknown[]>>;
    },
  };
}
