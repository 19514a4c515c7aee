/**
 * The web app: sign-in, action pages behind signed links, and each person's
 * dashboard, connections, settings and data pages (plus the outbox on the
 * local runner). Server-rendered, escaped by default, one nonce-allowed
 * inline style and script per page, usable without JavaScript.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { requireCsrf, requireSignIn, sessions } from './auth/sessions.js';
import type { WebDeps } from './deps.js';
import { h } from './html.js';
import { localHostOnly } from './local-host.js';
import { addOAuthRoutes } from './oauth/oauth-routes.js';
import { cloudHome } from './pages/data-pages.js';
import { messageBody } from './pages/message-pages.js';
import { page, type WebEnv } from './respond.js';
import { addActionRoutes } from './routes/action-routes.js';
import { addConnectionRoutes } from './routes/connection-routes.js';
import { addDataRoutes } from './routes/data-routes.js';
import { addLocalRoutes, addOutboxRoutes } from './routes/local-routes.js';
import { addSignInRoutes } from './routes/sign-in-routes.js';

export type { ActionPage, ActionResult, ActionsApi, LocalDeps, WebDeps } from './deps.js';

/**
 * What may be used without signing in. Everything else is someone's own page
 * and needs a session (or the single local user): a page added later is
 * protected without anyone remembering to.
 */
const PUBLIC = [
  '/health',
  '/sign-in',
  '/sign-out',
  '/s/',
  '/a/',
  '/outbox',
  '/webhooks/',
  '/connect/',
  '/oauth/',
];

function isPublic(path: string): boolean {
  return PUBLIC.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)));
}

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
        // The draft page's form saves the edit, then redirects to its mailto: link.
        formAction: ["'self'", 'mailto:'],
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
  // Signed action links carry their own proof and take one-click unsubscribes
  // from mail providers; webhooks prove themselves by channel token or
  // clientState. Every other form must come from our own pages.
  app.use('*', async (c, next) => (ownProof(c.req.path) ? next() : csrf()(c, next)));
  addActionRoutes(app, deps.actions);

  const single = deps.local?.userId;
  if (deps.signIn) {
    app.use('*', sessions(deps.core));
    app.use('*', async (c, next) => (ownProof(c.req.path) ? next() : requireCsrf()(c, next)));
  } else if (single !== undefined) {
    app.use('*', async (c, next) => {
      c.set('userId', single);
      c.set('localNav', true);
      await next();
    });
  } else {
    app.get('/', (c) => page(c, 'Afterview', cloudHome()));
  }
  if (deps.local?.outbox) {
    app.use('*', async (c, next) => {
      c.set('outboxNav', true);
      await next();
    });
    addOutboxRoutes(app, deps.local.outbox, deps.core);
  }
  addSignInRoutes(app, deps);
  if (deps.signIn || single !== undefined) {
    app.use('*', async (c, next) => (isPublic(c.req.path) ? next() : requireSignIn()(c, next)));
    addLocalRoutes(app, deps);
    addConnectionRoutes(app, deps);
    addDataRoutes(app, deps);
  }
  // Connecting Google or Outlook; the callback is public: connecting while signed out signs up or in.
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

/** Requests that carry their own proof: a signed action link, or a calendar webhook. */
function ownProof(path: string): boolean {
  return path.startsWith('/a/') || path.startsWith('/webhooks/');
}

/**
 * A signed link's token is a credential for as long as it lives: logs get
 * the route, never the token (`/a/<token>` becomes `/a/…`, in messages too).
 */
export function withoutSecrets(text: string): string {
  return text.replace(/\/([as])\/[^\s/?#"']+/g, '/$1/…');
}
