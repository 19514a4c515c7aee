/**
 * moto does not implement SES v2 `GetAccount` (the sandbox status). This
 * loopback proxy answers `GET /v2/email/account` with the documented shape
 * and the state a test sets, and passes every other request to moto.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { Moto } from './moto-server.js';

/** The fields of `GetAccount` the doctor reads (SES API v2 reference). */
export interface SesAccount {
  ProductionAccessEnabled: boolean;
  SendingEnabled: boolean;
  SendQuota: { Max24HourSend: number; MaxSendRate: number; SentLast24Hours: number };
}

export interface SesAccountProxy {
  endpoint: string;
  account: SesAccount;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function useSesAccountProxy(moto: Moto): SesAccountProxy {
  let server: Server | undefined;
  const state: SesAccountProxy = {
    endpoint: '',
    account: {
      ProductionAccessEnabled: false,
      SendingEnabled: true,
      SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
    },
  };
  beforeAll(async () => {
    server = createServer(async (request, response) => {
      if (request.method === 'GET' && request.url?.split('?')[0] === '/v2/email/account') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(state.account));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
          headers[name] = value;
      }
      const payload = await body(request);
      const upstream = await fetch(`${moto.endpoint}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers,
        body: payload.length > 0 ? payload : undefined,
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
          out[name] = value;
      });
      response.writeHead(upstream.status, out);
      response.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return state;
}
