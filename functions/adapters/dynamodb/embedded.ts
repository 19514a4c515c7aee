/**
 * An embedded DynamoDB-API server (dynalite) for the local runner and tests:
 * loopback only, dummy credentials, data under a folder or in memory.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from './table.js';

export interface EmbeddedDynamoOptions {
  /** Folder for the LevelDB files; in-memory when absent. */
  dataDir?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  tableName: string;
}

export interface EmbeddedDynamo {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  client: DynamoDBClient;
  tableName: string;
  /** Stops the server and flushes the data folder. */
  close(): Promise<void>;
}

/** Raised when the embedded server cannot start or its table cannot be made ready. */
export class EmbeddedDynamoError extends Error {
  override name = 'EmbeddedDynamoError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const READY_POLL_MS = 20;
const READY_ATTEMPTS = 500;

/** Starts dynalite on 127.0.0.1 and makes sure `tableName` exists (idempotent). */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions): Promise<EmbeddedDynamo> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const server = dynalite({
    ...(options.dataDir ? { path: options.dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const port = await listen(server, options.port ?? 0);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const close = async (): Promise<void> => {
    client.destroy();
    await closeServer(server);
  };
  try {
    await ensureTable(client, options.tableName);
  } catch (error) {
    await close();
    throw new EmbeddedDynamoError(`could not create table ${options.tableName}`, { cause: error });
  }
  return { endpoint, client, tableName: options.tableName, close };
}

/** A client for a loopback endpoint: region `local`, dummy credentials. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
}

/** Creates the table unless it exists, then waits until it is ACTIVE. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  if ((await tableStatus(client, tableName)) === undefined) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Another process created it between our describe and create: fine.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  for (let attempt = 0; attempt < READY_ATTEMPTS; attempt++) {
    if ((await tableStatus(client, tableName)) === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new EmbeddedDynamoError(`table ${tableName} did not become ACTIVE`);
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table?.TableStatus ?? 'UNKNOWN';
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) =>
      reject(new EmbeddedDynamoError(`dynalite could not listen on ${port}`, { cause: error }));
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Idle keep-alive sockets would otherwise hold close() open.
    server.closeIdleConnections();
  });
}
