import { Writable } from 'node:stream';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { connectionIdFor, userIdFor } from '../../functions/core/ids.js';
import { type ConnectIcsDeps, main, parseOptions } from '../../functions/local/commands/connect-ics.js';
import { useDynalite } from '../support/dynalite.js';

const db = useDynalite();
const cfn = mockClient(CloudFormationClient);
const NOW = new Date('2026-03-02T09:00:00.000Z');
const URL = 'https://p01-caldav.icloud.com/published/2/abc123secret';

function captured() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(argv: string[], deps: ConnectIcsDeps) {
  const out = captured();
  const err = captured();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream }, deps);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('connect-ics', () => {
  let tableName: string;
  let deps: ConnectIcsDeps;
  let store: DynamoStore;
  const regions: Array<string | undefined> = [];

  beforeEach(async () => {
    tableName = await db.freshTable();
    cfn.reset();
    cfn.on(DescribeStacksCommand, { StackName: 'Afterview' }).resolves({
      Stacks: [
        {
          StackName: 'Afterview',
          CreationTime: NOW,
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'ApiUrl', OutputValue: 'https://abc.execute-api.eu-west-1.amazonaws.com' },
            { OutputKey: 'TableName', OutputValue: tableName },
          ],
        },
      ],
    });
    regions.length = 0;
    deps = {
      cloudFormation: (region) => {
        regions.push(region);
        return new CloudFormationClient({ region: region ?? 'eu-west-1' });
      },
      // The command's own client, pointed at the embedded server instead of AWS (it destroys it when done).
      dynamo: () =>
        new DynamoDBClient({
          endpoint: db.endpoint,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      now: () => NOW,
    };
    store = new DynamoStore({ client: db.client, tableName });
  });

  afterEach(() => {
    cfn.reset();
  });

  it('creates the user and an ics connection in the table named by the stack outputs', async () => {
    const result = await run(
      ['--email', 'Ada@Example.com', '--url', URL, '--tz', 'Europe/Paris', '--region', 'eu-west-1'],
      deps,
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(cfn.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({ StackName: 'Afterview' });
    expect(regions).toEqual(['eu-west-1']);
    const userId = userIdFor('ada@example.com');
    const settings = await store.get('settings', userId, userId);
    expect(settings).toMatchObject({
      email: 'ada@example.com',
      timeZone: 'Europe/Paris',
      waitingWindowDays: 5,
      paused: false,
    });
    expect(settings?.createdAt).toBe(NOW.toISOString());
    const connections = await store.list('connection', userId);
    expect(connections).toEqual([
      expect.objectContaining({
        id: connectionIdFor('ics', URL),
        provider: 'ics',
        calendarId: URL,
        status: 'active',
      }),
    ]);
    expect(result.stdout).toContain('Created user ada@example.com');
    expect(result.stdout).toContain(`table ${tableName}`);
    // The secret address is not echoed to the terminal (or a CI log).
    expect(result.stdout).not.toContain('abc123secret');
  });

  it("seeds a new user's waiting window from the deployment's default", async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Afterview' }).resolves({
      Stacks: [
        {
          StackName: 'Afterview',
          CreationTime: NOW,
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'TableName', OutputValue: tableName },
            { OutputKey: 'DefaultWaitingWindowDays', OutputValue: '8' },
          ],
        },
      ],
    });
    const result = await run(['--email', 'ada@example.com', '--url', URL, '--tz', 'Europe/Paris'], deps);

    expect(result.code).toBe(0);
    const userId = userIdFor('ada@example.com');
    expect((await store.get('settings', userId, userId))?.waitingWindowDays).toBe(8);
  });

  it('turns webcal:// into https:// and reads another stack when asked', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'AfterviewTest' }).resolves({
      Stacks: [
        {
          StackName: 'AfterviewTest',
          CreationTime: NOW,
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [{ OutputKey: 'TableName', OutputValue: tableName }],
        },
      ],
    });
    const result = await run(
      [
        '--email',
        'ada@example.com',
        '--url',
        'webcal://example.com/cal.ics',
        '--stack',
        'AfterviewTest',
        '--tz',
        'UTC',
      ],
      deps,
    );

    expect(result.code).toBe(0);
    const connections = await store.list('connection', userIdFor('ada@example.com'));
    expect(connections.map((c) => c.calendarId)).toEqual(['https://example.com/cal.ics']);
  });

  it('is idempotent, and joins an existing user without touching their settings', async () => {
    const first = await run(['--email', 'ada@example.com', '--url', URL, '--tz', 'Asia/Tokyo'], deps);
    const second = await run(['--email', 'ada@example.com', '--url', URL, '--tz', 'America/New_York'], deps);

    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.stdout).toContain('Found user ada@example.com');
    expect(second.stdout).toContain('already connected');
    const userId = userIdFor('ada@example.com');
    expect((await store.get('settings', userId, userId))?.timeZone).toBe('Asia/Tokyo');
    expect(await store.list('connection', userId)).toHaveLength(1);
  });

  it('reactivates a broken connection and forgets its old cursor', async () => {
    await run(['--email', 'ada@example.com', '--url', URL, '--tz', 'UTC'], deps);
    const userId = userIdFor('ada@example.com');
    const id = connectionIdFor('ics', URL);
    const stored = await store.get('connection', userId, id);
    await store.put('connection', {
      ...stored!,
      status: 'broken',
      brokenReason: 'HTTP 404',
      syncToken: '{"etag":"x"}',
    });

    const result = await run(['--email', 'ada@example.com', '--url', URL, '--tz', 'UTC'], deps);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Reconnected');
    const after = await store.get('connection', userId, id);
    expect(after).toMatchObject({ status: 'active' });
    expect(after?.brokenReason).toBeUndefined();
    expect(after?.syncToken).toBeUndefined();
  });

  it('fails clearly when the stack is missing or is not Afterview, writing nothing', async () => {
    cfn
      .on(DescribeStacksCommand, { StackName: 'Nope' })
      .rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));
    cfn.on(DescribeStacksCommand, { StackName: 'Other' }).resolves({
      Stacks: [{ StackName: 'Other', CreationTime: NOW, StackStatus: 'CREATE_COMPLETE', Outputs: [] }],
    });

    const missing = await run(
      ['--email', 'ada@example.com', '--url', URL, '--stack', 'Nope', '--tz', 'UTC'],
      deps,
    );
    const other = await run(
      ['--email', 'ada@example.com', '--url', URL, '--stack', 'Other', '--tz', 'UTC'],
      deps,
    );

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read stack "Nope": Stack with id Nope does not exist');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('stack "Other" has no TableName output');
    expect(await store.findUserByEmail('ada@example.com')).toBeUndefined();
  });

  it.each([
    [['--url', URL], '--email is required'],
    [['--email', 'ada@example.com'], '--url is required'],
    [['--email', 'not-an-email', '--url', URL], '--email is not an email address'],
    [
      ['--email', 'ada@example.com', '--url', 'http://example.com/cal.ics'],
      '--url must start with https:// or webcal://',
    ],
    [
      ['--email', 'ada@example.com', '--url', 'file:///etc/passwd'],
      '--url must start with https:// or webcal://',
    ],
    [
      ['--email', 'ada@example.com', '--url', 'https://me:pw@example.com/c.ics'],
      '--url must not carry a user name',
    ],
    [
      ['--email', 'ada@example.com', '--url', `https://example.com/${'a'.repeat(2100)}`],
      '--url must be at most 2048',
    ],
    [['--email', 'ada@example.com', '--url', URL, '--tz', 'Mars/Olympus'], '--tz is not an IANA time zone'],
    [['--email', 'ada@example.com', '--url', URL, '--region', 'eu west'], '--region is not an AWS region'],
    [['--email', 'ada@example.com', '--url', URL, '--colour', 'red'], "Unknown option '--colour'"],
  ])('rejects bad usage %j with exit code 2 and a message naming the option', async (argv, message) => {
    const result = await run(argv, deps);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  it('prints usage on --help', async () => {
    const result = await run(['--help'], deps);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: afterview connect-ics');
  });

  it('defaults the stack to Afterview and the zone to this machine', () => {
    const options = parseOptions(['--email', 'ada@example.com', '--url', URL]);

    expect(options.stack).toBe('Afterview');
    expect(options.tz).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
