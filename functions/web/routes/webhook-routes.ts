/**
 * Push notifications from Google (channels) and Microsoft Graph
 * (subscriptions). They only say "something changed": we verify the shared
 * secret we set when the channel or subscription was made, enqueue a sync,
 * and answer at once. A wrong token or clientState is rejected and changes
 * nothing (invariant 7).
 */
import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Connection } from '../../core/model.js';
import { channelSecret } from '../../core/oauth-connections.js';
import type { LinkSigner, Log, Store, SyncQueue } from '../../core/ports.js';

export interface WebhookDeps {
  store: Pick<Store, 'get'>;
  queue: SyncQueue;
  links?: LinkSigner;
  log: Log;
}

/** Channel tokens and clientStates: `v1.<userId>.<connectionId>.<secret>`. */
const ChannelSecret = z
  .string()
  .max(256)
  .regex(/^v1\.[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,80}\.[A-Za-z0-9_-]{16,100}$/);

export { channelSecret };

function sameSecret(a: string, b: string | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The connection a secret names, if the secret matches the one we stored. */
async function verifySecret(
  deps: WebhookDeps,
  secret: string,
  channelId?: string,
): Promise<Connection | undefined> {
  const parsed = ChannelSecret.safeParse(secret);
  if (!parsed.success) return undefined;
  const [, userId, connectionId] = parsed.data.split('.');
  const connection = await deps.store.get('connection', userId!, connectionId!);
  if (connection?.status !== 'active' || !sameSecret(secret, connection.channelToken)) return undefined;
  if (channelId !== undefined && connection.channelId !== channelId) return undefined;
  return connection;
}

const GoogleHeaders = z.object({
  'x-goog-channel-id': z.string().min(1).max(256),
  'x-goog-channel-token': z.string().min(1).max(256),
  'x-goog-resource-state': z.enum(['sync', 'exists', 'not_exists']),
  'x-goog-message-number': z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});

const GraphNotification = z.object({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(256).optional(),
  changeType: z.string().max(100).optional(),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']).optional(),
});
/** Lowest to highest: what one sync of a calendar is for when a batch says several things. */
const REASON_RANK = [
  'graph:change',
  'graph:missed',
  'graph:reauthorizationRequired',
  'graph:subscriptionRemoved',
];
const GraphBody = z.object({ value: z.array(z.unknown()).min(1).max(1000) });

export function createWebhookApp(deps: WebhookDeps): Hono {
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('payload too large', 413) }));

  app.post('/google', async (c) => {
    const headers = GoogleHeaders.safeParse(Object.fromEntries(c.req.raw.headers));
    if (!headers.success) return c.text('missing or malformed channel headers', 400);
    const h = headers.data;
    const connection = await verifySecret(deps, h['x-goog-channel-token'], h['x-goog-channel-id']);
    if (!connection) return c.text('unknown channel', 403);
    // "sync" is the handshake Google sends when a channel starts: nothing changed yet.
    if (h['x-goog-resource-state'] !== 'sync') {
      await deps.queue.enqueue({
        userId: connection.userId,
        connectionId: connection.id,
        reason: `google:${h['x-goog-message-number'] ?? ''}`,
      });
    }
    return c.body(null, 200);
  });

  // Change notifications and lifecycle notifications (reauthorizationRequired,
  // subscriptionRemoved, missed) share one handler; each becomes a sync whose
  // reason tells the sync handler to renew or re-create the subscription.
  const microsoft = async (c: Context) => {
    const validationToken = c.req.query('validationToken');
    if (validationToken !== undefined) {
      // Graph's handshake: echo the token as plain text within 10 seconds.
      if (validationToken.length > 1024) return c.text('validation token too long', 400);
      return c.text(validationToken, 200, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      });
    }
    const body = GraphBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.text('expected a Graph change notification collection', 400);
    // A batch for one calendar becomes one sync; a lifecycle event outranks plain changes.
    const syncs = new Map<string, { connection: Connection; reason: string }>();
    for (const item of body.data.value) {
      const note = GraphNotification.safeParse(item);
      if (!note.success || !note.data.clientState) continue;
      const connection = await verifySecret(deps, note.data.clientState);
      if (!connection || connection.channelId !== note.data.subscriptionId) continue;
      const reason = `graph:${note.data.lifecycleEvent ?? 'change'}`;
      const key = `${connection.userId}/${connection.id}`;
      const known = syncs.get(key);
      if (!known || REASON_RANK.indexOf(reason) > REASON_RANK.indexOf(known.reason)) {
        syncs.set(key, { connection, reason });
      }
    }
    if (syncs.size === 0) return c.text('no notification with a valid clientState', 403);
    for (const { connection, reason } of syncs.values()) {
      await deps.queue.enqueue({ userId: connection.userId, connectionId: connection.id, reason });
    }
    return c.body(null, 202);
  };
  app.post('/microsoft', microsoft);
  app.post('/microsoft/lifecycle', microsoft);

  app.notFound((c) => c.text('not found', 404));
  app.onError((error, c) => {
    deps.log.error('webhook failed', { error: String(error) });
    return c.text('temporarily unavailable', 503);
  });
  return app;
}
