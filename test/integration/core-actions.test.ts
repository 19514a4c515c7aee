/**
 * Invariant 5 through the core: `describe` (what GET shows) changes nothing;
 * `perform` (POST) acts once; a replay, a forged, a foreign or an expired
 * link is rejected and changes nothing.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../../functions/adapters/links/hmac-signer.js';
import { createActions } from '../../functions/core/actions.js';
import { LinkRejectedError, ValidationError } from '../../functions/core/errors.js';
import type { PromptView } from '../../functions/core/ports.js';
import { actionUrl } from '../../functions/core/prompts/action-links.js';
import { CoreHarness, calendarEvent, LINK_SECRET, linkIn, tokenOf } from '../support/core-harness.js';
import { useDynalite } from '../support/dynalite.js';

const dynalite = useDynalite();

const INTERVIEW = calendarEvent({
  id: 'evt-1',
  start: '2026-03-04T13:00:00Z',
  end: '2026-03-04T14:00:00Z',
  people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
  description: "You'll meet: Olu Adeyemi",
});

async function rejection(promise: Promise<unknown>): Promise<LinkRejectedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LinkRejectedError) return error;
    throw error;
  }
  throw new Error('expected a LinkRejectedError');
}

/** A user right after the thank-you prompt of one interview. */
async function afterThankYou(): Promise<{ h: CoreHarness; view: PromptView }> {
  const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
  h.calendar.page([INTERVIEW], 'tok-1', true);
  await h.sync();
  await h.advanceTo('2026-03-04T14:00:00Z');
  const view = h.renderer.ofKind('thank-you')[0];
  if (!view) throw new Error('no thank-you prompt');
  return { h, view };
}

/** Every link of a view: prompt actions, item actions and draft pages. */
function allLinks(view: PromptView): string[] {
  return [
    ...view.actions.map((a) => a.url),
    ...view.items.flatMap((i) => [
      ...i.actions.map((a) => a.url),
      ...(i.draft?.editUrl ? [i.draft.editUrl] : []),
    ]),
  ];
}

