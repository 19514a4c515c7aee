/**
 * How often things happen without a prompt from outside: one source of truth
 * for the stack (the maintenance rule), the core (safety syncs, channel
 * renewals), the local runner and the simulation, so the simulation's figures
 * describe the system as deployed.
 */
export const CADENCE = {
  /** The maintenance rule's period in the cloud. */
  maintenanceMinutes: 5,
  /** ICS feeds have no push: they are polled on every maintenance run. */
  icsPollMinutes: 5,
  /**
   * A push-connected calendar (Google, Microsoft) gets a safety sync only when
   * it has not synced for this long: it catches a lost notification, and a
   * calendar that notifications keep in sync never gets one.
   */
  pushSafetySyncHours: 6,
  /** Channels and subscriptions are renewed when they lapse within this horizon. */
  channelRenewalHorizonHours: 24,
  /** The lifetime asked for a Google channel (Google's documented default and our request: 7 days). */
  googleChannelTtlHours: 7 * 24,
  /** The local runner polls Google and Outlook calendars this often by default (`--poll`). */
  localPollSeconds: 60,
} as const;

export const HOUR_MS = 60 * 60 * 1000;
