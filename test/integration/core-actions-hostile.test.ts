/**
 * Actions under pressure: a link is spent only with a successful action;
 * many different links on one application at once all succeed; every form
 * is checked in full before anything is written, with sentences; notes are
 * bounded and only for people in the interview.
 */
import { describe, expect, it } from 'vitest';
import { LinkRejectedError, ValidationError } from '../../functions/core/errors.js';
import { actionUrl } from '../../functions/core/prompts/action-links.js';
import { saveSettings } from '../../functions/core/settings.js';
import { CoreHarness, calendarEvent, tokenOf } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

const INTERVIEW = calendarEvent({
  id: 'evt-1',
  start: '2026-03-04T13:00:00Z',
  end: '2026-03-04T14:00:00Z',
  people: [
    { email: 'jane@acmerobotics.com', name: 'Jane Doe' },
    { email: 'olu@acmerobotics.com', name: 'Olu Adeyemi' },
  ],
});

/** A user right after the thank-you prompt: one application, one interview, open tasks. */
async function world() {
  const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
  h.calendar.page([INTERVIEW], 'tok-1', true);
  await h.sync();
  await h.advanceTo('2026-03-04T14:00:00Z');
  const [app] = await h.list('application');
  const [interview] = await h.list('interview');
  const tasks = await h.list('task');
  const link = async (purpose: Parameters<typeof actionUrl>[1], id: string) =>
    tokenOf(await actionUrl(h.deps, purpose, h.userId, id));
  return { h, app: app!, interview: interview!, tasks, link };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the action to fail');
}

describe('a link is spent only with a successful action', () => {
  it('stays usable after a form that does not validate, and is spent after the action', async () => {
    const { h, app, link } = await world();
    const token = await link('timeline', app.id);
    const before = await h.snapshot();
    const tooLong = await failure(h.actions.perform(token, { amount: '100', unit: 'weeks' }));
    expect(tooLong).toBeInstanceOf(ValidationError);
    expect(tooLong.message).toBe('That wait is longer than a year. Enter at most 365 days or 52 weeks.');
    expect(await h.snapshot()).toBe(before);

    const result = await h.actions.perform(token, { amount: '2', unit: 'weeks' });
    expect(result.title).toBe('Timeline saved');
    const again = await failure(h.actions.perform(token, { amount: '3', unit: 'weeks' }));
    expect(again).toBeInstanceOf(LinkRejectedError);
    expect((await h.raw.get('application', h.userId, app.id))?.timeline).toEqual({ kind: 'days', days: 10 });
  });

  it('one link posted twenty times at once: exactly one success', async () => {
    const { h, tasks, link } = await world();
    const token = await link('snooze', tasks[0]!.id);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => h.actions.perform(token, {})));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LinkRejectedError);
    }
  });
});

describe('many different links on one application at once', () => {
  it('all succeed: timelines, notes and snoozes posted together', async () => {
    const { h, app, interview, tasks, link } = await world();
    const posts: Array<Promise<unknown>> = [];
    for (let i = 0; i < 15; i++) {
      posts.push(h.actions.perform(await link('timeline', app.id), { amount: String(i + 1), unit: 'days' }));
      posts.push(
        h.actions.perform(await link('notes', interview.id), { 'note:jane@acmerobotics.com': `note ${i}` }),
      );
    }
    for (const task of tasks) posts.push(h.actions.perform(await link('snooze', task.id), {}));
    const results = await Promise.allSettled(posts);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const saved = await h.raw.get('interview', h.userId, interview.id);
    expect(saved?.notes['jane@acmerobotics.com']).toMatch(/^note \d+$/);
  });
});

describe('forms are checked in full before anything is written', () => {
  it('refuses a timeline date more than a year away or in the past, and settings still save after', async () => {
    const { h, app, link } = await world();
    const token = await link('timeline', app.id);
    const before = await h.snapshot();
    const far = await failure(h.actions.perform(token, { date: '9999-12-31' }));
    expect(far.message).toBe('That date is more than a year away. Pick a date within the next year.');
    const past = await failure(h.actions.perform(token, { date: '2026-03-01' }));
    expect(past.message).toBe('That date has passed. Pick today or a later date.');
    const garbage = await failure(h.actions.perform(token, { date: '2026-02-30' }));
    expect(garbage.message).toBe('Enter the date as a calendar date, like 2026-03-17.');
    const letters = await failure(h.actions.perform(token, { amount: 'ten', unit: 'days' }));
    expect(letters.message).toBe('Enter how long they asked you to wait as a number, like 5.');
    expect(await h.snapshot()).toBe(before);
    await saveSettings(h.deps, await h.settings(), { waitingWindowDays: 7 });
    expect((await h.settings()).waitingWindowDays).toBe(7);
    expect((await h.actions.perform(token, { date: '2026-03-20' })).title).toBe('Timeline saved');
  });

  it('notes: only for people in the interview, bounded, never a prototype key', async () => {
    const { h, interview, link } = await world();
    const token = await link('notes', interview.id);
    const before = await h.snapshot();
    const stranger = await failure(h.actions.perform(token, { 'note:mallory@evil.test': 'x' }));
    expect(stranger.message).toBe(
      'One of the notes is for someone who is not in this interview. Reload the page and try again.',
    );
    for (const key of ['note:__proto__', 'note:constructor', 'note:prototype']) {
      const error = await failure(h.actions.perform(token, { [key]: 'x' }));
      expect(error).toBeInstanceOf(ValidationError);
    }
    const long = await failure(h.actions.perform(token, { 'note:jane@acmerobotics.com': 'x'.repeat(2_001) }));
    expect(long.message).toBe('Notes are limited to 2,000 characters each.');
    expect(await h.snapshot()).toBe(before);

    const saved = await h.actions.perform(token, {
      notes: 'Great team',
      'note:jane@acmerobotics.com': 'Asked about robots',
      'note:olu@acmerobotics.com': 'Talked about Lagos',
    });
    expect(saved.title).toBe('Notes saved');
    const stored = await h.raw.get('interview', h.userId, interview.id);
    expect(stored?.notes).toEqual({
      'jane@acmerobotics.com': 'Asked about robots',
      'olu@acmerobotics.com': 'Talked about Lagos',
    });
    expect(stored?.privateNotes).toBe('Great team'); // the overall note is private
  });

  it('notes stored for no one by an older version are dropped at the next save', async () => {
    const { h, interview, link } = await world();
    const polluted = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`ghost-${i}`, 'y'.repeat(1_990)]),
    );
    await h.raw.put('interview', { ...interview, notes: polluted });
    const token = await link('notes', interview.id);
    await h.actions.perform(token, { 'note:jane@acmerobotics.com': 'Hello' });
    expect((await h.raw.get('interview', h.userId, interview.id))?.notes).toEqual({
      'jane@acmerobotics.com': 'Hello',
    });
  });
});
