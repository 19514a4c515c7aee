/** Turning page bodies into responses with the shared layout. */
import type { Context } from 'hono';
import type { SecureHeadersVariables } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SessionVariables } from './auth/sessions.js';
import type { Html } from './html.js';
import { layout } from './pages/layout.js';

/** Hono environment of the web app. */
export type WebEnv = {
  Variables: SecureHeadersVariables &
    SessionVariables & {
      /** Show the site's navigation (someone is using the pages, not just following a mail's link). */
      localNav?: boolean;
      /** The local runner's outbox is there to link to. */
      outboxNav?: boolean;
    };
};
export type WebContext = Context<WebEnv>;

/** Every form that posts: each gets the session's CSRF token. */
const POST_FORM = /<form\b[^>]*\bmethod="post"[^>]*>/gi;

/** A full page; the CSP nonce comes from the security-headers middleware. */
export function page(c: WebContext, title: string, body: Html, status: ContentfulStatusCode = 200): Response {
  const nonce = c.get('secureHeadersNonce') ?? '';
  const signedIn = c.get('session') !== undefined;
  const doc = layout(
    {
      title,
      nonce,
      localNav: c.get('localNav') === true || signedIn,
      outbox: c.get('outboxNav') === true,
      signOut: signedIn,
    },
    body,
  );
  c.header('Cache-Control', 'no-store');
  return c.html(withCsrf(doc.toString(), c.get('csrfToken')), status);
}

/**
 * Adds the CSRF field to every POST form of a page. Pages are our own
 * templates with every value escaped, so `<form` only ever appears where a
 * template wrote it.
 */
function withCsrf(html: string, token: string | undefined): string {
  if (!token || !/^[A-Za-z0-9_-]+$/.test(token)) return html;
  return html.replace(POST_FORM, (form) => `${form}<input type="hidden" name="_csrf" value="${token}">`);
}
