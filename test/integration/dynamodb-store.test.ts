import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/document-client.js';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { ConflictError, ValidationError } from '../../functions/core/errors.js';
import type {
  Application,
  Connection,
  Interview,
  Prompt,
  Settings,
  Task,
} from '../../functions/core/model.js';
import { defaultSettings } from '../../functions/core/model.js';
import { useDynalite } from '../support/dynalite.js';

const db = useDynalite();

const NOW = '2025-03-03T09:00:00.000Z';

function settings(userId: string, email: string): Settings {
  return defaultSettings({ userId, email, timeZone: 'Europe/Paris', createdAt: NOW }, { id: 'settings' });
}

function connection(userId: string, id: string, channelExpiresAt?: string): Connection {
  return {
    userId,
    id,
    version: 0,
    provider: 'google',
    calendarId: 'primary',
    status: 'active',
    syncToken: 'token-1',
    channelId: `ch-${id}`,
    channelExpiresAt,
  };
}

function interview(userId: string, id: string, extra: Partial<Interview> = {}): Interview {
  return {
    userId,
    id,
    version: 0,
    connectionId: 'c1',
    eventId: `evt-${id}`,
    state: 'scheduled',
    title: 'Interview with <b>Acme</b>',
    description: 'Meet Jane',
    start: '2025-03-04T10:00:00Z',
    end: '2025-03-04T11:00:00Z',
    company: 'Acme',
    applicationId: 'app1',
    interviewers: [
      { key: 'jane@acme.test', email: 'jane@acme.test', name: 'Jane Doe', fromDescription: false },
    ],
    detection: { interview: true, score: 0.9, company: 'Acme', reasons: ['title says interview'] },
    firstSeenAt: NOW,
    thankYouWaived: false,
    notes: {},
    ...extra,
  };
}

function application(userId: string, id: string): Application {
  return {
    userId,
    id,
    version: 0,
    company: 'Acme',
    role: 'Engineer',
    status: 'active',
    timeline: { kind: 'days', days: 10 },
    statusCheckWaived: false,
    contact: { email: 'hr@acme.test', name: 'HR' },
  };
}

function task(userId: string, id: string): Task {
  return {
    userId,
    id,
    version: 0,
    kind: 'thank-you',
    applicationId: 'app1',
    interviewId: 'i1',
    interviewer: { key: 'jane@acme.test', name: 'Jane Doe', fromDescription: false },
    state: 'open',
    dueAt: NOW,
    createdAt: NOW,
  };
}

function prompt(userId: string, id: string): Prompt {
  return {
    userId,
    id,
    version: 0,
    kind: 'thank-you',
    state: 'claimed',
    subject: 'Time to thank Jane',
    claimedAt: NOW,
    interviewIds: ['i1'],
  };
}

