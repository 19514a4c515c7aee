/**
 * The polling peer: what the popular automation tools do instead of push.
 * It lists each calendar every five minutes, whether anything changed or
 * not, and notices that an interview ended at its first poll after the end.
 */
export const POLL_INTERVAL_MS = 5 * 60 * 1000;

export interface PeerCalendar {
  /** Offset of this calendar's polls within the interval, ms. */
  phase: number;
  /** Events a full listing returns (pages = ceil(events / pageSize)). */
  windowSize: number;
}

/** Provider calls the peer makes for one calendar over `ms` of time. */
export function peerCalls(calendar: PeerCalendar, ms: number, pageSize: number): number {
  const polls = Math.floor(ms / POLL_INTERVAL_MS);
  return polls * Math.max(1, Math.ceil(calendar.windowSize / pageSize));
}

/** Delay from an interview's end to the peer's first poll after it, ms. */
export function peerDelay(calendar: PeerCalendar, endMs: number): number {
  const since = (((endMs - calendar.phase) % POLL_INTERVAL_MS) + POLL_INTERVAL_MS) % POLL_INTERVAL_MS;
  return since === 0 ? 0 : POLL_INTERVAL_MS - since;
}
