/**
 * Signed action links: `GET /a/:token` shows a page with one button and
 * changes nothing (mail scanners prefetch GETs); `POST /a/:token` acts. The
 * same POST accepts RFC 8058 one-click unsubscribe bodies.
 */
import type { Hono } from 'hono';
import { LinkRejectedError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { ActionsApi } from '../deps.js';
import { ActionForm, firstProblem, readForm, Token } from '../forms.js';
import { actionDone, actionForm, type FormValues } from '../pages/action-pages.js';
import { linkRejected, messageBody } from '../pages/message-pages.js';
import { page, type WebContext, type WebEnv } from '../respond.js';

/** Adds the `/a/:token` routes. */
export function addActionRoutes(app: Hono<WebEnv>, actions: ActionsApi): void {
  app.get('/a/:token', async (c) => {
    const token = Token.safeParse(c.req.param('token'));
    if (!token.success) return rejected(c, new LinkRejectedError('invalid'));
    return showForm(c, actions, token.data);
  });

  app.post('/a/:token', async (c) => {
    const token = Token.safeParse(c.req.param('token'));
    if (!token.success) return rejected(c, new LinkRejectedError('invalid'));
    const submitted = await readForm(c.req);
    const form = ActionForm.safeParse(submitted);
    if (!form.success) return showForm(c, actions, token.data, submitted, firstProblem(form.error));
    try {
      const result = await actions.perform(token.data, definedOnly(form.data));
      // The edited draft opens in the mail app; the edit page stays where it is.
      if (result.redirect) return c.redirect(result.redirect, 303);
      return page(c, result.title, actionDone(result));
    } catch (error) {
      if (error instanceof LinkRejectedError) return rejected(c, error);
      if (error instanceof NotFoundError) return gone(c, error);
      if (error instanceof ValidationError) return showForm(c, actions, token.data, submitted, error.message);
      throw error;
    }
  });
}

/** The page for a link; with `problem`, shown again with the form's values (400). */
async function showForm(
  c: WebContext,
  actions: ActionsApi,
  token: string,
  values?: FormValues,
  problem?: string,
): Promise<Response> {
  try {
    const action = await actions.describe(token);
    const body = actionForm(action, `/a/${encodeURIComponent(token)}`, values, problem);
    return page(c, action.title, body, problem ? 400 : 200);
  } catch (error) {
    if (error instanceof LinkRejectedError) return rejected(c, error);
    if (error instanceof NotFoundError) return gone(c, error);
    throw error;
  }
}

/** What the link points at is gone (deleted, swept); the core's message says what. */
function gone(c: WebContext, error: NotFoundError): Response {
  return page(c, 'No longer here', messageBody('No longer here', error.message), 404);
}

function rejected(c: WebContext, error: LinkRejectedError): Response {
  const { status, title, body } = linkRejected(error.reason);
  return page(c, title, body, status);
}

function definedOnly(form: ActionForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (typeof value === 'string') out[key] = value;
  return out;
}
