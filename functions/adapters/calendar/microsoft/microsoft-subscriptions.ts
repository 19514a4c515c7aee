/**
 * Graph change notifications for Outlook connections (the shared
 * `PushChannels` shape, plus `renew`): a subscription on `me/events` that
 * Graph keeps for just under 7 days. `open` creates one whose notifications
 * carry the given `clientState` (Graph first checks both URLs with its
 * validation handshake), `renew` extends one by PATCH, `close` deletes one.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Connection } from '../../../core/model.js';
import type { ChannelKeeper, Clock, Log, Store, TokenVault } from '../../../core/ports.js';
import { retryOnConflict } from '../../../core/retry.js';
import { toInstant } from '../../../core/timing.js';
import { connectionSession, type GraphSession } from './graph-session.js';
import type { MicrosoftConfig } from './microsoft-config.js';

/** Outlook resources allow 10,080 minutes; asking a little less leaves room for clock skew. */
export const SUBSCRIPTION_LIFETIME_MS = 10_000 * 60_000;

const SubscriptionResponse = z.object({ id: z.string().min(1), expirationDateTime: z.string() });

export interface OpenedSubscription {
  channelId: string;
  expiresAt: string;
}

export interface SubscriptionDeps {
  config: MicrosoftConfig;
  store: Store;
  vault: TokenVault;
  clock: Clock;
  log: Log;
  /** Where Graph posts change notifications (`<API>/webhooks/microsoft`) and lifecycle ones. */
  notificationUrl: string;
  lifecycleNotificationUrl: string;
}

export class MicrosoftSubscriptions {
  constructor(private readonly deps: SubscriptionDeps) {}

  /** Creates a subscription whose notifications carry `clientState`. */
  async open(connection: Connection, clientState: string): Promise<OpenedSubscription> {
    const session = this.#session(connection);
    try {
      const created = SubscriptionResponse.parse(
        await session.client.api('/subscriptions').post({
          changeType: 'created,updated,deleted',
          notificationUrl: this.deps.notificationUrl,
          lifecycleNotificationUrl: this.deps.lifecycleNotificationUrl,
          resource: 'me/events',
          expirationDateTime: this.#expiry(),
          clientState,
        }),
      );
      return { channelId: created.id, expiresAt: toInstant(new Date(created.expirationDateTime)) };
    } catch (error) {
      throw session.mapError(error);
    }
  }

  /** Extends the connection's subscription; undefined when Graph no longer has it. */
  async renew(connection: Connection): Promise<OpenedSubscription | undefined> {
    if (!connection.channelId) return undefined;
    const session = this.#session(connection);
    try {
      const renewed = SubscriptionResponse.parse(
        await session.client
          .api(`/subscriptions/${encodeURIComponent(connection.channelId)}`)
          .patch({ expirationDateTime: this.#expiry() }),
      );
      return { channelId: renewed.id, expiresAt: toInstant(new Date(renewed.expirationDateTime)) };
    } catch (error) {
      if (error instanceof GraphError && error.statusCode === 404) return undefined;
      throw session.mapError(error);
    }
  }

  /** Deletes a subscription; one Graph no longer has is fine. */
  async close(connection: Connection, channel: { channelId: string }): Promise<void> {
    const session = this.#session(connection);
    try {
      await session.client.api(`/subscriptions/${encodeURIComponent(channel.channelId)}`).delete();
    } catch (error) {
      if (!(error instanceof GraphError && error.statusCode === 404)) throw session.mapError(error);
    }
  }

  #session(connection: Connection): GraphSession {
    return connectionSession(this.deps, connection);
  }

  #expiry(): string {
    return toInstant(new Date(this.deps.clock.now().getTime() + SUBSCRIPTION_LIFETIME_MS));
  }
}

/**
 * Keeps a connection's subscription: renewed while Graph has it, else a new
 * one with a fresh clientState (cloud only: Graph cannot reach a laptop).
 */
export function subscriptionKeeper(
  deps: SubscriptionDeps & { newClientState(connection: Connection): string },
): ChannelKeeper {
  const subscriptions = new MicrosoftSubscriptions(deps);
  const save = (connection: Connection, fields: Partial<Connection>) =>
    retryOnConflict(async () => {
      const fresh = await deps.store.get('connection', connection.userId, connection.id);
      if (!fresh) throw new Error(`connection ${connection.id} vanished while renewing its subscription`);
      return deps.store.put('connection', { ...fresh, ...fields });
    });
  return {
    keep: async (connection) => {
      const renewed = await subscriptions.renew(connection);
      if (renewed) {
        await save(connection, { channelExpiresAt: renewed.expiresAt });
        return;
      }
      if (connection.channelId)
        deps.log.info('Graph subscription gone; creating a new one', { connectionId: connection.id });
      const clientState = deps.newClientState(connection);
      const opened = await subscriptions.open(connection, clientState);
      await save(connection, {
        channelId: opened.channelId,
        channelToken: clientState,
        channelExpiresAt: opened.expiresAt,
      });
    },
    stop: async (connection) => {
      if (connection.channelId) await subscriptions.close(connection, { channelId: connection.channelId });
    },
  };
}
