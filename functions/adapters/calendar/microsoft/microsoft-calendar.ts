/**
 * The Outlook parts for one deployment, built from the configuration once:
 * a Graph session per connection (MSAL with its stored token cache) and the
 * calendar provider.
 */
import type { Connection, Settings } from '../../../core/model.js';
import type { CalendarProvider, Clock, Log, Store, TokenVault } from '../../../core/ports.js';
import { connectionSession, type GraphSession } from './graph-session.js';
import type { MicrosoftConfig } from './microsoft-config.js';
import { MicrosoftProvider } from './microsoft-provider.js';

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
    return connectionSession(this.deps, connection);
  }

  provider(connection: Connection, settings: Settings): CalendarProvider {
    return new MicrosoftProvider({
      session: this.session(connection),
      owner: { email: settings.email, timeZone: settings.timeZone },
      clock: this.deps.clock,
      log: this.deps.log,
    });
  }
}
