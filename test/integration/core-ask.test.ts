/**
 * The ask tier through the core: an unsure event gets one question after it
 * ends; Yes starts the thank-you flow, No is remembered; both become learned
 * rules that decide the same kind of event next time.
 */
import { describe, expect, it } from 'vitest';
import { detectInterview } from '../../functions/core/detection/detection.js';
import { CoreHarness, calendarEvent, linkIn, tokenOf } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

/** Unsure: a coffee with someone at a company, "the role" in passing. */
function coffee(id: string, day: string, organizer = 'dana@bluekite.io') {
  return calendarEvent({
    id,
    title: 'Coffee with Dana',
    start: `${day}T13:00:00Z`,
    end: `${day}T14:00:00Z`,
    organizer: { email: organizer, name: 'Dana Park' },
    people: [{ email: organizer, name: 'Dana Park' }],
    description: 'Happy to tell you more about the role.',
  });
}

async function askedAbout(event = coffee('evt-ask', '2026-03-04')) {
  const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: true });
  h.calendar.page([event], 'tok-1', true);
  await h.sync();
  await h.advanceTo('2026-03-04T14:05:00Z');
  return h;
}

describe('the ask tier', () => {
  it('asks once after the event ends, with no prep and no thank-you before the answer', async () => {
    const h = await askedAbout();
    expect(h.renderer.ofKind('prep')).toHaveLength(0);
    expect(h.renderer.ofKind('thank-you')).toHaveLength(0);
    const asks = h.renderer.ofKind('ask');
    expect(asks).toHaveLength(1);
    expect(asks[0]!.subject).toBe("Was 'Coffee with Dana' an interview?");
    await h.advanceTo('2026-03-06T14:05:00Z');
    expect(h.renderer.ofKind('ask')).toHaveLength(1);
  });

  it('Yes: GET only describes, POST starts the thank-you flow and learns the domain', async () => {
    const h = await askedAbout();
    const yes = tokenOf(linkIn(h.renderer.ofKind('ask')[0]!, /^Yes/).url);
    const page = await h.actions.describe(yes);
    expect(page.button).toMatch(/interview/i);
    await h.advanceTo('2026-03-04T14:10:00Z');
    expect(h.renderer.ofKind('thank-you')).toHaveLength(0);
    await h.actions.perform(yes, {});
    await h.advanceTo('2026-03-04T14:15:00Z');
    expect(h.renderer.ofKind('thank-you')).toHaveLength(1);
    const learned = (await h.settings()).rules.learned ?? [];
    expect(learned).toMatchObject([{ kind: 'domain', value: 'bluekite.io', verdict: 'interview' }]);

    // The same kind of event is an interview next time.
    const owner = { email: 'sam.seeker@mail.test', timeZone: 'Europe/Berlin' };
    const next = detectInterview(coffee('evt-next', '2026-03-11'), owner, (await h.settings()).rules);
    expect(next.decision).toBe('interview');
  });

  it('No: remembered, never thanked, and the same kind of event is not asked about again', async () => {
    const h = await askedAbout();
    const no = tokenOf(linkIn(h.renderer.ofKind('ask')[0]!, 'No').url);
    await h.actions.perform(no, {});
    await h.advanceTo('2026-03-05T14:05:00Z');
    expect(h.renderer.ofKind('thank-you')).toHaveLength(0);
    expect((await h.settings()).rules.learned).toMatchObject([{ kind: 'domain', verdict: 'not-interview' }]);
    h.calendar.page([coffee('evt-next', '2026-03-11')], 'tok-2');
    await h.sync();
    await h.advanceTo('2026-03-11T14:05:00Z');
    expect(h.renderer.ofKind('ask')).toHaveLength(1);
  });
});
