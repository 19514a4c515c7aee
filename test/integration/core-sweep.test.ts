/** Least data: closed applications are swept after a year, with what belongs to them. */
import { describe, expect, it } from 'vitest';
import { SLOT_PREFIX } from '../../functions/core/prompts/ceiling.js';
import { sweepClosedApplications } from '../../functions/core/sweep.js';
import { CoreHarness, calendarEvent } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

describe('sweeping closed applications', () => {
  it('keeps them for a year, then deletes the application, its interviews, tasks and prompts', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    const interview = calendarEvent({
      id: 'evt-sweep',
      start: '2026-03-04T13:00:00Z',
      end: '2026-03-04T14:00:00Z',
      people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
    });
    h.calendar.page([interview], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T14:05:00Z');
    const [app] = await h.deps.store.list('application', h.userId);
    await h.deps.store.put('application', {
      ...app!,
      status: 'closed',
      outcome: 'rejected',
      closedAt: '2026-03-10T10:00:00Z',
    });
    const count = async () =>
      (
        await Promise.all(
          (['application', 'interview', 'task', 'prompt'] as const).map((k) =>
            h.deps.store.list(k, h.userId),
          ),
        )
      ).map((items) => items.filter((item) => !item.id.startsWith(SLOT_PREFIX)).length);
    const slots = async () =>
      (await h.deps.store.list('prompt', h.userId)).filter((p) => p.id.startsWith(SLOT_PREFIX)).length;
    const before = await count();
    expect(before.every((n) => n > 0)).toBe(true);
    expect(await slots()).toBe(1); // the thank-you mail took this hour's first slot

    await h.advanceTo('2027-03-01T10:00:00Z');
    expect(await sweepClosedApplications(h.deps, h.userId)).toBe(0);
    expect(await count()).toEqual(before);
    expect(await slots()).toBe(0); // past hours' mail slots are swept a day later

    await h.advanceTo('2027-03-11T10:00:00Z');
    expect(await sweepClosedApplications(h.deps, h.userId)).toBe(1);
    expect(await count()).toEqual([0, 0, 0, 0]);
    expect(await h.deps.store.get('settings', h.userId, h.userId)).toBeDefined();
  });
});
