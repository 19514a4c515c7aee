/**
 * The Outlook parts for one deployment, built from the configuration once:
 * a Graph session per connection (MSAL with its stored token cache), the
 * calendar provider, and the subscription keeper.
 */
import type { Connection, Settings } from '../../../core/model.js';
import type { CalendarProvider, ChannelKeeper, Clock, Log, Store, TokenVault } from '../../../core/ports.js';
import { GraphSession } from './graph-session.js';
import type { MicrosoftConfig } from './microsoft-config.js';
import { MicrosoftProvider } from './microsoft-provider.js';
import { MicrosoftSubscriptions, type SubscriptionDeps } from './microsoft-subscriptions.js';
import { ConnectionSlot } from './token-cache.js';

export interface MicrosoftCalendarDeps {
  config: MicrosoftConfig;
  store: Store;
  vault: TokenVault;
  clock: Clock;
  log: Log;
}

export class MicrosoftCalendar {
  constructor(private readonly deps: MicrosoftCalendarDeps) {}

  session(connection: Connection): GraphSession {
    const { config, store, vault, log } = this.deps;
    return new GraphSession(
      config,
      new ConnectionSlot({ store, vault }, connection),
      connection.calendarId,
      log,
    );
  }

  provider(connection: Connection, settings: Settings): CalendarProvider {
    return new MicrosoftProvider({
      session: this.session(connection),
      owner: { email: settings.email, timeZone: settings.timeZone },
      clock: this.deps.clock,
      log: this.deps.log,
    });
  }

  /** Keeps Graph subscriptions alive (cloud only: Graph cannot reach a laptop). */
  channels(
    options: Pick<SubscriptionDeps, 'notificationUrl' | 'lifecycleNotificationUrl' | 'newClientState'>,
  ): ChannelKeeper {
    const subscriptions = new MicrosoftSubscriptions({
      ...options,
      store: this.deps.store,
      clock: this.deps.clock,
      log: this.deps.log,
    });
    return {
      keep: async (connection) => {
        await subscriptions.ensure(this.session(connection), connection);
      },
      stop: async (connection) => {
        await subscriptions.remove(this.session(connection), connection);
      },
    };
  }
}
