import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/local/commands/start.js';

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

describe('afterview start --sign-in', () => {
  it('documents --sign-in and --allow', async () => {
    const cli = io();
    expect(await main(['--help'], cli.io)).toBe(0);
    expect(cli.out()).toContain('--sign-in');
    expect(cli.out()).toContain('--allow LIST');
  });

  it.each([
    [['--sign-in'], /--sign-in and --allow go together/],
    [['--allow', 'a@example.com'], /--sign-in and --allow go together/],
    [['--sign-in', '--allow', 'a@example.com,example.org'], /"example.org" is not an address or @domain/],
  ])('refuses %j before starting anything', async (argv, message) => {
    const cli = io();
    expect(await main(argv, cli.io)).toBe(2);
    expect(cli.err()).toMatch(message);
    expect(cli.out()).toBe('');
  });
});
