/**
 * Which calendar adapter serves a connection: one factory per provider, in
 * one table. The cloud's sync function, the local runner and the simulation
 * all resolve connections through `calendarRegistry`, so a provider is added
 * in one place (one line below) and reaches all three.
 */
import { ValidationError } from '../../core/errors.js';
import type { Connection, ProviderName, Settings } from '../../core/model.js';
import type { CalendarProvider, Clock, Log, TokenVault } from '../../core/ports.js';
import { DemoCalendar } from './demo/demo-calendar.js';
import type { GoogleClientConfig } from './google/google-config.js';
import { GoogleCalendarProvider } from './google/google-provider.js';
import { IcsProvider } from './ics/ics-provider.js';
import type { MicrosoftCalendar } from './microsoft/microsoft-calendar.js';

/**
 * What a composition root gives every adapter. A provider that needs more (a
 * token vault, OAuth client settings) adds an optional field here and each
 * composition root that serves it fills it in.
 */
export interface CalendarEnvironment {
  clock: Clock;
  log: Log;
  /**
   * True on one machine (`npm start`): ICS feeds may be files or loopback
   * URLs, and the demo calendar is served. In the cloud a user's feed URL must
   * never reach the function's own network (runtime API) or files.
   */
  local: boolean;
  /**
   * Google's OAuth client and the vault its refresh tokens are in; absent
   * where no Google client is configured (Google connections then fail to
   * sync with a clear error and are retried).
   */
  google?: { config: GoogleClientConfig; vault: TokenVault };
  /** Aborted when the process stops (Ctrl-C): a sync in progress ends at its next page. */
  signal?: AbortSignal;
  /** Outlook, where a Microsoft app is configured (its client, the vault for token caches). */
  microsoft?: MicrosoftCalendar;
}

/** One connection to serve, with its owner's settings and the environment. */
export interface CalendarContext extends CalendarEnvironment {
  connection: Connection;
  settings: Settings;
}

export type CalendarAdapterFactory = (context: CalendarContext) => CalendarProvider;
export type CalendarAdapters = Partial<Record<ProviderName, CalendarAdapterFactory>>;

/** The table: provider → adapter. Microsoft adds its line here. */
export const CALENDAR_ADAPTERS: CalendarAdapters = {
  ics: (c) =>
    new IcsProvider({
      ownerEmail: c.settings.email,
      ownerTimeZone: c.settings.timeZone,
      clock: c.clock,
      log: c.log,
      allowLocalSources: c.local,
      // On one machine every feed is read on a worker thread, so the pages and
      // Ctrl-C stay responsive; a Lambda serves one request at a time.
      ...(c.local ? { offThreadAboveBytes: 0 } : {}),
      ...(c.signal ? { signal: c.signal } : {}),
    }),
  google: (c) => {
    if (!c.google) throw new ValidationError('Google Calendar is not configured here (no OAuth client)');
    return new GoogleCalendarProvider({
      ...c.google,
      // "You" in attendee lists is the connected account, which may differ from the sign-in address.
      owner: { email: c.connection.accountEmail ?? c.settings.email, timeZone: c.settings.timeZone },
      clock: c.clock,
      log: c.log,
    });
  },
  demo: (c) => {
    if (!c.local) throw new ValidationError('the demo calendar is served only by the local runner');
    return new DemoCalendar(
      { email: c.settings.email, timeZone: c.settings.timeZone },
      c.settings.waitingWindowDays,
    );
  },
  microsoft: (c) => {
    if (!c.microsoft)
      throw new ValidationError('Outlook is not configured: no Microsoft app in this deployment');
    return c.microsoft.provider(c.connection, c.settings);
  },
};

/**
 * The `calendars` port of the sync use case. `overrides` replaces entries of
 * the table: the simulation serves its simulated Google service this way.
 */
export function calendarRegistry(
  environment: CalendarEnvironment,
  overrides: CalendarAdapters = {},
): (connection: Connection, settings: Settings) => CalendarProvider {
  const adapters: CalendarAdapters = { ...CALENDAR_ADAPTERS, ...overrides };
  return (connection, settings) => {
    const factory = adapters[connection.provider];
    if (!factory) {
      throw new ValidationError(
        `no calendar adapter for provider "${connection.provider}" in this deployment`,
      );
    }
    return factory({ ...environment, connection, settings });
  };
}
