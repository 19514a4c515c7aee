/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1
 * and localhost, made with the system's `openssl`. MSAL accepts only https
 * authorities and the Graph client attaches tokens only to https hosts, so
 * the local Microsoft server speaks TLS; the process under test trusts the
 * authority through NODE_EXTRA_CA_CERTS, which Node reads only at start-up.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestTls {
  dir: string;
  /** PEM file of the authority: the value for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  key: string;
  cert: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates the authority and the server certificate in `dir` (a fresh folder). */
export function makeTestTls(dir: string): TestTls {
  mkdirSync(dir, { recursive: true });
  const days = '2';
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem'].concat([
      '-days',
      days,
      '-subj',
      '/CN=Afterview test CA',
    ]),
  );
  writeFileSync(
    join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  openssl(
    dir,
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
      '-out',
      'server.pem',
      '-days',
      days,
      '-extfile',
      'server.ext',
    ]),
  );
  return readTestTls(dir);
}

export function readTestTls(dir: string): TestTls {
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  };
}

/** The folder the global setup made; suites read the server's key and certificate from it. */
export const TLS_DIR_VARIABLE = 'AFTERVIEW_TEST_TLS_DIR';

export function testTls(): TestTls {
  const dir = process.env[TLS_DIR_VARIABLE];
  if (!dir) throw new Error(`${TLS_DIR_VARIABLE} is not set: run the suite through vitest (global setup)`);
  return readTestTls(dir);
}
