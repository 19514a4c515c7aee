/**
 * Small helpers around Hono's `html` tag: every interpolation is escaped, so
 * hostile calendar text (titles, names, descriptions) ends up as text. `raw`
 * is used nowhere on untrusted input.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** A fragment of already escaped HTML. */
export type Html = HtmlEscapedString;

/**
 * `html` that always returns a string: we never interpolate promises, so a
 * promise here is a programming error, not a case to handle.
 */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = html(strings, ...values);
  if (out instanceof Promise) throw new TypeError('asynchronous HTML fragments are not used here');
  return out;
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * A URL that is safe to put in `href`: http(s), mailto, or a same-site path.
 * Anything else (`javascript:`, `data:`, protocol-relative) becomes `#`, so a
 * hostile value can never run script even if it slipped into a link.
 */
export function safeHref(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return url;
  try {
    return SAFE_SCHEMES.has(new URL(url).protocol) ? url : '#';
  } catch {
    return '#';
  }
}

/** One line of plain text: no CR/LF (mail headers, subjects), bounded. */
export function oneLine(text: string, max = 300): string {
  const flat = text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
