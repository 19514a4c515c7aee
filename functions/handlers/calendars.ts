/** Which calendar adapter serves a connection in the cloud. */
import { IcsProvider } from '../adapters/calendar/ics/ics-provider.js';
import { ValidationError } from '../core/errors.js';
import type { Connection, Settings } from '../core/model.js';
import type { CalendarProvider, Clock, Log } from '../core/ports.js';

export function cloudCalendars(deps: { clock: Clock; log: Log }) {
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
    // Google and Microsoft connections arrive with their OAuth adapters.
    throw new ValidationError(`no calendar adapter for provider "${connection.provider}" in this deployment`);
  };
}
