/** The sealed OAuth state cookie: bound to the browser, the provider and the state, short-lived, single-use. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  type OAuthState,
  STATE_TTL_SECONDS,
  StateCookie,
  safeReturnPath,
} from '../../functions/web/oauth/state-cookie.js';
import { VirtualClock } from '../../sim/fakes/clock.js';

const clock = new VirtualClock('2026-11-25T14:00:00Z');
const SECRET = 'a-secret-of-enough-length-for-tests';
const STATE: OAuthState = {
  state: 'S'.repeat(43),
  codeVerifier: 'v'.repeat(64),
  provider: 'google',
  returnTo: '/settings',
};

/** An app that sets the cookie on /set and opens it on /take. */
function app(cookie = new StateCookie(SECRET, clock)) {
  const hono = new Hono();
  hono.get('/set', async (c) => {
    await cookie.set(c, STATE);
    return c.body(null, 204);
  });
  hono.get('/take', async (c) => {
    const provider = c.req.query('provider') === 'microsoft' ? 'microsoft' : 'google';
    return c.json({ result: await cookie.take(c, provider, c.req.query('state')) });
  });
  return hono;
}

async function issue(base = 'http://localhost', hono = app()): Promise<{ header: string; value: string }> {
  const res = await hono.request(`${base}/set`);
  const header = res.headers.get('set-cookie')!;
  return { header, value: header.split(';')[0]! };
}

async function take(cookie: string | undefined, query: string, hono = app()) {
  const res = await hono.request(`http://localhost/take?${query}`, cookie ? { headers: { cookie } } : {});
  return { body: (await res.json()) as { result: unknown }, setCookie: res.headers.get('set-cookie') };
}

describe('OAuth state cookie', () => {
  it('is HttpOnly, SameSite=Lax, short-lived, and __Host- with Secure over HTTPS', async () => {
    const plain = await issue();
    expect(plain.header).toMatch(/^av-oauth=/);
    expect(plain.header).toMatch(/HttpOnly/);
    expect(plain.header).toMatch(/SameSite=Lax/);
    expect(plain.header).toMatch(new RegExp(`Max-Age=${STATE_TTL_SECONDS}`));
    const secure = await issue('https://afterview.example.com');
    expect(secure.header).toMatch(/^__Host-av-oauth=/);
    expect(secure.header).toMatch(/Secure/);
    expect(secure.header).toMatch(/Path=\//);
  });

  it('keeps the PKCE verifier unreadable in the browser', async () => {
    const { value } = await issue();
    expect(value).not.toContain(STATE.codeVerifier);
    expect(Buffer.from(value.split('=')[1]!.split('.')[0]!, 'base64url').toString()).toContain('A256GCM');
  });

  it('gives back what it bound when the state matches, and clears itself', async () => {
    const { value } = await issue();
    const { body, setCookie } = await take(value, `state=${STATE.state}`);
    expect(body.result).toEqual(STATE);
    expect(setCookie).toMatch(/Max-Age=0/);
  });

  it('refuses a forged state, another provider, a missing or tampered cookie, and one sealed with another key', async () => {
    const { value } = await issue();
    expect((await take(value, 'state=forged')).body.result).toBe('mismatch');
    expect((await take(value, `state=${STATE.state}&provider=microsoft`)).body.result).toBe('mismatch');
    expect((await take(undefined, `state=${STATE.state}`)).body.result).toBe('missing');
    const tampered = `${value.slice(0, -4)}AAAA`;
    expect((await take(tampered, `state=${STATE.state}`)).body.result).toBe('missing');
    const other = await issue(
      'http://localhost',
      app(new StateCookie('another-secret-entirely-here', clock)),
    );
    expect((await take(other.value, `state=${STATE.state}`)).body.result).toBe('missing');
  });

  it('expires after ten minutes', async () => {
    const { value } = await issue();
    clock.advance((STATE_TTL_SECONDS + 1) * 1000);
    expect((await take(value, `state=${STATE.state}`)).body.result).toBe('expired');
  });

  it('returns only to paths on this site', () => {
    expect(safeReturnPath('/settings?x=1')).toBe('/settings?x=1');
    for (const bad of [
      'https://evil.test/',
      '//evil.test',
      '/\\evil.test',
      'javascript:alert(1)',
      undefined,
      '/é',
    ]) {
      expect(safeReturnPath(bad)).toBe('/');
    }
  });
});
