/** Turning page bodies into responses with the shared layout. */
import type { Context } from 'hono';
import type { SecureHeadersVariables } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Html } from './html.js';
import { layout } from './pages/layout.js';

/** Hono environment of the web app. */
export type WebEnv = { Variables: SecureHeadersVariables & { localNav?: boolean } };
export type WebContext = Context<WebEnv>;

/** A full page; the CSP nonce comes from the security-headers middleware. */
export function page(c: WebContext, title: string, body: Html, status: ContentfulStatusCode = 200): Response {
  const nonce = c.get('secureHeadersNonce') ?? '';
  const doc = layout({ title, nonce, localNav: c.get('localNav') === true }, body);
  c.header('Cache-Control', 'no-store');
  return c.html(doc.toString(), status);
}
