/** The deployment's default waiting window seeds new users' settings; a bad value fails at start. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/adapters/config.js';
import { newUserSettings } from '../../functions/core/settings.js';
import { newUserDefaults } from '../../functions/handlers/composition-root/new-users.js';

describe('new users', () => {
  const base = {
    userId: 'u1',
    email: 'ada@example.com',
    timeZone: 'Europe/Paris',
    createdAt: '2026-03-01T10:00:00Z',
  };

  it('start from WAITING_WINDOW_DAYS when the deployment sets it, else 5 business days', () => {
    expect(
      newUserSettings({ ...base, ...newUserDefaults({ WAITING_WINDOW_DAYS: '8' }) }).waitingWindowDays,
    ).toBe(8);
    expect(newUserSettings({ ...base, ...newUserDefaults({}) })).toMatchObject({
      id: 'u1',
      version: 0,
      waitingWindowDays: 5,
      prepEnabled: true,
      paused: false,
    });
  });

  it('refuse a malformed WAITING_WINDOW_DAYS with the variable named', () => {
    expect(() => newUserDefaults({ WAITING_WINDOW_DAYS: '0' })).toThrow(ConfigError);
    expect(() => newUserDefaults({ WAITING_WINDOW_DAYS: 'two' })).toThrow(/WAITING_WINDOW_DAYS/);
  });
});
