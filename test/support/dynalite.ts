/**
 * One embedded dynalite server per test file: started in `beforeAll`, closed
 * in `afterAll`. Tests ask for a fresh table so they never see each other's
 * items.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import {
  type EmbeddedDynamo,
  ensureTable,
  startEmbeddedDynamo,
} from '../../functions/adapters/dynamodb/embedded.js';

export interface DynaliteSuite {
  /** Client for the file's server (valid inside tests and hooks). */
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  /** Creates a new, empty table with the app's layout and returns its name. */
  freshTable(): Promise<string>;
}

/** Registers the server's lifecycle hooks for the calling test file. */
export function useDynalite(): DynaliteSuite {
  let server: EmbeddedDynamo | undefined;
  const running = (): EmbeddedDynamo => {
    if (!server) throw new Error('dynalite is not running: use it inside tests or hooks');
    return server;
  };
  beforeAll(async () => {
    server = await startEmbeddedDynamo({ tableName: `afterview-${randomUUID()}` });
  });
  afterAll(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    get client() {
      return running().client;
    },
    get endpoint() {
      return running().endpoint;
    },
    async freshTable() {
      const name = `afterview-${randomUUID()}`;
      await ensureTable(running().client, name);
      return name;
    },
  };
}
