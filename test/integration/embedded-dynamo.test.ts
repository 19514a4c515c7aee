import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import {
  EmbeddedDynamoError,
  ensureTable,
  startEmbeddedDynamo,
} from '../../functions/adapters/dynamodb/embedded.js';
import type { Task } from '../../functions/core/model.js';

const TASK: Task = {
  userId: 'u1',
  id: 't1',
  version: 0,
  kind: 'status-check',
  applicationId: 'a1',
  state: 'open',
  dueAt: '2025-03-10T09:00:00Z',
  createdAt: '2025-03-03T09:00:00Z',
};

describe('startEmbeddedDynamo', () => {
  it('serves on loopback with the table ready, keys and index as laid out', async () => {
    const server = await startEmbeddedDynamo({ tableName: 'afterview-embedded' });
    try {
      expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { Table } = await server.client.send(
        new DescribeTableCommand({ TableName: 'afterview-embedded' }),
      );
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['gsi1']);
    } finally {
      await server.close();
    }
  });

  it('creating the table again is harmless', async () => {
    const server = await startEmbeddedDynamo({ tableName: 'afterview-embedded' });
    try {
      const store = new DynamoStore({ client: server.client, tableName: server.tableName });
      await store.put('task', TASK);
      await ensureTable(server.client, server.tableName);
      expect(await store.get('task', 'u1', 't1')).toMatchObject({ version: 1 });
      const { TableNames } = await server.client.send(new ListTablesCommand({}));
      expect(TableNames).toEqual(['afterview-embedded']);
    } finally {
      await server.close();
    }
  });

  it('keeps data in a folder across restarts, and nothing in memory mode', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'afterview-embedded-'));
    try {
      const first = await startEmbeddedDynamo({ dataDir: join(dataDir, 'db'), tableName: 'afterview-local' });
      await new DynamoStore({ client: first.client, tableName: first.tableName }).put('task', TASK);
      await first.close();

      const second = await startEmbeddedDynamo({
        dataDir: join(dataDir, 'db'),
        tableName: 'afterview-local',
      });
      try {
        const store = new DynamoStore({ client: second.client, tableName: second.tableName });
        expect(await store.get('task', 'u1', 't1')).toMatchObject({ id: 't1', version: 1 });
      } finally {
        await second.close();
      }

      const memory = await startEmbeddedDynamo({ tableName: 'afterview-local' });
      try {
        const store = new DynamoStore({ client: memory.client, tableName: memory.tableName });
        expect(await store.get('task', 'u1', 't1')).toBeUndefined();
      } finally {
        await memory.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('fails with a named error when the port is taken', async () => {
    const first = await startEmbeddedDynamo({ tableName: 'afterview-port' });
    try {
      const port = Number(new URL(first.endpoint).port);
      await expect(startEmbeddedDynamo({ port, tableName: 'afterview-port' })).rejects.toBeInstanceOf(
        EmbeddedDynamoError,
      );
    } finally {
      await first.close();
    }
  });

  it('fails with a named error for an invalid table name', async () => {
    const error = await startEmbeddedDynamo({ tableName: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedDynamoError);
    expect((error as Error).message).toBe('could not create table x');
    expect((error as Error).cause).toMatchObject({ name: 'ValidationException' });
  });
});
