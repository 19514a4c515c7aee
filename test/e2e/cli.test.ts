/** The `afterview` CLI: dispatch, and `invoke` running handlers against the local parts. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../functions/local/cli.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out, err: () => err };
}

describe('afterview CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterview-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists its commands, and refuses an unknown one with exit code 2', async () => {
    const help = io();
    expect(await run(['--help'], help.io)).toBe(0);
    for (const name of ['start', 'detect', 'invoke', 'simulate', 'connect-ics'])
      expect(help.out()).toContain(name);
    const bad = io();
    expect(await run(['frobnicate'], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/unknown command "frobnicate"/);
  });

  it('invokes the api handler with a sample API Gateway event', async () => {
    const cli = io();
    expect(await run(['invoke', 'api', 'events/api/get-health.json', '--data', dir], cli.io)).toBe(0);
    const result = JSON.parse(cli.out());
    expect(result.statusCode).toBe(200);
  });

  it('invokes the webhook handler: the Graph handshake is echoed, a forged Google push is refused', async () => {
    const graph = io();
    expect(
      await run(['invoke', 'webhook', 'events/webhook/graph-validation.json', '--data', dir], graph.io),
    ).toBe(0);
    const echoed = JSON.parse(graph.out());
    expect(echoed.statusCode).toBe(200);
    expect(echoed.body).toMatch(/^Validation: Testing client application reachability/);
    const forged = io();
    expect(
      await run(['invoke', 'webhook', 'events/webhook/google-push-forged.json', '--data', dir], forged.io),
    ).toBe(0);
    expect(JSON.parse(forged.out()).statusCode).toBe(403);
  });

  it('invokes followup and sync with their sample events', async () => {
    const sync = io();
    expect(await run(['invoke', 'sync', 'events/sync/sqs-sync.json', '--data', dir], sync.io)).toBe(0);
    expect(JSON.parse(sync.out())).toEqual({ batchItemFailures: [] });
    const followup = io();
    expect(
      await run(['invoke', 'followup', 'events/followup/interview-ended.json', '--data', dir], followup.io),
    ).toBe(0);
    expect(JSON.parse(followup.out())).toEqual({ outcome: 'stale' });
  });

  it('explains a missing event file instead of crashing', async () => {
    const cli = io();
    expect(await run(['invoke', 'followup', 'events/nope.json', '--data', dir], cli.io)).toBe(2);
    expect(cli.err()).toMatch(/cannot read/);
  });
});
