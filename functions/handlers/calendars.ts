/** Which calendar adapter serves a connection in the cloud. */
import type { GoogleClientConfig } from '../adapters/calendar/google/google-config.js';
import { GoogleCalendarProvider } from '../adapters/calendar/google/google-provider.js';
import { IcsProvider } from '../adapters/calendar/ics/ics-provider.js';
import { ValidationError } from '../core/errors.js';
import type { Connection, Settings } from '../core/model.js';
import type { CalendarProvider, Clock, Log, TokenVault } from '../core/ports.js';

export interface CloudCalendarParts {
  clock: Clock;
  log: Log;
  /** Google's client and the vault its refresh tokens are in; absent until the deployer puts the client. */
  google?: { config: GoogleClientConfig; vault: TokenVault };
}

export function cloudCalendars(deps: CloudCalendarParts) {
  return (connection: Connection, settings: Settings): CalendarProvider => {
    if (connection.provider === 'ics') {
      // A user's feed URL must never reach this function's own network (runtime API) or files.
      return new IcsProvider({
        ownerEmail: settings.email,
        ownerTimeZone: settings.timeZone,
        clock: deps.clock,
        log: deps.log,
        allowLocalSources: false,
      });
    }
    if (connection.provider === 'google' && deps.google) {
      return new GoogleCalendarProvider({
        ...deps.google,
        owner: { email: connection.accountEmail ?? settings.email, timeZone: settings.timeZone },
        clock: deps.clock,
        log: deps.log,
      });
    }
    throw new ValidationError(`no calendar adapter for provider "${connection.provider}" in this deployment`);
  };
}
