/**
 * Reads an ICS feed from a file or an http(s) URL (`webcal://` is https),
 * with a conditional GET, a size bound and a time-out.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { RateLimitedError } from '../../../core/errors.js';
import { IcsFetchError } from './errors.js';
import type { IcsCursor } from './ics-cursor.js';
import { assertPublicHost } from './public-address.js';

/** Bounds and policy for reading a feed. */
export interface SourceOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Allow files and non-public hosts (a laptop); refuse them on a server. */
  allowLocalSources: boolean;
  /** Stops a read in progress (shutdown). */
  signal?: AbortSignal;
}

/** Redirects followed, each checked like the first URL. */
const MAX_REDIRECTS = 5;

/** The feed's text and validators, or word that it did not change. */
export type SourceResult =
  | { kind: 'not-modified' }
  | { kind: 'body'; text: string; sha256: string; etag?: string; lastModified?: string };

/** Reads `location` (path, `file:`, `http(s):` or `webcal:` URL). */
export async function readSource(
  location: string,
  cursor: IcsCursor | undefined,
  options: SourceOptions,
): Promise<SourceResult> {
  const url = sourceUrl(location);
  if (url === undefined || url.protocol === 'file:') {
    if (!options.allowLocalSources)
      throw new IcsFetchError('calendar files are not allowed here', undefined, { permanent: true });
    return readFileSource(url ? fileURLToPath(url) : location, options);
  }
  return readHttpSource(url, cursor, options);
}

/** The URL of `location`, or undefined for a plain file path. */
export function sourceUrl(location: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return undefined;
  const url = new URL(location);
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:')
    return new URL(`https:${location.slice(url.protocol.length)}`);
  if (['http:', 'https:', 'file:'].includes(url.protocol)) return url;
  throw new IcsFetchError(`unsupported calendar URL scheme ${url.protocol}`, undefined, { permanent: true });
}

async function readFileSource(path: string, { maxBytes }: SourceOptions): Promise<SourceResult> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new IcsFetchError(`cannot open calendar file ${path}`, undefined, { cause: error });
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes)
      throw new IcsFetchError(`calendar file is larger than ${maxBytes} bytes`, undefined, {
        permanent: true,
      });
    return body(await handle.readFile());
  } finally {
    await handle.close();
  }
}

async function readHttpSource(
  url: URL,
  cursor: IcsCursor | undefined,
  options: SourceOptions,
): Promise<SourceResult> {
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5', 'user-agent': 'Afterview' };
  if (cursor?.etag) headers['if-none-match'] = cursor.etag;
  if (cursor?.lastModified) headers['if-modified-since'] = cursor.lastModified;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const response = await fetchFollowing(url, headers, signal, options);
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: 'not-modified' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throwForStatus(response, url);
  }
  const bytes = await readBounded(response, options.maxBytes, url);
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  return { ...body(bytes), ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/** GET with redirects followed by hand, so that each hop passes the host check. */
async function fetchFollowing(
  first: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  options: SourceOptions,
): Promise<Response> {
  let url = first;
  for (let hop = 0; ; hop++) {
    if (!options.allowLocalSources) await assertPublicHost(url);
    let response: Response;
    try {
      response = await fetch(url, { headers, signal, redirect: 'manual' });
    } catch (error) {
      options.signal?.throwIfAborted();
      throw new IcsFetchError(`cannot fetch calendar from ${url.host}`, undefined, { cause: error });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location)
      return response;
    await response.body?.cancel();
    if (hop >= MAX_REDIRECTS)
      throw new IcsFetchError(`too many redirects from ${first.host}`, response.status, { permanent: true });
    url = new URL(location, url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new IcsFetchError(`calendar redirect to unsupported scheme ${url.protocol}`, response.status, {
        permanent: true,
      });
    }
  }
}

function throwForStatus(response: Response, url: URL): never {
  if (response.status === 429 || response.status === 503) {
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) {
      throw new RateLimitedError(retryAfter, {
        cause: new IcsFetchError(`calendar server ${url.host} answered ${response.status}`, response.status),
      });
    }
  }
  throw new IcsFetchError(`calendar server ${url.host} answered ${response.status}`, response.status);
}

async function readBounded(response: Response, maxBytes: number, url: URL): Promise<Buffer> {
  const tooLarge = () =>
    new IcsFetchError(`calendar from ${url.host} is larger than ${maxBytes} bytes`, undefined, {
      permanent: true,
    });
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof IcsFetchError) throw error;
    throw new IcsFetchError(`reading calendar from ${url.host} failed`, undefined, { cause: error });
  }
  return Buffer.concat(chunks);
}

function body(bytes: Buffer): SourceResult {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = new TextDecoder('utf-8').decode(bytes); // drops a BOM, replaces bad bytes
  return { kind: 'body', text, sha256 };
}
