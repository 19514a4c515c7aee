/**
 * Connecting and disconnecting Outlook with the cloud composition root's
 * parts (`cloudConnectors`, `cloudPush` from `composition-root/oauth.ts`),
 * against the local Microsoft server: connecting opens a Graph subscription
 * whose clientState is the stored channel token (after Graph validated the
 * webhook URLs) and queues the first sync; disconnecting deletes the
 * subscription and forgets the token cache.
 */

import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MicrosoftConfig } from '../../functions/adapters/calendar/microsoft/microsoft-config.js';
import { LocalTokenVault } from '../../functions/adapters/vault/local-token-vault.js';
import { connectOAuthCalendar, disconnectOAuthCalendar } from '../../functions/core/oauth-connections.js';
import type { SyncQueue } from '../../functions/core/ports.js';
import { cloudConnectors, cloudPush } from '../../functions/handlers/composition-root/oauth.js';
import { createWebhookApp } from '../../functions/web/routes/webhook-routes.js';
import { CoreHarness } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';
import { TEST_REDIRECT } from '../support/microsoft-server/connect-outlook.js';
import { MicrosoftServer, TEST_CLIENT } from '../support/microsoft-server/server.js';
import { followAuthorize } from '../support/microsoft-server/sign-in.js';

const dynalite = useDynalite();
const API = 'https://afterview.test';
const EMAIL = 'sam.seeker@mail.test';
const vault = new LocalTokenVault(Buffer.alloc(32, 5));

let server: MicrosoftServer;
let config: MicrosoftConfig;
let h: CoreHarness;
const queued: Array<{ userId: string; connectionId: string; reason: string }> = [];
const queue: SyncQueue = { enqueue: async (request) => void queued.push(request) };
const webhook = new Hono();

beforeAll(async () => {
  // Graph posts to the API's public URL; here the "network" hands those requests to the webhook routes.
  server = await new MicrosoftServer({
    deliver: async (url, init) => {
      const target = new URL(url);
      if (target.origin !== API) throw new Error(`Graph cannot reach ${url}`);
      return webhook.request(target.pathname + target.search, init);
    },
  }).start();
  config = { ...TEST_CLIENT, tenant: 'common', loginBase: server.loginBase, graphBase: server.graphBase };
  server.addAccount({ email: EMAIL });
  h = await CoreHarness.create(dynalite, { start: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
  webhook.route('/webhooks', createWebhookApp({ store: h.store, queue, log: h.log }));
});
afterAll(async () => server?.stop());

describe('Outlook through the cloud OAuth wiring', () => {
  it('offers no Outlook connector or push without an app registration', () => {
    expect(cloudConnectors(undefined, h.log).microsoft).toBeUndefined();
    const push = cloudPush({ google: undefined, vault, baseUrl: API, clock: h.clock });
    expect(push('microsoft')).toBeUndefined();
  });

  it('connect opens a subscription with our clientState; disconnect deletes it and forgets the tokens', async () => {
    const connector = cloudConnectors(undefined, h.log, config).microsoft;
    if (!connector) throw new Error('no Outlook connector');
    server.signInNext(EMAIL);
    const request = await connector.authorize({ redirectUri: TEST_REDIRECT, state: 'state' });
    const back = await followAuthorize(request.url);
    const account = await connector.exchange({
      code: back.searchParams.get('code') ?? '',
      codeVerifier: request.codeVerifier,
      redirectUri: TEST_REDIRECT,
    });
    const push = cloudPush({
      google: undefined,
      vault,
      baseUrl: `${API}/`,
      clock: h.clock,
      microsoft: { config, store: h.store },
    });
    const deps = { store: h.store, clock: h.clock, log: h.log, vault, queue, push };

    const connection = await connectOAuthCalendar(deps, { userId: h.userId, provider: 'microsoft', account });
    const [sub] = server.subscriptions();
    expect(server.subscriptions()).toHaveLength(1);
    expect(sub).toMatchObject({
      id: connection.channelId,
      resource: 'me/events',
      notificationUrl: `${API}/webhooks/microsoft`,
      lifecycleNotificationUrl: `${API}/webhooks/microsoft/lifecycle`,
      clientState: connection.channelToken,
    });
    expect(connection.channelToken).toMatch(new RegExp(`^v1\\.${h.userId}\\.${connection.id}\\.`));
    expect(connection.channelExpiresAt).toBeDefined();
    expect(queued).toEqual([{ userId: h.userId, connectionId: connection.id, reason: 'connected' }]);

    const gone = await disconnectOAuthCalendar(
      { ...deps, scheduler: h.deps.scheduler, revoke: (_p, secret) => connector.revoke(secret) },
      h.userId,
      connection.id,
    );
    expect(server.subscriptions()).toEqual([]);
    expect(gone).toMatchObject({ status: 'deleted' });
    expect(gone?.encryptedRefreshToken).toBeUndefined();
    expect(gone?.channelId).toBeUndefined();
  });
});
