/**
 * `/connections`: the signed-in person's calendars. Every route reads the
 * user from the session; an id in the URL only ever names one of their own
 * connections (the store is keyed by user), so another person's id is "not
 * connected".
 */
import type { Hono } from 'hono';
import {
  connectIcsCalendar,
  disconnectCalendar,
  listConnections,
  reconnectCalendar,
} from '../../core/connections.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { currentUser } from '../auth/sessions.js';
import type { WebDeps } from '../deps.js';
import { readForm } from '../forms.js';
import { connectionsPage } from '../pages/connections-page.js';
import { page, type WebContext, type WebEnv } from '../respond.js';

const NOTICES: Record<string, { kind: 'ok' | 'error'; text: string }> = {
  connected: {
    kind: 'ok',
    text: 'Connected. Afterview is reading the calendar now; interviews show up on the dashboard.',
  },
  reconnected: { kind: 'ok', text: 'Reconnected. Afterview reads the calendar again from the start.' },
  disconnected: {
    kind: 'ok',
    text: 'Disconnected. Afterview no longer reads that calendar; the interviews it found stay.',
  },
};

export function addConnectionRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  // Google and Outlook connect through `web/oauth/` when their client is configured here.
  const providers = {
    google: deps.oauth?.connectors.google !== undefined,
    microsoft: deps.oauth?.connectors.microsoft !== undefined,
  };
  const show = async (
    c: WebContext,
    notice?: { kind: 'ok' | 'error'; text: string },
    address?: string,
    status: 200 | 400 | 404 = 200,
  ) => {
    const userId = currentUser(c);
    const [connections, settings] = await Promise.all([
      listConnections(deps.core, userId),
      deps.core.store.get('settings', userId, userId),
    ]);
    const body = connectionsPage({
      connections,
      zone: settings?.timeZone ?? 'UTC',
      now: deps.core.clock.now(),
      providers,
      ...(notice ? { notice } : {}),
      ...(address !== undefined ? { address } : {}),
    });
    return page(c, 'Connections', body, status);
  };

  app.get('/connections', (c) => show(c, NOTICES[c.req.query('done') ?? '']));

  app.post('/connections/ics', async (c) => {
    const address = (await readForm(c.req)).address ?? '';
    try {
      await connectIcsCalendar({ store: deps.core.store, queue: deps.queue }, currentUser(c), address);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return show(c, { kind: 'error', text: error.message }, address.slice(0, 2048), 400);
    }
    return c.redirect('/connections?done=connected', 303);
  });

  app.post('/connections/:id/reconnect', async (c) => {
    try {
      await reconnectCalendar(
        { store: deps.core.store, queue: deps.queue },
        currentUser(c),
        c.req.param('id'),
      );
    } catch (error) {
      return problem(c, error, show);
    }
    return c.redirect('/connections?done=reconnected', 303);
  });

  app.post('/connections/:id/disconnect', async (c) => {
    try {
      await disconnectCalendar(deps.core, currentUser(c), c.req.param('id'));
    } catch (error) {
      return problem(c, error, show);
    }
    return c.redirect('/connections?done=disconnected', 303);
  });
}

function problem(
  c: WebContext,
  error: unknown,
  show: (
    c: WebContext,
    notice: { kind: 'error'; text: string },
    address: undefined,
    status: 400 | 404,
  ) => Promise<Response>,
): Promise<Response> {
  if (error instanceof NotFoundError) return show(c, { kind: 'error', text: error.message }, undefined, 404);
  if (error instanceof ValidationError)
    return show(c, { kind: 'error', text: error.message }, undefined, 400);
  throw error;
}
