/**
 * A local HTTP server that behaves as Google's Calendar v3 and OAuth 2.0
 * endpoints are documented to, so the real `@googleapis/calendar` and
 * `google-auth-library` can be tested over HTTP. One base URL stands for
 * `https://www.googleapis.com` (`/calendar/v3/...`, `/oauth2/v1|v3/certs`)
 * and for `https://accounts.google.com` + `https://oauth2.googleapis.com`
 * (`/o/oauth2/v2/auth`, `/token`, `/revoke`, `/tokeninfo`).
 *
 * Tests drive it through `oauth` (who consents, deny next, revoke a grant),
 * `calendar` (events, expired tokens, channels) and `failNext` (429 with
 * Retry-After, 403 rate limits, 5xx, a hang).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiError, type CalendarReply, CalendarSide, type Push } from './calendar-side.js';
import { type OAuthReply, OAuthSide } from './oauth-side.js';

export type { EventInput, Push } from './calendar-side.js';
export type { GoogleAccount } from './oauth-side.js';

/** A fault for the next Calendar API request(s). */
export type Fault =
  | { status: 429; retryAfter?: string }
  | { status: 403; reason: 'rateLimitExceeded' | 'userRateLimitExceeded' }
  | { status: 500 | 502 | 503 }
  /** No answer for this long (the client's timeout should fire first). */
  | { hangMs: number };

export interface GoogleServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect URIs; more can be added later (`oauth.client.redirectUris`). */
  redirectUris?: string[];
  /** The server's clock for tokens, channels and `updated` (ID tokens use real time). */
  now?: () => number;
  /** POST notifications to channel addresses (default true). */
  deliverPushes?: boolean;
}

const READ_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events.readonly',
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar',
];

export class GoogleServer {
  readonly oauth: OAuthSide;
  readonly calendar: CalendarSide;
  /** Every request as `METHOD /path`, for assertions. */
  readonly requests: string[] = [];
  url = '';
  #faults: Fault[] = [];
  #server?: Server;
  readonly #hanging = new Set<ServerResponse>();

  private constructor(options: GoogleServerOptions) {
    const now = options.now ?? (() => Date.now());
    this.oauth = new OAuthSide(
      {
        clientId: options.clientId ?? 'test-client.apps.googleusercontent.com',
        clientSecret: options.clientSecret ?? 'GOCSPX-test-secret',
        redirectUris: options.redirectUris ?? [],
      },
      now,
    );
    const deliver = options.deliverPushes === false ? async () => undefined : postPush;
    this.calendar = new CalendarSide(now, deliver);
  }

  static async start(options: GoogleServerOptions = {}): Promise<GoogleServer> {
    const server = new GoogleServer(options);
    await server.oauth.init();
    const http = createServer((req, res) => {
      server.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    server.#server = http;
    server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    return server;
  }

  /** The variables the adapter reads, pointing at this server. */
  env(): Record<string, string> {
    return {
      GOOGLE_API_BASE_URL: this.url,
      GOOGLE_OAUTH_BASE_URL: this.url,
      GOOGLE_CLIENT_ID: this.oauth.client.clientId,
      GOOGLE_CLIENT_SECRET: this.oauth.client.clientSecret,
    };
  }

  /** Answers the next Calendar API requests with these faults, in order. */
  failNext(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    await new Promise<void>((resolve) => {
      this.#server?.closeAllConnections();
      this.#server?.close(() => resolve());
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname;
    this.requests.push(`${req.method} ${path}`);
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    if (path.startsWith('/calendar/v3/')) {
      const fault = this.#faults.shift();
      if (fault && 'hangMs' in fault) {
        this.#hanging.add(res);
        setTimeout(() => {
          this.#hanging.delete(res);
          if (!res.destroyed) send(res, apiError(503, 'backendError', 'Backend Error'));
        }, fault.hangMs).unref();
        return;
      }
      if (fault) return send(res, faultReply(fault));
      return send(res, this.#calendarRoute(req, path, query, body));
    }
    const params = { ...query, ...formOrJson(req, body) };
    if (req.method === 'GET' && path === '/o/oauth2/v2/auth') return send(res, this.oauth.consent(query));
    if (req.method === 'POST' && path === '/token')
      return send(res, await this.oauth.token(params, req.headers.authorization));
    if (req.method === 'POST' && path === '/revoke') return send(res, this.oauth.revoke(params));
    if (path === '/tokeninfo') return send(res, this.oauth.tokenInfo(params));
    if (req.method === 'GET' && path === '/oauth2/v1/certs') return send(res, this.oauth.certs('pem'));
    if (req.method === 'GET' && path === '/oauth2/v3/certs') return send(res, this.oauth.certs('jwk'));
    return send(res, apiError(404, 'notFound', 'Not Found'));
  }

  #calendarRoute(
    req: IncomingMessage,
    path: string,
    query: Record<string, string>,
    body: string,
  ): CalendarReply {
    const grant = this.oauth.authorize(req.headers.authorization, READ_SCOPES);
    if (grant === 'invalid') {
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
        json: {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials.',
            errors: [
              {
                domain: 'global',
                reason: 'authError',
                message: 'Invalid Credentials',
                location: 'Authorization',
              },
            ],
            status: 'UNAUTHENTICATED',
          },
        },
      };
    }
    if (grant === 'scope') return apiError(403, 'insufficientPermissions', 'Insufficient Permission');
    const events = path.match(/^\/calendar\/v3\/calendars\/([^/]+)\/events(\/watch)?$/);
    if (events && req.method === 'GET' && !events[2]) {
      return this.calendar.list(decodeURIComponent(events[1]!), query);
    }
    if (events && req.method === 'POST' && events[2]) {
      return this.calendar.watch(decodeURIComponent(events[1]!), parseJson(body));
    }
    if (req.method === 'POST' && path === '/calendar/v3/channels/stop')
      return this.calendar.stop(parseJson(body));
    return apiError(404, 'notFound', 'Not Found');
  }
}

function faultReply(fault: Exclude<Fault, { hangMs: number }>): CalendarReply {
  if (fault.status === 429) {
    return apiError(
      429,
      'rateLimitExceeded',
      'Rate Limit Exceeded',
      fault.retryAfter ? { 'retry-after': fault.retryAfter } : undefined,
    );
  }
  if (fault.status === 403) return apiError(403, fault.reason, 'Rate Limit Exceeded');
  return apiError(fault.status, 'backendError', 'Backend Error');
}

async function postPush(push: Push): Promise<void> {
  await fetch(push.address, { method: 'POST', headers: push.headers, body: '' });
}

function send(res: ServerResponse, reply: CalendarReply | OAuthReply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if ('text' in reply && reply.text !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(reply.text);
    return;
  }
  if (reply.json === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  res
    .writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...headers })
    .end(JSON.stringify(reply.json));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function formOrJson(req: IncomingMessage, body: string): Record<string, string> {
  if (!body) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = parseJson(body);
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
