/** Outlook's configuration: the local variables and the cloud's OAuth secret, checked before use. */
import { describe, expect, it } from 'vitest';
import {
  microsoftConfigFromEnv,
  microsoftConfigured,
} from '../../functions/adapters/calendar/microsoft/microsoft-config.js';
import { ConfigError } from '../../functions/adapters/config.js';
import { microsoftClient } from '../../functions/handlers/composition-root/microsoft.js';

describe('Microsoft configuration from the environment', () => {
  it('defaults to the common tenant and the public endpoints', () => {
    expect(microsoftConfigFromEnv({ MICROSOFT_CLIENT_ID: 'id', MICROSOFT_CLIENT_SECRET: 'secret' })).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      tenant: 'common',
      loginBase: 'https://login.microsoftonline.com',
      graphBase: 'https://graph.microsoft.com',
    });
  });

  it('takes overrides, and refuses what MSAL or the Graph client would not accept', () => {
    const env = {
      MICROSOFT_CLIENT_ID: 'id',
      MICROSOFT_CLIENT_SECRET: 'secret',
      MICROSOFT_TENANT: 'consumers',
      MS_LOGIN_BASE_URL: 'https://127.0.0.1:8443',
      MS_GRAPH_BASE_URL: 'https://127.0.0.1:8443',
    };
    expect(microsoftConfigFromEnv(env)).toMatchObject({
      tenant: 'consumers',
      loginBase: 'https://127.0.0.1:8443',
    });
    expect(() => microsoftConfigFromEnv({ ...env, MS_LOGIN_BASE_URL: 'http://127.0.0.1:8443' })).toThrow(
      /MS_LOGIN_BASE_URL: must be an https origin/,
    );
    expect(() => microsoftConfigFromEnv({ ...env, MS_GRAPH_BASE_URL: 'https://graph.example/v1.0' })).toThrow(
      /MS_GRAPH_BASE_URL/,
    );
    expect(() => microsoftConfigFromEnv({ ...env, MICROSOFT_TENANT: 'common/../x' })).toThrow(
      /MICROSOFT_TENANT/,
    );
    expect(() => microsoftConfigFromEnv({ MICROSOFT_CLIENT_ID: 'id' })).toThrow(ConfigError);
    expect(() => microsoftConfigFromEnv({ MICROSOFT_CLIENT_ID: 'id' })).toThrow(
      /MICROSOFT_CLIENT_SECRET: missing/,
    );
  });

  it('offers Outlook only when a client id is set', () => {
    expect(microsoftConfigured({})).toBe(false);
    expect(microsoftConfigured({ MICROSOFT_CLIENT_ID: ' ' })).toBe(false);
    expect(microsoftConfigured({ MICROSOFT_CLIENT_ID: 'id' })).toBe(true);
  });
});

describe('Microsoft configuration from the stack OAuth secret', () => {
  it('reads the microsoft entry; empty values mean Outlook is not used', () => {
    expect(
      microsoftClient({ microsoft: { clientId: 'id', clientSecret: 's', tenant: 'organizations' } }, {}),
    ).toEqual({
      clientId: 'id',
      clientSecret: 's',
      tenant: 'organizations',
      loginBase: 'https://login.microsoftonline.com',
      graphBase: 'https://graph.microsoft.com',
    });
    expect(microsoftClient({ microsoft: { clientId: 'id', clientSecret: 's' } }, {})?.tenant).toBe('common');
    expect(
      microsoftClient({ microsoft: { clientId: '', clientSecret: '', tenant: 'common' } }, {}),
    ).toBeUndefined();
    expect(microsoftClient({}, {})).toBeUndefined();
  });
});
