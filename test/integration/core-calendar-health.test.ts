/**
 * A calendar that cannot be read breaks its connection with one mail and
 * says why on the dashboard; one that does not answer backs off (no error,
 * no alarm) and breaks only after days. A flood of prompts is held past the
 * hourly ceiling and merged into one digest, never dropped.
 */
import { describe, expect, it } from 'vitest';
import { loadDashboard } from '../../functions/core/dashboard.js';
import { CalendarUnavailableError, CalendarUnreadableError } from '../../functions/core/errors.js';
import { PROMPTS_PER_HOUR } from '../../functions/core/prompts/ceiling.js';
import { CoreHarness, calendarEvent } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();
const START = '2026-03-11T12:00:00Z';

describe('a calendar that cannot be read', () => {
  it('is broken with one mail, says why on the dashboard, and is not read again', async () => {
    const h = await CoreHarness.create(dynalite, { start: START });
    h.calendar.answer({ error: new CalendarUnreadableError('calendar server feeds.test answered 404') });
    expect((await h.sync()).status).toBe('broken');
    const connection = await h.connection();
    expect(connection).toMatchObject({
      status: 'broken',
      brokenReason: 'calendar server feeds.test answered 404',
    });
    expect(h.mailer.ofKind('connection-broken')).toHaveLength(1);

    const calls = h.calendar.calls.length;
    expect((await h.sync()).status).toBe('skipped');
    expect(h.calendar.calls).toHaveLength(calls);
    expect(h.mailer.ofKind('connection-broken')).toHaveLength(1);

    const dashboard = await loadDashboard(h.deps, h.userId);
    expect(dashboard.calendars).toEqual([
      expect.objectContaining({ status: 'broken', reason: 'calendar server feeds.test answered 404' }),
    ]);
  });
});

describe('a calendar that does not answer', () => {
  it('backs off, doubling, without throwing; a good read clears it', async () => {
    const h = await CoreHarness.create(dynalite, { start: START });
    h.calendar.answer({ error: new CalendarUnavailableError('cannot fetch calendar from feeds.test') });
    expect((await h.sync()).status).toBe('backing-off');
    expect(await h.connection()).toMatchObject({
      status: 'active',
      failures: 1,
      failureReason: 'cannot fetch calendar from feeds.test',
      retryAt: '2026-03-11T12:05:00Z',
    });
    // Before the retry time nothing is asked of the calendar.
    const calls = h.calendar.calls.length;
    h.clock.advance(60_000);
    expect((await h.sync()).status).toBe('backing-off');
    expect(h.calendar.calls).toHaveLength(calls);

    h.clock.set('2026-03-11T12:05:00Z');
    h.calendar.answer({ error: new CalendarUnavailableError('calendar server feeds.test answered 503') });
    expect((await h.sync()).status).toBe('backing-off');
    expect(await h.connection()).toMatchObject({ failures: 2, retryAt: '2026-03-11T12:15:00Z' });
    const dashboard = await loadDashboard(h.deps, h.userId);
    expect(dashboard.calendars[0]).toMatchObject({
      status: 'retrying',
      reason: 'calendar server feeds.test answered 503',
    });

    h.clock.set('2026-03-11T12:15:00Z');
    expect((await h.sync()).status).toBe('synced');
    const cleared = await h.connection();
    expect(cleared.failures).toBeUndefined();
    expect(cleared.retryAt).toBeUndefined();
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('is broken, with one mail, after three days of failures', async () => {
    const h = await CoreHarness.create(dynalite, { start: START });
    let status = '';
    for (let hour = 0; hour <= 80 && status !== 'broken'; hour++) {
      h.clock.set(new Date(Date.parse(START) + hour * 3_600_000).toISOString());
      h.calendar.answer({ error: new CalendarUnavailableError('cannot resolve calendar host feeds.test') });
      status = (await h.sync()).status;
    }
    expect(status).toBe('broken');
    expect((await h.connection()).brokenReason).toMatch(/has not answered for 3 days/);
    expect(h.mailer.ofKind('connection-broken')).toHaveLength(1);
  });
});

describe('the hourly ceiling on prompt mails', () => {
  it('holds the prompts past it and sends them in one digest when the hour has room', async () => {
    const h = await CoreHarness.create(dynalite, { start: START });
    const count = PROMPTS_PER_HOUR + 3;
    const interviews = Array.from({ length: count }, (_, i) =>
      calendarEvent({
        id: `evt-${i}`,
        title: `Interview: Engineer at Company${i}`,
        start: '2026-03-11T10:00:00Z',
        end: '2026-03-11T11:00:00Z',
        people: [{ email: `lead@company${i}.test`, name: `Lead ${i}` }],
      }),
    );
    h.calendar.page(interviews, 'tok-1', true);
    await h.sync();
    await h.runDue();
    expect(h.mailer.ofKind('thank-you')).toHaveLength(PROMPTS_PER_HOUR);
    const prompts = await h.list('prompt');
    expect(prompts.filter((p) => p.state === 'held')).toHaveLength(3);
    // Every interview is covered: none is prompted again.
    expect((await h.list('interview')).every((i) => i.thankYouPromptId)).toBe(true);
    expect((await h.list('task')).filter((t) => t.kind === 'thank-you')).toHaveLength(count);

    // The next sync (a firing may not plan schedules) arms the digest for when the hour has room.
    expect((await h.settings()).promptsHeldSince).toBeDefined();
    await h.advanceTo('2026-03-11T12:30:00Z');
    await h.sync();
    expect(h.mailer.ofKind('digest')).toHaveLength(0);
    await h.advanceTo('2026-03-11T13:00:01Z');
    expect(h.mailer.ofKind('digest')).toHaveLength(1);
    const digest = h.renderer.views.find((view) => view.kind === 'digest')!;
    expect(digest.items).toHaveLength(3);
    expect(digest.subject).toBe('3 more Afterview prompts');
    expect((await h.list('prompt')).filter((p) => p.state === 'held')).toEqual([]);
    expect((await h.settings()).promptsHeldSince).toBeUndefined();
    await h.sync();

    await h.advanceTo('2026-03-11T15:00:00Z');
    expect(h.mailer.sent).toHaveLength(PROMPTS_PER_HOUR + 1);
  });
});
