/**
 * Microsoft Graph v1.0 as documented, for what Afterview reads: `/me`,
 * `/me/mailboxSettings`, `/me/calendarView/delta` (pages linked by
 * `@odata.nextLink`, a round closed by `@odata.deltaLink`; `410
 * syncStateNotFound` for a token the server dropped), and subscriptions
 * (create with the validation handshake, renew by PATCH, delete). Requests
 * need a bearer token the identity endpoints issued. Throttling answers 429
 * (or 503) with `Retry-After`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Account, deltaItems, type GraphEventJson, type Window } from './accounts.js';
import { graphError, readBody, sendJson } from './http.js';
import type { IdentityState } from './identity.js';

export interface Subscription {
  id: string;
  oid: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState?: string;
  expirationDateTime: string;
}

/** Delivers a request to a notification URL (the network, or a test's in-process app). */
export type Deliver = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<Response>;

export interface GraphState {
  /** Items per delta page unless `Prefer: odata.maxpagesize` asks for fewer. */
  pageSize: number;
  /** `$skiptoken` -> the rest of a round. */
  rounds: Map<string, { oid: string; window: Window; items: GraphEventJson[]; seq: number }>;
  /** `$deltatoken` -> where the next round starts. */
  deltaTokens: Map<string, { oid: string; window: Window; seq: number }>;
  throttle: { remaining: number; status: 429 | 503; retryAfterSeconds: number };
  subscriptions: Map<string, Subscription>;
  /** Every Graph request: method, path with query, and the Prefer header. */
  requests: Array<{ method: string; url: string; prefer: string }>;
  deliver: Deliver;
}

/** Outlook resources allow subscriptions of just under 7 days (10,080 minutes). */
export const MAX_SUBSCRIPTION_MS = 10_080 * 60_000;

function randomToken(): string {
  return randomBytes(18).toString('base64url');
}

export async function handleGraph(
  identity: IdentityState,
  graph: GraphState,
  base: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith('/v1.0/')) return false;
  const method = req.method ?? 'GET';
  graph.requests.push({ method, url: url.pathname + url.search, prefer: String(req.headers.prefer ?? '') });
  if (graph.throttle.remaining > 0) {
    graph.throttle.remaining -= 1;
    const status = graph.throttle.status;
    graphError(
      res,
      status,
      status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
      'Please retry after the interval in Retry-After.',
      {
        'retry-after': String(graph.throttle.retryAfterSeconds),
      },
    );
    return true;
  }
  const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  const access = bearer ? identity.accessTokens.get(bearer) : undefined;
  const account = access && [...identity.accounts.values()].find((a) => a.oid === access.oid);
  if (!access || !account || access.expiresAt < Date.now()) {
    graphError(
      res,
      401,
      'InvalidAuthenticationToken',
      access ? 'Lifetime validation failed, the token is expired.' : 'Access token is empty or invalid.',
    );
    return true;
  }
  const path = url.pathname.slice('/v1.0'.length);
  if (method === 'GET' && path === '/me') {
    sendJson(res, 200, {
      '@odata.context': `${base}/v1.0/$metadata#users/$entity`,
      id: account.oid,
      displayName: account.displayName,
      mail: account.email,
      userPrincipalName: account.email,
    });
  } else if (method === 'GET' && path === '/me/mailboxSettings') {
    sendJson(res, 200, {
      '@odata.context': `${base}/v1.0/$metadata#users('${account.oid}')/mailboxSettings`,
      timeZone: account.mailboxTimeZone,
      dateFormat: 'dd/MM/yyyy',
      timeFormat: 'HH:mm',
      language: { locale: 'en-GB', displayName: 'English (United Kingdom)' },
    });
  } else if (method === 'GET' && path === '/me/calendarView/delta') {
    delta(graph, base, account, req, res, url);
  } else if (path === '/subscriptions' && method === 'POST') {
    await createSubscription(graph, account, JSON.parse((await readBody(req)) || '{}'), res);
  } else if (path.startsWith('/subscriptions/')) {
    const id = decodeURIComponent(path.slice('/subscriptions/'.length));
    const sub = graph.subscriptions.get(id);
    if (!sub || sub.oid !== account.oid) {
      graphError(res, 404, 'ResourceNotFound', `The object '${id}' doesn't exist.`);
    } else if (method === 'PATCH') {
      const body = JSON.parse((await readBody(req)) || '{}') as { expirationDateTime?: string };
      const problem = expirationProblem(body.expirationDateTime);
      if (problem) {
        graphError(res, 400, 'ExtensionError', problem);
      } else {
        sub.expirationDateTime = body.expirationDateTime as string;
        sendJson(res, 200, subscriptionJson(sub));
      }
    } else if (method === 'DELETE') {
      graph.subscriptions.delete(id);
      res.writeHead(204).end();
    } else {
      graphError(res, 405, 'Request_BadRequest', 'Method not allowed.');
    }
  } else {
    graphError(res, 400, 'BadRequest', `Resource not found for the segment '${path}'.`);
  }
  return true;
}

