/**
 * Runs once in vitest's main process before any worker starts. The test
 * certificate authority must be trusted from the first instruction of each
 * worker (Node reads NODE_EXTRA_CA_CERTS only at start-up), and workers are
 * forked with this process's environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestTls, TLS_DIR_VARIABLE } from './support/microsoft-server/tls.js';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'afterview-tls-'));
  const tls = makeTestTls(dir);
  process.env.NODE_EXTRA_CA_CERTS = tls.caFile;
  process.env[TLS_DIR_VARIABLE] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
