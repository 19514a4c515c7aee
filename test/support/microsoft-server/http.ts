/** Small request/response helpers for the local Microsoft server. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Graph's error shape: `{ error: { code, message, innerError } }`. */
export function graphError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), 'request-id': crypto.randomUUID() },
      },
    },
    headers,
  );
}

/** The identity platform's error shape (RFC 6749 plus AADSTS codes). */
export function oauthError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  codes: number[] = [],
): void {
  sendJson(res, status, {
    error,
    error_description: description,
    error_codes: codes,
    timestamp: new Date().toISOString(),
    trace_id: crypto.randomUUID(),
    correlation_id: crypto.randomUUID(),
  });
}
