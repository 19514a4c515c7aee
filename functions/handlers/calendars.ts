/** Which calendar adapter serves a connection in the cloud. */
import { IcsProvider } from '../adapters/calendar/ics/ics-provider.js';
import type { MicrosoftCalendar } from '../adapters/calendar/microsoft/microsoft-calendar.js';
import { ValidationError } from '../core/errors.js';
import type { Connection, Settings } from '../core/model.js';
import type { CalendarProvider, Clock, Log } from '../core/ports.js';

export function cloudCalendars(deps: { clock: Clock; log: Log; microsoft?: MicrosoftCalendar }) {
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
    if (connection.provider === 'microsoft' && deps.microsoft) {
      return deps.microsoft.provider(connection, settings);
    }
    // Google connections arrive with their OAuth adapter.
    throw new ValidationError(`no calendar adapter for provider "${connection.provider}" in this deployment`);
  };
}
