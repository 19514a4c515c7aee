import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../functions/web/format.js';

const NOW = new Date('2026-03-02T10:00:00Z');

describe('formatInstant', () => {
  it('shows the time in the zone with one label: its short name', () => {
    expect(formatInstant('2026-03-03T13:00:00Z', 'Europe/Berlin', NOW)).toBe('Tue 3 Mar, 14:00 CET');
  });

  it('follows daylight saving time', () => {
    expect(formatInstant('2026-07-07T12:00:00Z', 'Europe/Berlin', NOW)).toBe('Tue 7 Jul, 14:00 CEST');
    expect(formatInstant('2026-07-07T12:00:00Z', 'America/New_York', NOW)).toBe('Tue 7 Jul, 08:00 EDT');
  });

  it('falls back to the IANA name for zones without a short name', () => {
    expect(formatInstant('2026-03-03T13:00:00Z', 'Asia/Kolkata', NOW)).toBe('Tue 3 Mar, 18:30 Asia/Kolkata');
  });

  it('adds the year when it is not the current one', () => {
    expect(formatInstant('2025-12-30T09:00:00Z', 'UTC', NOW)).toBe('Tue 30 Dec 2025, 09:00 UTC');
  });

  it('uses UTC for an unknown zone rather than failing', () => {
    expect(formatInstant('2026-03-03T13:00:00Z', 'Not/AZone', NOW)).toBe('Tue 3 Mar, 13:00 UTC');
  });
});