function delta(
  graph: GraphState,
  base: string,
  account: Account,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): void {
  const q = url.searchParams;
  const maxPage = /odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1];
  const pageSize = Math.min(graph.pageSize, maxPage ? Number(maxPage) : Number.POSITIVE_INFINITY);
  let round: { oid: string; window: Window; items: GraphEventJson[]; seq: number } | undefined;
  const skip = q.get('$skiptoken');
  const deltaToken = q.get('$deltatoken');
  if (skip !== null) {
    round = graph.rounds.get(skip);
    graph.rounds.delete(skip);
  } else if (deltaToken !== null) {
    const saved = graph.deltaTokens.get(deltaToken);
    if (saved && saved.oid === account.oid) {
      round = { ...saved, items: deltaItems(account, saved.window, saved.seq), seq: account.seq };
    }
  } else {
    const start = Date.parse(q.get('startDateTime') ?? '');
    const end = Date.parse(q.get('endDateTime') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
      graphError(
        res,
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
      return;
    }
    const window = { startMs: start, endMs: end };
    round = { oid: account.oid, window, items: deltaItems(account, window, 0), seq: account.seq };
  }
  if (!round || round.oid !== account.oid) {
    graphError(
      res,
      410,
      'syncStateNotFound',
      'The sync state generation is not found. Please restart the sync from the beginning.',
    );
    return;
  }
  const page = round.items.slice(0, pageSize);
  const rest = round.items.slice(pageSize);
  const link: Record<string, string> = {};
  if (rest.length > 0) {
    const next = randomToken();
    graph.rounds.set(next, { ...round, items: rest });
    link['@odata.nextLink'] = `${base}/v1.0/me/calendarView/delta?$skiptoken=${next}`;
  } else {
    const next = randomToken();
    graph.deltaTokens.set(next, { oid: round.oid, window: round.window, seq: round.seq });
    link['@odata.deltaLink'] = `${base}/v1.0/me/calendarView/delta?$deltatoken=${next}`;
  }
  sendJson(res, 200, { '@odata.context': `${base}/v1.0/$metadata#Collection(event)`, ...link, value: page });
}

function expirationProblem(value: string | undefined): string | undefined {
  const at = Date.parse(value ?? '');
  if (Number.isNaN(at)) return 'expirationDateTime is required.';
  if (at <= Date.now()) return 'Subscription expiration can only be in the future.';
  if (at - Date.now() > MAX_SUBSCRIPTION_MS) {
    return 'Subscription expiration can only be 10080 minutes in the future.';
  }
  return undefined;
}

function subscriptionJson(sub: Subscription): Record<string, unknown> {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
    id: sub.id,
    resource: sub.resource,
    applicationId: 'test-app',
    changeType: sub.changeType,
    clientState: sub.clientState ?? null,
    notificationUrl: sub.notificationUrl,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl ?? null,
    expirationDateTime: sub.expirationDateTime,
    creatorId: sub.oid,
    latestSupportedTlsVersion: 'v1_2',
    notificationQueryOptions: null,
    includeResourceData: false,
  };
}

/** Graph checks each URL by posting `validationToken` and expects it back as text within 10 s. */
async function validates(graph: GraphState, url: string): Promise<boolean> {
  const validationToken = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = new URL(url);
  target.searchParams.set('validationToken', validationToken);
  try {
    const response = await graph.deliver(target.toString(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    const type = response.headers.get('content-type') ?? '';
    return (
      response.status === 200 && type.startsWith('text/plain') && (await response.text()) === validationToken
    );
  } catch {
    return false;
  }
}

async function createSubscription(
  graph: GraphState,
  account: Account,
  body: Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  const { changeType, notificationUrl, lifecycleNotificationUrl, resource, expirationDateTime, clientState } =
    body as Record<string, string | undefined>;
  if (!changeType || !notificationUrl || !resource) {
    graphError(res, 400, 'InvalidRequest', 'changeType, notificationUrl and resource are required.');
    return;
  }
  if (
    !/^https:\/\//.test(notificationUrl) ||
    (lifecycleNotificationUrl && !/^https:\/\//.test(lifecycleNotificationUrl))
  ) {
    graphError(res, 400, 'InvalidRequest', 'The notification URL must use https.');
    return;
  }
  if (clientState && clientState.length > 128) {
    graphError(res, 400, 'InvalidRequest', 'clientState must be at most 128 characters.');
    return;
  }
  const problem = expirationProblem(expirationDateTime);
  if (problem) return graphError(res, 400, 'ExtensionError', problem);
  for (const target of [notificationUrl, lifecycleNotificationUrl].filter((u): u is string => !!u)) {
    if (!(await validates(graph, target))) {
      graphError(
        res,
        400,
        'ValidationError',
        `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request: ${target}`,
      );
      return;
    }
  }
  const sub: Subscription = {
    id: randomUUID(),
    oid: account.oid,
    resource,
    changeType,
    notificationUrl,
    lifecycleNotificationUrl,
    clientState,
    expirationDateTime: expirationDateTime as string,
  };
  graph.subscriptions.set(sub.id, sub);
  sendJson(res, 201, subscriptionJson(sub));
}
