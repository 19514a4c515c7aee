/**
 * Graph change notifications for one Outlook connection: a subscription on
 * `me/events` that Graph keeps for just under 7 days. `ensure` renews it
 * (PATCH) or, when Graph no longer has it, creates a new one with a fresh
 * `clientState`; `remove` deletes it. Graph checks both URLs with its
 * validation handshake before it answers the create.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Connection } from '../../../core/model.js';
import type { Clock, Log, Store } from '../../../core/ports.js';
import { retryOnConflict } from '../../../core/retry.js';
import { toInstant } from '../../../core/timing.js';
import type { GraphSession } from './graph-session.js';

/** Outlook resources allow 10,080 minutes; asking a little less leaves room for clock skew. */
export const SUBSCRIPTION_LIFETIME_MS = 10_000 * 60_000;

const SubscriptionResponse = z.object({ id: z.string().min(1), expirationDateTime: z.string() });

export interface SubscriptionDeps {
  store: Store;
  clock: Clock;
  log: Log;
  /** Where Graph posts change and lifecycle notifications. */
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  /** A new secret in the webhook's form, naming the connection. */
  newClientState(connection: Connection): string;
}

export class MicrosoftSubscriptions {
  constructor(private readonly deps: SubscriptionDeps) {}

  /** Renews the connection's subscription, or creates one; stores what Graph answered. */
  async ensure(session: GraphSession, connection: Connection): Promise<Connection> {
    const expirationDateTime = toInstant(
      new Date(this.deps.clock.now().getTime() + SUBSCRIPTION_LIFETIME_MS),
    );
    if (connection.channelId) {
      try {
        const renewed = SubscriptionResponse.parse(
          await session.client
            .api(`/subscriptions/${encodeURIComponent(connection.channelId)}`)
            .patch({ expirationDateTime }),
        );
        return this.#save(connection, {
          channelId: renewed.id,
          channelExpiresAt: instant(renewed.expirationDateTime),
        });
      } catch (error) {
        if (!(error instanceof GraphError && error.statusCode === 404)) throw session.mapError(error);
        this.deps.log.info('Graph subscription gone; creating a new one', { connectionId: connection.id });
      }
    }
    const clientState = this.deps.newClientState(connection);
    let created: z.infer<typeof SubscriptionResponse>;
    try {
      created = SubscriptionResponse.parse(
        await session.client.api('/subscriptions').post({
          changeType: 'created,updated,deleted',
          notificationUrl: this.deps.notificationUrl,
          lifecycleNotificationUrl: this.deps.lifecycleNotificationUrl,
          resource: 'me/events',
          expirationDateTime,
          clientState,
        }),
      );
    } catch (error) {
      throw session.mapError(error);
    }
    return this.#save(connection, {
      channelId: created.id,
      channelToken: clientState,
      channelExpiresAt: instant(created.expirationDateTime),
    });
  }

  /** Deletes the subscription (already gone is fine) and forgets it. */
  async remove(session: GraphSession, connection: Connection): Promise<void> {
    if (!connection.channelId) return;
    try {
      await session.client.api(`/subscriptions/${encodeURIComponent(connection.channelId)}`).delete();
    } catch (error) {
      if (!(error instanceof GraphError && error.statusCode === 404)) throw session.mapError(error);
    }
  }

  async #save(connection: Connection, fields: Partial<Connection>): Promise<Connection> {
    return retryOnConflict(async () => {
      const fresh = await this.deps.store.get('connection', connection.userId, connection.id);
      if (!fresh) throw new Error(`connection ${connection.id} vanished while renewing its subscription`);
      return this.deps.store.put('connection', { ...fresh, ...fields });
    });
  }
}

function instant(value: string): string {
  return toInstant(new Date(value));
}
