/** Settings feed every pending schedule: saving them replans. */
import { describe, expect, it } from 'vitest';
import { saveSettings } from '../../functions/core/settings.js';
import { CoreHarness, calendarEvent } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

const INTERVIEW = calendarEvent({
  id: 'evt-settings',
  start: '2026-03-04T13:00:00Z', // a Wednesday
  end: '2026-03-04T14:00:00Z',
  people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
});

async function setUp() {
  const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
  h.calendar.page([INTERVIEW], 'tok-1', true);
  await h.sync();
  const settings = (await h.deps.store.get('settings', h.userId, h.userId))!;
  const [app] = await h.deps.store.list('application', h.userId);
  return { h, settings, app: app! };
}

describe('saving settings', () => {
  it('moves the pending status check when the waiting window changes', async () => {
    const { h, settings, app } = await setUp();
    expect(app.statusCheckAt).toBeDefined();
    await saveSettings(h.deps, settings, { waitingWindowDays: 10 });
    const moved = (await h.deps.store.get('application', h.userId, app.id))!;
    // 10 business days after Wed 4 March is Wed 18 March, at 09:00 in the user's zone.
    expect(moved.statusCheckAt!.slice(0, 10)).toBe('2026-03-18');
    expect(Date.parse(moved.statusCheckAt!)).toBeGreaterThan(Date.parse(app.statusCheckAt!));
  });

  it('asks for a full listing when the always/never rules change', async () => {
    const { h, settings } = await setUp();
    const [before] = await h.deps.store.list('connection', h.userId);
    expect(before!.syncToken).toBe('tok-1');
    await saveSettings(h.deps, settings, { rules: { always: [], never: ['acme'] } });
    const [after] = await h.deps.store.list('connection', h.userId);
    expect(after!.syncToken).toBeUndefined();
  });
});
