/**
 * Accounts, sessions, sign-in links and rate limits on the real store
 * (dynalite): what holds across Lambdas holds here.
 */
import { describe, expect, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { LinkRejectedError } from '../../functions/core/errors.js';
import type { MailMessage } from '../../functions/core/model.js';
import type { Deps } from '../../functions/core/ports.js';
import { parseAllowList } from '../../functions/core/users/allow-list.js';
import { findOrCreateAllowedUser, NotAllowedError } from '../../functions/core/users/find-or-create-user.js';
import {
  closeSession,
  csrfMatches,
  openSession,
  readSession,
  SESSION_LIMITS,
} from '../../functions/core/users/sessions.js';
import {
  describeSignInLink,
  openLinkUrl,
  redeemSignInLink,
  requestSignInLink,
  SIGN_IN_LIMITS,
} from '../../functions/core/users/sign-in.js';
import { useDynalite } from '../support/dynalite.js';
import { coreDeps, NOW } from '../support/web-fixtures.js';

const db = useDynalite();
const allowList = parseAllowList('ana@example.com,@team.test');
const policy = { allowList, newUser: { timeZone: 'Europe/Berlin' } };
const render = (view: { to: string; url: string }) => ({
  subject: 'Your sign-in link',
  html: `<a href="${view.url}">Sign in</a>`,
  text: view.url,
});

async function world() {
  const store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
  let now = NOW.getTime();
  const sent: MailMessage[] = [];
  const core: Deps = coreDeps(store, {
    clock: { now: () => new Date(now) },
    mailer: {
      async send(message) {
        sent.push(message);
        return { messageId: String(sent.length) };
      },
    },
  });
  return { store, core, sent, advance: (ms: number) => (now += ms) };
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('findOrCreateAllowedUser', () => {
  it('creates one account per address, found again whatever the case', async () => {
    const { core } = await world();
    const first = await findOrCreateAllowedUser(core, 'Ana@Example.com', allowList, policy.newUser);
    const again = await findOrCreateAllowedUser(core, 'ana@example.com', allowList, policy.newUser);
    expect(first.created).toBe(true);
    expect(again).toEqual({ settings: first.settings, created: false });
    expect(first.settings).toMatchObject({ email: 'ana@example.com', timeZone: 'Europe/Berlin' });
  });

  it('two arrivals at once end with the same account', async () => {
    const { core } = await world();
    const both = await Promise.all([
      findOrCreateAllowedUser(core, 'x@team.test', allowList, policy.newUser),
      findOrCreateAllowedUser(core, 'x@team.test', allowList, policy.newUser),
    ]);
    expect(both[0].settings.userId).toBe(both[1].settings.userId);
    expect(both.filter((b) => b.created)).toHaveLength(1);
  });

  it('refuses an address not on the list and creates nothing', async () => {
    const { core, store } = await world();
    await expect(findOrCreateAllowedUser(core, 'eve@evil.test', allowList, policy.newUser)).rejects.toThrow(
      NotAllowedError,
    );
    expect(await store.findUserByEmail('eve@evil.test')).toBeUndefined();
  });
});

describe('sessions', () => {
  it('a cookie reads back its session until sign-out ends it server-side', async () => {
    const { core } = await world();
    const ticket = await openSession(core, 'u-1');
    expect((await readSession(core, ticket.cookie))?.session.userId).toBe('u-1');
    await closeSession(core, ticket.cookie);
    expect(await readSession(core, ticket.cookie)).toBeUndefined();
  });

  it('a forged or altered cookie names no session', async () => {
    const { core } = await world();
    const ticket = await openSession(core, 'u-1');
    const [user, secret] = ticket.cookie.split('.') as [string, string];
    expect(await readSession(core, `u-2.${secret}`)).toBeUndefined();
    expect(await readSession(core, `${user}.${secret.slice(0, -1)}A`)).toBeUndefined();
    expect(await readSession(core, 'garbage')).toBeUndefined();
    expect(await readSession(core, undefined)).toBeUndefined();
  });

  it('rotates after a while: a new cookie, the old one answers only for the grace', async () => {
    const { core, advance } = await world();
    const ticket = await openSession(core, 'u-1');
    advance(SESSION_LIMITS.rotateAfterMs + 1);
    const read = await readSession(core, ticket.cookie);
    expect(read?.rotated?.cookie).toBeDefined();
    expect(read?.rotated?.cookie).not.toBe(ticket.cookie);
    expect(read?.session.csrf).toBe(ticket.session.csrf);
    // Within the grace the old cookie still answers, without rotating again.
    expect((await readSession(core, ticket.cookie))?.rotated).toBeUndefined();
    advance(SESSION_LIMITS.graceMs + 1);
    expect(await readSession(core, ticket.cookie)).toBeUndefined();
    const fresh = read?.rotated?.cookie ?? '';
    expect((await readSession(core, fresh))?.session.userId).toBe('u-1');
    // A second rotation drops the first session's item altogether.
    advance(SESSION_LIMITS.rotateAfterMs + 1);
    const third = await readSession(core, fresh);
    expect(third?.rotated).toBeDefined();
    expect(await core.store.get('session', 'u-1', ticket.session.id)).toBeUndefined();
    expect(await core.store.list('session', 'u-1')).toHaveLength(2);
    const latest = third?.rotated?.cookie ?? '';
    expect((await readSession(core, latest))?.session.userId).toBe('u-1');
    // Sign-out with the new cookie also ends the one it replaced.
    await closeSession(core, latest);
    expect(await core.store.list('session', 'u-1')).toHaveLength(0);
    await closeSession(core, fresh);
    expect(await readSession(core, fresh)).toBeUndefined();
  });

  it('ends when idle, and at the absolute end however busy', async () => {
    const { core, advance } = await world();
    const idle = await openSession(core, 'u-1');
    advance(SESSION_LIMITS.idleMs + 1);
    expect(await readSession(core, idle.cookie)).toBeUndefined();

    let cookie = (await openSession(core, 'u-1')).cookie;
    for (let spent = 0; spent <= SESSION_LIMITS.absoluteMs; spent += 24 * 60 * 60 * 1000) {
      advance(24 * 60 * 60 * 1000);
      const read = await readSession(core, cookie);
      if (!read) break;
      cookie = read.rotated?.cookie ?? cookie;
    }
    expect(await readSession(core, cookie)).toBeUndefined();
  });

  it('checks the CSRF token of the session in constant time', async () => {
    const { core } = await world();
    const { session } = await openSession(core, 'u-1');
    expect(csrfMatches(session, session.csrf)).toBe(true);
    expect(csrfMatches(session, `${session.csrf}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    const other = await openSession(core, 'u-1');
    expect(csrfMatches(session, other.session.csrf)).toBe(false);
  });
});

describe('sign-in links', () => {
  it('mails a link to a listed address; the link signs in once and creates the account', async () => {
    const { core, sent, store } = await world();
    expect(
      await requestSignInLink(core, { email: 'Ana@Example.com', client: '10.0.0.1' }, policy, render),
    ).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe('ana@example.com');
    const token = tokenOf(sent[0]?.text ?? '');
    expect(await describeSignInLink(core, token)).toEqual({ email: 'ana@example.com' });
    // Looking at the link changed nothing.
    expect(await store.findUserByEmail('ana@example.com')).toBeUndefined();
    const userId = await redeemSignInLink(core, token, policy);
    expect((await store.findUserByEmail('ana@example.com'))?.userId).toBe(userId);
    await expect(redeemSignInLink(core, token, policy)).rejects.toMatchObject({ reason: 'used' });
  });

  it('sends nothing to an address not on the list, and says the same', async () => {
    const { core, sent } = await world();
    expect(
      await requestSignInLink(core, { email: 'eve@evil.test', client: '10.0.0.1' }, policy, render),
    ).toBe('ignored');
    expect(
      await requestSignInLink(core, { email: 'not an address', client: '10.0.0.1' }, policy, render),
    ).toBe('ignored');
    expect(sent).toHaveLength(0);
  });

  it('expires', async () => {
    const { core, sent, advance } = await world();
    await requestSignInLink(core, { email: 'ana@example.com', client: 'c' }, policy, render);
    advance(16 * 60 * 1000);
    const token = tokenOf(sent[0]?.text ?? '');
    await expect(redeemSignInLink(core, token, policy)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('refuses a link whose address left the allow-list', async () => {
    const { core, sent } = await world();
    await requestSignInLink(core, { email: 'ana@example.com', client: 'c' }, policy, render);
    const token = tokenOf(sent[0]?.text ?? '');
    const narrower = { ...policy, allowList: parseAllowList('@team.test') };
    await expect(redeemSignInLink(core, token, narrower)).rejects.toThrow(NotAllowedError);
  });

  it('a prompt mail link opens an existing account; an action link is no sign-in link', async () => {
    const { core } = await world();
    const { settings } = await findOrCreateAllowedUser(core, 'x@team.test', allowList, policy.newUser);
    const url = await openLinkUrl(core, settings.userId);
    expect(await describeSignInLink(core, tokenOf(url))).toEqual({
      email: 'x@team.test',
      userId: settings.userId,
    });
    expect(await redeemSignInLink(core, tokenOf(url), policy)).toBe(settings.userId);
    const action = await core.links.sign(
      { p: 'pause', u: settings.userId, t: settings.userId, n: 'n1' },
      60,
      NOW,
    );
    await expect(redeemSignInLink(core, action, policy)).rejects.toThrow(LinkRejectedError);
  });

  it('limits per address and per client, the same for listed and unlisted addresses', async () => {
    const { core, sent } = await world();
    const ask = (email: string, client: string) => requestSignInLink(core, { email, client }, policy, render);
    for (let i = 0; i < SIGN_IN_LIMITS.address.limit; i++)
      expect(await ask('ana@example.com', `c${i}`)).toBe('sent');
    expect(await ask('ana@example.com', 'another')).toBe('limited');
    for (let i = 0; i < SIGN_IN_LIMITS.address.limit; i++)
      expect(await ask('eve@evil.test', `d${i}`)).toBe('ignored');
    expect(await ask('eve@evil.test', 'another')).toBe('limited');
    expect(sent).toHaveLength(SIGN_IN_LIMITS.address.limit);

    for (let i = 0; i < SIGN_IN_LIMITS.client.limit; i++) await ask(`p${i}@team.test`, 'one-client');
    expect(await ask('fresh@team.test', 'one-client')).toBe('limited');
  });
});
