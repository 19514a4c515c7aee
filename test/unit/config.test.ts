import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, readConfig, requireEnv } from '../../functions/adapters/config.js';

const Schema = z.object({
  TABLE_NAME: z.string().min(1),
  PORT: z.coerce.number().int().min(1).max(65535),
  BASE_URL: z.url(),
  MAIL_FROM: z.string().optional(),
});

describe('requireEnv', () => {
  it('returns a set variable', () => {
    expect(requireEnv('TABLE_NAME', { TABLE_NAME: 'afterview' })).toBe('afterview');
  });

  it('throws ConfigError naming an unset or blank variable', () => {
    expect(() => requireEnv('TABLE_NAME', {})).toThrow(ConfigError);
    expect(() => requireEnv('TABLE_NAME', { TABLE_NAME: '  ' })).toThrow(/TABLE_NAME: missing/);
  });

  it('reads process.env by default', () => {
    process.env.AFTERVIEW_CONFIG_TEST = 'yes';
    try {
      expect(requireEnv('AFTERVIEW_CONFIG_TEST')).toBe('yes');
    } finally {
      delete process.env.AFTERVIEW_CONFIG_TEST;
    }
  });
});

describe('readConfig', () => {
  it('parses and coerces a valid environment, ignoring other variables', () => {
    const config = readConfig(Schema, {
      TABLE_NAME: 't',
      PORT: '8080',
      BASE_URL: 'https://example.test',
      UNRELATED: 'x',
    });
    expect(config).toEqual({ TABLE_NAME: 't', PORT: 8080, BASE_URL: 'https://example.test' });
  });

  it('names every missing and malformed variable in one error', () => {
    let error: unknown;
    try {
      readConfig(Schema, { PORT: 'eighty', BASE_URL: 'not a url', TABLE_NAME: '' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('TABLE_NAME: missing');
    expect(problems.some((p) => p.startsWith('PORT: ') && !p.endsWith('missing'))).toBe(true);
    expect(problems.some((p) => p.startsWith('BASE_URL: '))).toBe(true);
    expect((error as ConfigError).message).toContain('TABLE_NAME: missing');
    expect((error as ConfigError).cause).toBeInstanceOf(z.ZodError);
  });

  it('treats an optional blank variable as absent', () => {
    const config = readConfig(Schema, {
      TABLE_NAME: 't',
      PORT: '1',
      BASE_URL: 'http://a.test',
      MAIL_FROM: '',
    });
    expect(config.MAIL_FROM).toBeUndefined();
  });
});
