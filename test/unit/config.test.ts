import { describe, expect, it } from 'vitest';
import { ConfigError, requireEnv } from '../../functions/adapters/config.js';

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
