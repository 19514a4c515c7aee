import { describe, expect, it } from 'vitest';
import { DeployConfigError, readDeployConfig } from '../../infra/config.js';

const read = (context: Record<string, unknown>) => readDeployConfig((key) => context[key]);
const problemsOf = (context: Record<string, unknown>): string[] => {
  try {
    read(context);
  } catch (error) {
    if (error instanceof DeployConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a DeployConfigError');
};

describe('deploy context', () => {
  it('reads the required keys and normalises the allow-list', () => {
    const config = read({
      senderEmail: ' prompts@example.com ',
      allowList: 'Ada@Example.com, @Example.org ,,',
    });

    expect(config).toEqual({
      senderEmail: 'prompts@example.com',
      allowList: ['ada@example.com', '@example.org'],
    });
  });

  it('reads the optional keys, from strings (-c) or JSON values (cdk.json)', () => {
    expect(
      read({
        senderEmail: 'prompts@example.com',
        allowList: '@example.org',
        alarmEmail: 'ops@example.com',
        domainName: 'Afterview.Example.org',
        waitingWindowDays: '7',
      }),
    ).toMatchObject({
      alarmEmail: 'ops@example.com',
      domainName: 'afterview.example.org',
      waitingWindowDays: 7,
    });
    expect(
      read({ senderEmail: 'p@example.com', allowList: '@example.org', waitingWindowDays: 60 })
        .waitingWindowDays,
    ).toBe(60);
  });

  it('treats blank values as absent', () => {
    expect(
      read({ senderEmail: 'p@example.com', allowList: '@example.org', alarmEmail: ' ', domainName: '' }),
    ).toEqual({
      senderEmail: 'p@example.com',
      allowList: ['@example.org'],
    });
  });

  it('names every missing required key in one error', () => {
    expect(problemsOf({})).toEqual(['senderEmail: required', 'allowList: required']);
    expect(() => read({})).toThrow(/pass each as -c key=value/);
  });

  it.each([
    [{ senderEmail: 'not-an-email' }, 'senderEmail: must be an email address'],
    [
      { allowList: 'ada@example.com, bob' },
      'allowList: each entry must be an email address or @domain (got "bob")',
    ],
    [{ allowList: '@' }, 'allowList: each entry must be an email address or @domain (got "@")'],
    [{ allowList: ' , ' }, 'allowList: needs at least one email or @domain'],
    [{ alarmEmail: 'ops' }, 'alarmEmail: must be an email address'],
    [
      { domainName: 'https://afterview.example.org' },
      'domainName: must be a domain name like app.example.com',
    ],
    [{ waitingWindowDays: '0' }, 'waitingWindowDays: must be between 1 and 60'],
    [{ waitingWindowDays: '61' }, 'waitingWindowDays: must be between 1 and 60'],
    [{ waitingWindowDays: '2.5' }, 'waitingWindowDays: must be a whole number'],
    [{ waitingWindowDays: 'soon' }, 'waitingWindowDays: must be a whole number'],
  ])('rejects %j with a message naming the key', (bad, problem) => {
    expect(problemsOf({ senderEmail: 'p@example.com', allowList: '@example.org', ...bad })).toEqual([
      problem,
    ]);
  });
});