describe('DynamoStore', () => {
  let tableName: string;
  let store: DynamoStore;

  beforeEach(async () => {
    tableName = await db.freshTable();
    store = new DynamoStore({ client: db.client, tableName });
  });

  const raw = () => documentClient(db.client);

  describe('round trips', () => {
    it.each([
      ['settings', settings('u1', 'me@example.test')],
      ['connection', connection('u1', 'c1', '2025-03-10T00:00:00Z')],
      ['interview', interview('u1', 'i1')],
      ['application', application('u1', 'app1')],
      ['task', task('u1', 't1')],
      ['prompt', prompt('u1', 'p1')],
    ] as const)('stores and reads back a %s at version 1, without key attributes', async (kind, entity) => {
      const stored = await store.put(kind, entity as never);
      expect(stored).toEqual({ ...entity, version: 1 });
      const read = await store.get(kind, 'u1', entity.id);
      expect(read).toEqual({ ...entity, version: 1 });
      for (const key of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'expiresAt']) expect(read).not.toHaveProperty(key);
    });

    it('lays items out as USER#<id> / <KIND>#<id> with a version', async () => {
      await store.put('interview', interview('u1', 'i1'));
      const out = await raw().send(
        new GetCommand({ TableName: tableName, Key: { pk: 'USER#u1', sk: 'INTERVIEW#i1' } }),
      );
      expect(out.Item).toMatchObject({ pk: 'USER#u1', sk: 'INTERVIEW#i1', version: 1, id: 'i1' });
    });

    it('returns undefined for a missing entity', async () => {
      expect(await store.get('task', 'u1', 'nope')).toBeUndefined();
    });

    it('applies model defaults and drops unknown fields on write', async () => {
      const { thankYouWaived: _w, notes: _n, ...partial } = interview('u1', 'i1');
      const stored = await store.put('interview', { ...partial, extra: '<script>' } as unknown as Interview);
      expect(stored).toMatchObject({ thankYouWaived: false, notes: {}, version: 1 });
      expect(stored).not.toHaveProperty('extra');
      expect(await store.get('interview', 'u1', 'i1')).not.toHaveProperty('extra');
    });

    it('keeps ids longer than a sort key can hold', async () => {
      const longId = `c1:${'x'.repeat(1100)}`;
      await store.put('interview', interview('u1', longId));
      expect((await store.get('interview', 'u1', longId))?.id).toBe(longId);
      expect((await store.list('interview', 'u1')).map((i) => i.id)).toEqual([longId]);
    });
  });

  describe('conditional writes', () => {
    it('updates when the version matches and bumps it', async () => {
      const v1 = await store.put('task', task('u1', 't1'));
      const v2 = await store.put('task', { ...v1, state: 'done', doneAt: NOW });
      expect(v2.version).toBe(2);
      expect(await store.get('task', 'u1', 't1')).toMatchObject({ state: 'done', version: 2 });
    });

    it('rejects a stale version with ConflictError and keeps the newer item', async () => {
      const v1 = await store.put('task', task('u1', 't1'));
      await store.put('task', { ...v1, state: 'done' });
      const error = await store.put('task', { ...v1, state: 'dropped' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).cause).toMatchObject({ name: 'ConditionalCheckFailedException' });
      expect(await store.get('task', 'u1', 't1')).toMatchObject({ state: 'done', version: 2 });
    });

    it('rejects creating the same entity twice', async () => {
      await store.put('prompt', prompt('u1', 'p1'));
      await expect(store.put('prompt', prompt('u1', 'p1'))).rejects.toBeInstanceOf(ConflictError);
    });

    it('rejects an update of an entity that does not exist', async () => {
      await expect(store.put('task', { ...task('u1', 't1'), version: 3 })).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(await store.get('task', 'u1', 't1')).toBeUndefined();
    });

    it('lets exactly one of two racing writers of the same version win', async () => {
      const v1 = await store.put('application', application('u1', 'a1'));
      const results = await Promise.allSettled([
        store.put('application', { ...v1, status: 'heard-back' }),
        store.put('application', { ...v1, status: 'closed' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    });

    it('rejects an invalid entity before writing anything', async () => {
      const bad = { ...task('u1', 't1'), dueAt: 'tomorrow' };
      await expect(store.put('task', bad)).rejects.toThrow(/invalid task[\s\S]*dueAt/);
      expect(await store.get('task', 'u1', 't1')).toBeUndefined();
    });
  });

  describe('list', () => {
    it('pages through results with a small page size, only of the kind and user asked', async () => {
      const paged = new DynamoStore({ client: db.client, tableName, pageSize: 2 });
      for (let i = 0; i < 7; i++) await paged.put('interview', interview('u1', `i${i}`));
      await paged.put('task', task('u1', 't1'));
      await paged.put('interview', interview('u2', 'other'));
      const ids = (await paged.list('interview', 'u1')).map((i) => i.id).sort();
      expect(ids).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6']);
    });

    it('follows DynamoDB pages past the 1 MB limit', async () => {
      // ~200 KB each: six of them do not fit in one 1 MB page.
      const notes = Object.fromEntries(Array.from({ length: 100 }, (_, n) => [`k${n}`, 'n'.repeat(2_000)]));
      for (let i = 0; i < 6; i++) await store.put('interview', interview('u1', `big${i}`, { notes }));
      const firstPage = await raw().send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'USER#u1' },
        }),
      );
      expect(firstPage.LastEvaluatedKey).toBeDefined();
      expect(await store.list('interview', 'u1')).toHaveLength(6);
    });

    it('returns an empty list for a user with nothing', async () => {
      expect(await store.list('prompt', 'nobody')).toEqual([]);
    });
  });

  describe('delete', () => {
    it('deletes an entity and tolerates a missing one', async () => {
      await store.put('task', task('u1', 't1'));
      await store.delete('task', 'u1', 't1');
      expect(await store.get('task', 'u1', 't1')).toBeUndefined();
      await expect(store.delete('task', 'u1', 't1')).resolves.toBeUndefined();
    });

    it('removes the email lookup with the settings', async () => {
      await store.put('settings', settings('u1', 'me@example.test'));
      await store.delete('settings', 'u1', 'settings');
      expect(await store.findUserByEmail('me@example.test')).toBeUndefined();
      const lookup = await raw().send(
        new GetCommand({ TableName: tableName, Key: { pk: 'EMAIL#me@example.test', sk: 'EMAIL' } }),
      );
      expect(lookup.Item).toBeUndefined();
    });
  });

  describe('useOnce', () => {
    it('accepts a key once and rejects it after', async () => {
      expect(await store.useOnce('nonce-1', '2025-04-01T00:00:00Z')).toBe(true);
      expect(await store.useOnce('nonce-1', '2025-04-01T00:00:00Z')).toBe(false);
      expect(await store.useOnce('nonce-2', '2025-04-01T00:00:00Z')).toBe(true);
    });

    it('lets exactly one of concurrent uses win', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.useOnce('n', '2025-04-01T00:00:00Z')),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('stores the TTL in epoch seconds', async () => {
      await store.useOnce('nonce-ttl', '2025-04-01T00:00:00Z');
      const out = await raw().send(
        new GetCommand({ TableName: tableName, Key: { pk: 'ONCE#nonce-ttl', sk: 'ONCE' } }),
      );
      expect(out.Item?.expiresAt).toBe(Date.parse('2025-04-01T00:00:00Z') / 1000);
    });

    it('rejects a bad expiry or key', async () => {
      await expect(store.useOnce('k', 'next week')).rejects.toBeInstanceOf(ValidationError);
      await expect(store.useOnce('', '2025-04-01T00:00:00Z')).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('findUserByEmail', () => {
    it('finds the user case-insensitively', async () => {
      await store.put('settings', settings('u1', 'Me@Example.test'));
      expect((await store.findUserByEmail('me@example.TEST'))?.userId).toBe('u1');
      expect(await store.findUserByEmail('other@example.test')).toBeUndefined();
    });

    it('follows an email change and forgets the old address', async () => {
      const v1 = await store.put('settings', settings('u1', 'old@example.test'));
      await store.put('settings', { ...v1, email: 'new@example.test' });
      expect(await store.findUserByEmail('old@example.test')).toBeUndefined();
      expect((await store.findUserByEmail('new@example.test'))?.version).toBe(2);
      const oldLookup = await raw().send(
        new GetCommand({ TableName: tableName, Key: { pk: 'EMAIL#old@example.test', sk: 'EMAIL' } }),
      );
      expect(oldLookup.Item).toBeUndefined();
    });

    it('refuses an address that another user holds', async () => {
      await store.put('settings', settings('u1', 'me@example.test'));
      await expect(store.put('settings', settings('u2', 'ME@example.test'))).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(await store.get('settings', 'u2', 'settings')).toBeUndefined();
      expect((await store.findUserByEmail('me@example.test'))?.userId).toBe('u1');
    });

    it('ignores and then takes over a lookup left by an interrupted write', async () => {
      const v1 = await store.put('settings', settings('u1', 'a@example.test'));
      // A settings write that claimed b@ and then lost its conditional put.
      await expect(
        store.put('settings', { ...v1, version: 7, email: 'b@example.test' }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await store.findUserByEmail('b@example.test')).toBeUndefined();
      expect((await store.findUserByEmail('a@example.test'))?.userId).toBe('u1');
      await store.put('settings', settings('u2', 'b@example.test'));
      expect((await store.findUserByEmail('b@example.test'))?.userId).toBe('u2');
    });

    it('repeating a settings write after a crash between its steps converges', async () => {
      const v1 = await store.put('settings', settings('u1', 'a@example.test'));
      const v2 = await store.put('settings', { ...v1, email: 'b@example.test' });
      // Simulate a crash before the old address was released: put it back.
      await raw().send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: 'EMAIL#a@example.test', sk: 'EMAIL', userId: 'u1', settingsId: 'settings', version: 1 },
        }),
      );
      expect(await store.findUserByEmail('a@example.test')).toBeUndefined();
      await store.put('settings', { ...v2, paused: true });
      expect((await store.findUserByEmail('b@example.test'))?.paused).toBe(true);
    });
  });

  describe('connections for maintenance', () => {
    it('lists connections whose channel lapses before an instant, by one index query', async () => {
      await store.put('connection', connection('u1', 'soon', '2025-03-05T00:00:00Z'));
      await store.put('connection', connection('u1', 'soon-fraction', '2025-03-05T00:00:00.5Z'));
      await store.put('connection', connection('u2', 'later', '2025-03-20T00:00:00.000Z'));
      await store.put('connection', connection('u2', 'no-channel'));
      const before = await store.listConnectionsExpiringBefore('2025-03-05T00:00:01Z');
      expect(before.map((c) => c.id).sort()).toEqual(['soon', 'soon-fraction']);
      const edge = await store.listConnectionsExpiringBefore('2025-03-05T00:00:00.500Z');
      expect(edge.map((c) => c.id)).toEqual(['soon']);
    });

    it('drops a connection from the expiry index when its channel is removed', async () => {
      const v1 = await store.put('connection', connection('u1', 'c1', '2025-03-05T00:00:00Z'));
      await store.put('connection', { ...v1, channelExpiresAt: undefined, channelId: undefined });
      expect(await store.listConnectionsExpiringBefore('2026-01-01T00:00:00Z')).toEqual([]);
    });

    it('rejects a malformed instant', async () => {
      await expect(store.listConnectionsExpiringBefore('soon')).rejects.toBeInstanceOf(ValidationError);
    });

    it('lists every connection of every user, and nothing else', async () => {
      const paged = new DynamoStore({ client: db.client, tableName, pageSize: 1 });
      await paged.put('connection', connection('u1', 'c1'));
      await paged.put('connection', connection('u2', 'c2', '2025-03-05T00:00:00Z'));
      await paged.put('interview', interview('u1', 'i1'));
      await paged.put('settings', settings('u1', 'me@example.test'));
      expect((await paged.listAllConnections()).map((c) => `${c.userId}/${c.id}`).sort()).toEqual([
        'u1/c1',
        'u2/c2',
      ]);
    });
  });

  describe('deleteUser', () => {
    it('removes every item of the user, the email lookup, and nothing of others', async () => {
      await store.put('settings', settings('u1', 'me@example.test'));
      for (let i = 0; i < 30; i++) await store.put('task', task('u1', `t${i}`));
      await store.put('interview', interview('u1', 'i1'));
      await store.put('connection', connection('u1', 'c1', '2025-03-05T00:00:00Z'));
      await store.put('settings', settings('u2', 'you@example.test'));
      await store.put('task', task('u2', 't1'));

      await store.deleteUser('u1');

      const left = await raw().send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'USER#u1' },
        }),
      );
      expect(left.Items).toEqual([]);
      expect(await store.findUserByEmail('me@example.test')).toBeUndefined();
      const lookup = await raw().send(
        new GetCommand({ TableName: tableName, Key: { pk: 'EMAIL#me@example.test', sk: 'EMAIL' } }),
      );
      expect(lookup.Item).toBeUndefined();
      expect(await store.listConnectionsExpiringBefore('2026-01-01T00:00:00Z')).toEqual([]);
      expect((await store.findUserByEmail('you@example.test'))?.userId).toBe('u2');
      expect(await store.list('task', 'u2')).toHaveLength(1);
    });

    it('also removes lookups left by an interrupted email change', async () => {
      const v1 = await store.put('settings', settings('u1', 'a@example.test'));
      await expect(
        store.put('settings', { ...v1, version: 9, email: 'b@example.test' }),
      ).rejects.toBeInstanceOf(ConflictError);
      await store.deleteUser('u1');
      for (const email of ['a@example.test', 'b@example.test']) {
        const out = await raw().send(
          new GetCommand({ TableName: tableName, Key: { pk: `EMAIL#${email}`, sk: 'EMAIL' } }),
        );
        expect(out.Item).toBeUndefined();
      }
    });

    it('is a no-op for an unknown user and can be repeated', async () => {
      await expect(store.deleteUser('ghost')).resolves.toBeUndefined();
      await store.put('task', task('u1', 't1'));
      await store.deleteUser('u1');
      await store.deleteUser('u1');
      expect(await store.list('task', 'u1')).toEqual([]);
    });
  });

  describe('exportUser', () => {
    it('returns every item of the user as plain objects with their kind', async () => {
      await store.put('settings', settings('u1', 'me@example.test'));
      await store.put('interview', interview('u1', 'i1'));
      await store.put('task', task('u2', 'not-mine'));
      const items = await store.exportUser('u1');
      const kinds = items.map((i) => i.kind).sort();
      expect(kinds).toEqual(['email-ref', 'interview', 'settings']);
      const exported = items.find((i) => i.kind === 'interview')?.data;
      expect(exported).toMatchObject({ id: 'i1', title: 'Interview with <b>Acme</b>', version: 1 });
      expect(exported).not.toHaveProperty('pk');
    });
  });

  describe('validation of what is read', () => {
    it('rejects a corrupted item with an error naming the item and the field', async () => {
      await store.put('interview', interview('u1', 'i1'));
      await raw().send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...interview('u1', 'i1'),
            version: 1,
            start: 'not a date',
            pk: 'USER#u1',
            sk: 'INTERVIEW#i1',
          },
        }),
      );
      const error = await store.get('interview', 'u1', 'i1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(
        /stored interview \(USER#u1 INTERVIEW#i1\) is invalid[\s\S]*start/,
      );
      await expect(store.list('interview', 'u1')).rejects.toBeInstanceOf(ValidationError);
    });

    it('rejects an item missing required fields', async () => {
      await raw().send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: 'USER#u1', sk: 'TASK#t1', userId: 'u1', id: 't1' },
        }),
      );
      await expect(store.get('task', 'u1', 't1')).rejects.toThrow(/stored task[\s\S]*version/);
      await raw().send(new DeleteCommand({ TableName: tableName, Key: { pk: 'USER#u1', sk: 'TASK#t1' } }));
    });
  });
});
