/**
 * Sign-in: `/sign-in` mails a link to a listed address (the same answer for
 * any address); `/s/:token` shows one button and the POST signs in and lands
 * on the dashboard; `POST /sign-out` ends the session server-side. Without
 * sign-in (the single-user runner) a mail's link simply opens the dashboard.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { LinkRejectedError, NotFoundError } from '../../core/errors.js';
import { NotAllowedError } from '../../core/users/find-or-create-user.js';
import {
  describeSignInLink,
  LINK_TTL_SECONDS,
  redeemSignInLink,
  requestSignInLink,
} from '../../core/users/sign-in.js';
import { endSession, signedInUser, startSession } from '../auth/sessions.js';
import type { WebDeps } from '../deps.js';
import { readForm, Token } from '../forms.js';
import {
  signedOut,
  signInButton,
  signInForm,
  signInLimited,
  signInRefused,
  signInRejected,
  signInSent,
} from '../pages/sign-in-pages.js';
import { page, type WebContext, type WebEnv } from '../respond.js';
import { renderSignInMail } from '../sign-in-mail.js';

const SignInRequest = z.object({
  email: z
    .string()
    .trim()
    .max(320, { error: 'That address is too long.' })
    .pipe(z.email({ error: 'Enter your email address, like ana@example.com.' })),
});

/** Adds `/sign-in`, `/s/:token` and `/sign-out`. */
export function addSignInRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const policy = deps.signIn;
  if (!policy) {
    // One user, no sign-in: a mail's dashboard link opens the dashboard.
    app.get('/s/:token', (c) => c.redirect('/', 303));
    app.get('/sign-in', (c) => c.redirect('/', 303));
    return;
  }
  const outbox = deps.local?.outbox !== undefined;
  const validMinutes = LINK_TTL_SECONDS['sign-in'] / 60;

  app.get('/sign-in', (c) => {
    if (signedInUser(c)) return c.redirect('/', 303);
    return page(c, 'Sign in', signInForm({ outbox }));
  });

  app.post('/sign-in', async (c) => {
    const submitted = await readForm(c.req);
    const form = SignInRequest.safeParse(submitted);
    if (!form.success) {
      const problem = form.error.issues[0]?.message ?? 'Enter your email address.';
      return page(c, 'Sign in', signInForm({ problem, email: submitted.email?.slice(0, 320), outbox }), 400);
    }
    const client = deps.clientAddress?.(c) ?? 'unknown';
    const outcome = await requestSignInLink(
      { ...deps.core, mailer: policy.mailer },
      { email: form.data.email, client },
      policy,
      renderSignInMail,
    );
    if (outcome === 'limited') return page(c, 'Too many requests', signInLimited(), 429);
    return page(c, 'Check your email', signInSent(form.data.email, validMinutes, outbox));
  });

  app.get('/s/:token', async (c) => {
    const token = Token.safeParse(c.req.param('token'));
    if (!token.success) return rejected(c, 'invalid');
    try {
      const link = await describeSignInLink(deps.core, token.data);
      // Already signed in as this person (a second mail's link): nothing to press.
      if (link.userId !== undefined && signedInUser(c) === link.userId) return c.redirect('/', 303);
      return page(c, 'Sign in', signInButton(link.email, `/s/${encodeURIComponent(token.data)}`));
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.post('/s/:token', async (c) => {
    const token = Token.safeParse(c.req.param('token'));
    if (!token.success) return rejected(c, 'invalid');
    try {
      const userId = await redeemSignInLink(deps.core, token.data, policy);
      await startSession(c, userId);
      return c.redirect('/', 303);
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.post('/sign-out', async (c) => {
    await endSession(c);
    return page(c, 'Signed out', signedOut());
  });
}

function rejected(c: WebContext, reason: LinkRejectedError['reason']): Response {
  const { status, title, body } = signInRejected(reason);
  return page(c, title, body, status);
}

function refusal(c: WebContext, error: unknown): Response {
  if (error instanceof LinkRejectedError) return rejected(c, error.reason);
  if (error instanceof NotAllowedError || error instanceof NotFoundError) {
    return page(c, 'Cannot sign in', signInRefused(), 403);
  }
  throw error;
}
