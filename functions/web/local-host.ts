/**
 * DNS-rebinding guard for the local app: it has no sign-in, so a web page
 * whose domain is re-pointed at 127.0.0.1 must not be able to read it. Only
 * loopback names and the host of the configured base URL are answered.
 */
import type { MiddlewareHandler } from 'hono';
import { h } from './html.js';
import { page, type WebEnv } from './respond.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function hostname(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

/** True when `host` (a Host header) names this machine or the base URL's host. */
export function isAllowedHost(host: string | undefined, baseUrl: string): boolean {
  const name = host ? hostname(host) : undefined;
  if (!name) return false;
  return LOOPBACK.has(name) || name === hostname(new URL(baseUrl).host);
}

/** Refuses requests for other hosts with 421 Misdirected Request. */
export function localHostOnly(baseUrl: () => string): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (isAllowedHost(c.req.header('host') ?? new URL(c.req.url).host, baseUrl())) return next();
    const body = h`<h1>Wrong address</h1><p>Open Afterview at the address it printed when it started.</p>`;
    return page(c, 'Wrong address', body, 421);
  };
}
