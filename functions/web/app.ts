/**
 * The web app: action pages behind signed links, and for local use the
 * dashboard, settings, outbox and data pages. Server-rendered, escaped by
 * default, one nonce-allowed inline style and script per page.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { WebDeps } from './deps.js';
import { h } from './html.js';
import { localHostOnly } from './local-host.js';
import { addOAuthRoutes } from './oauth/oauth-routes.js';
import { messageBody } from './pages/message-pages.js';
import { page, type WebEnv } from './respond.js';
import { addActionRoutes } from './routes/action-routes.js';
import { addLocalRoutes } from './routes/local-routes.js';

export type { ActionPage, ActionResult, ActionsApi, LocalDeps, WebDeps } from './deps.js';

/** Forms here are small; anything bigger is not ours. */
const MAX_BODY_BYTES = 64 * 1024;

/** Builds the Hono app over injected dependencies. */
export function createWebApp(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [NONCE],
        scriptSrc: [NONCE],
        imgSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      // Only the outbox's mail frame sets its own CSP and framing rules.
      overwrite: false,
    }),
  );
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        page(c, 'Too large', messageBody('That was too much', 'The form sent was too large.'), 413),
    }),
  );

  if (deps.local) app.use(localHostOnly(() => deps.core.baseUrl));

  app.get('/health', (c) => c.json({ ok: true }));
  addActionRoutes(app, deps.actions);
  addLocalRoutes(app, deps);
  if (deps.oauth) addOAuthRoutes(app, deps.oauth);

  app.notFound((c) =>
    page(c, 'Not found', messageBody('Page not found', 'There is nothing at this address.'), 404),
  );
  app.onError((error, c) => {
    if (error instanceof ValidationError)
      return page(c, 'Check the form', messageBody('Check the form', error.message), 400);
    if (error instanceof NotFoundError)
      return page(c, 'Not found', messageBody('Not found', error.message), 404);
    if (error instanceof HTTPException && error.status < 500) {
      const body = h`<h1>Not allowed</h1><p>This request was refused. Use the forms on these pages.</p>`;
      return page(c, 'Not allowed', body, error.status);
    }
    deps.core.log.error('web request failed', {
      path: withoutSecrets(c.req.path),
      error: withoutSecrets(String(error)),
      name: error.name,
    });
    const body = messageBody(
      'Something went wrong',
      'Something failed on our side. Please try again in a minute.',
    );
    return page(c, 'Something went wrong', body, 500);
  });
  return app;
}

/**
 * A signed link's token is a credential for as long as it lives: logs get
 * the route, never the token (`/a/<token>` becomes `/a/…`, in messages too).
 */
export function withoutSecrets(text: string): string {
  return text.replace(/\/a\/[^\s/?#"']+/g, '/a/…');
}
