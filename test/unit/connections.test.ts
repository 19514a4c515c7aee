import { describe, expect, it } from 'vitest';
import {
  connectIcsCalendar,
  disconnectCalendar,
  listConnections,
  reconnectCalendar,
} from '../../functions/core/connections.js';
import { NotFoundError, ValidationError } from '../../functions/core/errors.js';
import { MemoryStore } from '../../sim/fakes/memory-store.js';

function world() {
  const store = new MemoryStore();
  const queued: string[] = [];
  const queue = {
    async enqueue(request: { connectionId: string; reason: string }) {
      queued.push(`${request.reason}:${request.connectionId}`);
    },
  };
  return { store, queue, queued, deps: { store, queue } };
}

describe('calendar connections', () => {
  it('connects a webcal address as https, once, and asks for a first read', async () => {
    const { deps, queued, store } = world();
    const first = await connectIcsCalendar(deps, 'u1', ' webcal://cal.example/me.ics ');
    const again = await connectIcsCalendar(deps, 'u1', 'webcal://cal.example/me.ics');
    expect(first.calendarId).toBe('https://cal.example/me.ics');
    expect(again).toEqual(first);
    expect(await store.list('connection', 'u1')).toHaveLength(1);
    expect(queued).toEqual([`connected:${first.id}`, `connected:${first.id}`]);
  });

  it.each([
    '',
    'javascript:alert(1)',
    'file:///etc/passwd',
    '/etc/passwd',
    'ftp://x.test/a.ics',
    `https://x.test/${'a'.repeat(2100)}`,
  ])('refuses %j and stores nothing', async (address) => {
    const { deps, store } = world();
    await expect(connectIcsCalendar(deps, 'u1', address)).rejects.toThrow(ValidationError);
    expect(await store.list('connection', 'u1')).toEqual([]);
  });

  it('reconnects a broken feed for a full read, and sends Google and Outlook back to their sign-in', async () => {
    const { deps, store } = world();
    const ics = await connectIcsCalendar(deps, 'u1', 'https://cal.example/me.ics');
    await store.put('connection', {
      ...ics,
      status: 'broken',
      brokenReason: 'HTTP 410',
      syncToken: 'etag',
      failures: 3,
      failingSince: '2026-03-02T10:00:00Z',
      failureReason: 'HTTP 503',
      retryAt: '2026-03-02T11:00:00Z',
    });
    const back = await reconnectCalendar(deps, 'u1', ics.id);
    expect(back).toMatchObject({ status: 'active' });
    expect(back.syncToken).toBeUndefined();
    expect(back.brokenReason).toBeUndefined();
    expect(back.failures).toBeUndefined();
    expect(back.retryAt).toBeUndefined();

    await store.put('connection', {
      userId: 'u1',
      id: 'google-1',
      version: 0,
      provider: 'google',
      calendarId: 'primary',
      status: 'broken',
    });
    await expect(reconnectCalendar(deps, 'u1', 'google-1')).rejects.toThrow(/signing in with it again/);
  });

  it('disconnects: the calendar is no longer listed or read, its credentials are gone', async () => {
    const { deps, store } = world();
    await store.put('connection', {
      userId: 'u1',
      id: 'google-1',
      version: 0,
      provider: 'google',
      calendarId: 'primary',
      status: 'active',
      encryptedRefreshToken: 'cipher',
      channelId: 'ch',
      channelToken: 'tok',
      channelExpiresAt: '2026-03-09T10:00:00Z',
    });
    await disconnectCalendar(deps, 'u1', 'google-1');
    const stored = await store.get('connection', 'u1', 'google-1');
    expect(stored?.status).toBe('deleted');
    expect(stored?.encryptedRefreshToken).toBeUndefined();
    expect(stored?.channelExpiresAt).toBeUndefined();
    expect(await listConnections(deps, 'u1')).toEqual([]);
  });

  it('finds only the user’s own connections: another user’s id is not connected', async () => {
    const { deps, store } = world();
    const theirs = await connectIcsCalendar(deps, 'u1', 'https://cal.example/me.ics');
    await expect(disconnectCalendar(deps, 'u2', theirs.id)).rejects.toThrow(NotFoundError);
    await expect(reconnectCalendar(deps, 'u2', theirs.id)).rejects.toThrow(NotFoundError);
    expect((await store.get('connection', 'u1', theirs.id))?.status).toBe('active');
  });
});