describe('action links', () => {
  let h: CoreHarness;
  let view: PromptView;
  beforeAll(async () => {
    ({ h, view } = await afterThankYou());
  });

  it('describes every link of a prompt (what GET shows) without changing anything', async () => {
    const links = allLinks(view);
    expect(links.length).toBeGreaterThanOrEqual(9);
    const before = await h.snapshot();
    const writes = h.store.writes;
    for (const url of links) {
      const page = await h.actions.describe(tokenOf(url));
      expect(page.button.length, url).toBeGreaterThan(0);
    }
    expect(h.store.writes).toBe(writes);
    expect(await h.snapshot()).toBe(before);
  });

  it('acts on POST once; the replay is rejected as used and changes nothing', async () => {
    const janeItem = view.items.findIndex((i) => i.draft?.toName === 'Jane Doe');
    const token = tokenOf(linkIn(view, 'Mark as sent', janeItem).url);
    // A GET (or a mail scanner's prefetch) first: it must not burn the link.
    await h.actions.describe(token);
    const result = await h.actions.perform(token, {});
    expect(result.title).toBe('Marked as sent');
    const task = (await h.list('task')).find(
      (t) => t.kind === 'thank-you' && t.interviewer?.name === 'Jane Doe',
    );
    expect(task?.state).toBe('done');
    expect(task?.doneAt).toBe('2026-03-04T14:00:00Z');

    const before = await h.snapshot();
    expect((await rejection(h.actions.perform(token, {}))).reason).toBe('used');
    expect(await h.snapshot()).toBe(before);
  });

  it('rejects a forged token (tampered signature or claims) and changes nothing', async () => {
    const token = tokenOf(linkIn(view, 'I heard back').url);
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    const before = await h.snapshot();
    expect(
      (await rejection(h.actions.perform(`${header}.${payload}.${flipped}`, { outcome: 'offer' }))).reason,
    ).toBe('invalid');
    // Claims rewritten to point at another target, signature kept.
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const other = Buffer.from(JSON.stringify({ ...claims, t: 'someone-else' })).toString('base64url');
    expect(
      (await rejection(h.actions.perform(`${header}.${other}.${signature}`, { outcome: 'offer' }))).reason,
    ).toBe('invalid');
    expect((await rejection(h.actions.describe('not-a-token'))).reason).toBe('invalid');
    expect(await h.snapshot()).toBe(before);
    // The genuine link was not burned by the forgeries.
    expect((await h.actions.perform(token, { outcome: 'next-round' })).title).toBe('On to the next round');
  });

  it('rejects a link signed with another key, or with claims that are not an action', async () => {
    const before = await h.snapshot();
    const foreign = new HmacLinkSigner('another-deployment-secret-of-32-bytes!!');
    const forged = await foreign.sign({ p: 'pause', u: h.userId, t: h.userId, n: 'x1' }, 3600, h.clock.now());
    expect((await rejection(h.actions.perform(forged, {}))).reason).toBe('invalid');
    const ours = new HmacLinkSigner(LINK_SECRET);
    const wrongShape = await ours.sign(
      { p: 'delete-everything', u: h.userId, t: h.userId, n: 'x2' },
      3600,
      h.clock.now(),
    );
    expect((await rejection(h.actions.perform(wrongShape, {}))).reason).toBe('invalid');
    // An unsigned token ("alg": "none") is never accepted.
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ p: 'pause', u: h.userId, t: h.userId, n: 'x3', exp: 4102444800 }),
    ).toString('base64url')}.`;
    expect((await rejection(h.actions.perform(none, {}))).reason).toBe('invalid');
    // Nor one signed with our key but without an expiry.
    const noExp = await new SignJWT({ p: 'pause', u: h.userId, t: h.userId, n: 'x4' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(LINK_SECRET));
    expect((await rejection(h.actions.perform(noExp, {}))).reason).toBe('invalid');
    expect(await h.snapshot()).toBe(before);
    expect((await h.settings()).paused).toBe(false);
  });

  it('validates the form before using the link: a bad form leaves the link usable', async () => {
    const { h: fresh, view: freshView } = await afterThankYou();
    const token = tokenOf(linkIn(freshView, /They said/).url);
    const before = await fresh.snapshot();
    await expect(fresh.actions.perform(token, { amount: 'soon' })).rejects.toBeInstanceOf(ValidationError);
    await expect(fresh.actions.perform(token, {})).rejects.toBeInstanceOf(ValidationError);
    expect(await fresh.snapshot()).toBe(before);
    expect((await fresh.actions.perform(token, { amount: '3', unit: 'days' })).title).toBe('Timeline saved');
    expect((await fresh.list('application'))[0]?.timeline).toEqual({ kind: 'days', days: 3 });
  });

  it('lets a draft link be used again and again: each POST saves the edit and goes to its mailto', async () => {
    const url = view.items.find((i) => i.draft?.editUrl)!.draft!.editUrl!;
    const first = await h.actions.perform(tokenOf(url), { subject: 'Thanks', body: 'Hi Jane,\nFirst try' });
    const second = await h.actions.perform(tokenOf(url), { subject: 'Thanks', body: 'Hi Jane,\nSecond try' });
    expect(first.redirect).toContain('First%20try');
    expect(second.redirect).toContain('Second%20try');
    expect(second.redirect).toMatch(
      /^mailto:jane@acmerobotics\.com\?subject=Thanks&body=Hi%20Jane%2C%0D%0ASecond%20try$/,
    );
    // The page shows the saved edit from now on.
    const page = await h.actions.describe(tokenOf(url));
    expect(page.draft?.body).toBe('Hi Jane,\nSecond try');
    expect(page.draft?.editedAt).toBeDefined();
    await expect(h.actions.perform(tokenOf(url), { subject: 'Thanks', body: '   ' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('expired links', () => {
  it('rejects an expired link on GET and POST and changes nothing', async () => {
    const { h, view } = await afterThankYou();
    const token = tokenOf(linkIn(view, 'Mark as sent', 0).url);
    // "Mark as sent" links live 30 days.
    h.clock.advance(31 * 24 * 60 * 60 * 1000);
    const before = await h.snapshot();
    expect((await rejection(h.actions.describe(token))).reason).toBe('expired');
    expect((await rejection(h.actions.perform(token, {}))).reason).toBe('expired');
    expect(await h.snapshot()).toBe(before);
    expect((await h.list('task')).every((t) => t.state === 'open')).toBe(true);
  });

  it('keeps a link valid until its expiry', async () => {
    const { h, view } = await afterThankYou();
    const token = tokenOf(linkIn(view, 'Mark as sent', 0).url);
    h.clock.advance(29 * 24 * 60 * 60 * 1000);
    expect((await h.actions.perform(token, {})).title).toBe('Marked as sent');
  });
});

describe('links of one user never act for another', () => {
  it('rejects a link whose user no longer exists', async () => {
    const { h, view } = await afterThankYou();
    const token = tokenOf(view.unsubscribeUrl);
    await h.raw.deleteUser(h.userId);
    const actions = createActions(h.deps);
    expect((await rejection(actions.perform(token, {}))).reason).toBe('invalid');
  });
});

describe('the ask-for-addresses item', () => {
  it('closes every ask-address task of the application with one "Done"', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: false });
    const panel = calendarEvent({
      id: 'evt-panel',
      start: '2026-03-04T13:00:00Z',
      end: '2026-03-04T14:00:00Z',
      people: [{ email: 'jane@acmerobotics.com', name: 'Jane Doe' }],
      description: "You'll meet: Olu Adeyemi, Mira Patel",
    });
    h.calendar.page([panel], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T14:00:00Z');
    const view = h.renderer.ofKind('thank-you')[0]!;
    const askItem = view.items.findIndex((i) => /missing addresses/.test(i.heading));
    const openAsks = async () =>
      (await h.deps.store.list('task', h.userId)).filter(
        (t) => t.kind === 'ask-address' && t.state === 'open',
      );
    expect(await openAsks()).toHaveLength(2);
    await h.actions.perform(tokenOf(linkIn(view, 'Done', askItem).url), {});
    expect(await openAsks()).toHaveLength(0);
  });
});

describe('not an interview, then undo', () => {
  it('dismissing cancels the thank-you; "track" brings it back, once', async () => {
    const h = await CoreHarness.create(dynalite, { start: '2026-03-02T08:00:00Z', prepEnabled: true });
    h.calendar.page([INTERVIEW], 'tok-1', true);
    await h.sync();
    await h.advanceTo('2026-03-04T12:00:00Z'); // the prep prompt, an hour before
    const prep = h.renderer.ofKind('prep')[0]!;
    const dismissed = await h.actions.perform(tokenOf(linkIn(prep, 'Not an interview').url), {});
    await h.advanceTo('2026-03-04T14:30:00Z');
    expect(h.renderer.ofKind('thank-you')).toHaveLength(0);
    const undo = dismissed.links?.find((l) => /undo/i.test(l.label));
    expect(undo).toBeDefined();
    await h.actions.perform(tokenOf(undo!.url), {});
    await h.advanceTo('2026-03-04T14:35:00Z');
    expect(h.renderer.ofKind('thank-you')).toHaveLength(1);
    await h.advanceTo('2026-03-05T14:35:00Z');
    expect(h.renderer.ofKind('thank-you')).toHaveLength(1);
  });
});

describe('remind me tomorrow', () => {
  it('on a thank-you task moves only the task, never the status check', async () => {
    const { h, view } = await afterThankYou();
    const [appBefore] = await h.deps.store.list('application', h.userId);
    const jane = (await h.deps.store.list('task', h.userId)).find((t) => t.interviewer?.name === 'Jane Doe')!;
    const result = await h.actions.perform(tokenOf(await actionUrl(h.deps, 'snooze', h.userId, jane.id)), {});
    expect(result.title).toMatch(/tomorrow/i);
    const [appAfter] = await h.deps.store.list('application', h.userId);
    expect(appAfter!.statusCheckAt).toBe(appBefore!.statusCheckAt);
    expect(appAfter!.timeline).toBeUndefined();
    const moved = (await h.deps.store.get('task', h.userId, jane.id))!;
    // Wed 4 March 14:00 UTC -> Thu 5 March 09:00 Berlin (08:00 UTC).
    expect(moved.dueAt).toBe('2026-03-05T08:00:00Z');
    expect(view.kind).toBe('thank-you');
  });
});
