import { describe, expect, it } from 'vitest';
import {
  applicationIdFor,
  contactFor,
  isSystemAddress,
  loadOrNewApplication,
} from '../../functions/core/applications.js';
import type { Application, Interview } from '../../functions/core/model.js';
import type { Store } from '../../functions/core/ports.js';

function app(id: string, company: string, extra: Partial<Application> = {}): Application {
  return { userId: 'u1', id, version: 1, company, status: 'active', statusCheckWaived: false, ...extra };
}

function interview(extra: Partial<Interview>): Interview {
  return {
    userId: 'u1',
    id: 'i1',
    version: 1,
    connectionId: 'c1',
    eventId: 'e1',
    state: 'scheduled',
    title: 'Interview',
    description: '',
    start: '2026-03-04T09:00:00Z',
    end: '2026-03-04T10:00:00Z',
    applicationId: 'acme',
    interviewers: [],
    detection: { interview: true, score: 0.9, reasons: [] },
    firstSeenAt: '2026-03-01T00:00:00Z',
    thankYouWaived: false,
    notes: {},
    ...extra,
  };
}

describe('applicationIdFor', () => {
  it('starts a new application named for the company', () => {
    expect(applicationIdFor({ company: 'Acme Robotics', role: 'Backend' }, [], 'evt-1')).toEqual({
      id: 'acme-robotics',
      company: 'Acme Robotics',
    });
  });

  it('groups later interviews with the same company, however the name is written', () => {
    const existing = [app('acme-robotics', 'Acme Robotics')];
    for (const company of ['Acme Robotics', 'ACME robotics', '  acme  robotics ', 'Acmé Robotics']) {
      expect(applicationIdFor({ company }, existing, 'evt-2').id).toBe('acme-robotics');
    }
    expect(applicationIdFor({ company: 'Acme', role: 'Backend' }, [app('acme', 'Acme')], 'evt-3')).toEqual({
      id: 'acme',
      company: 'Acme',
    });
  });

  it('keeps the stored company spelling for a joined application', () => {
    expect(applicationIdFor({ company: 'ACME' }, [app('acme', 'Acme')], 'evt-2').company).toBe('Acme');
  });

  it('opens a second application when two different roles at one company are both known', () => {
    const existing = [app('acme', 'Acme', { role: 'Backend Engineer' })];
    const frontend = applicationIdFor({ company: 'Acme', role: 'Frontend Engineer' }, existing, 'evt-9');
    expect(frontend.id).not.toBe('acme');
    expect(frontend.id).toMatch(/^acme--frontend-engineer-[A-Za-z0-9_-]{6}$/);
    // The same role again joins its own application.
    const both = [...existing, app(frontend.id, 'Acme', { role: 'Frontend Engineer' })];
    expect(applicationIdFor({ company: 'Acme', role: 'frontend engineer' }, both, 'evt-10').id).toBe(
      frontend.id,
    );
    expect(applicationIdFor({ company: 'Acme', role: 'Backend Engineer' }, both, 'evt-11').id).toBe('acme');
  });

  it('joins the open application when either side does not know the role', () => {
    const withRole = [app('acme', 'Acme', { role: 'Backend Engineer' })];
    expect(applicationIdFor({ company: 'Acme' }, withRole, 'evt-2').id).toBe('acme');
    const withoutRole = [app('acme', 'Acme')];
    expect(applicationIdFor({ company: 'Acme', role: 'Frontend Engineer' }, withoutRole, 'evt-3').id).toBe(
      'acme',
    );
  });

  it('starts a new application after the old one closed', () => {
    const closed = [app('acme', 'Acme', { status: 'closed', outcome: 'rejected' })];
    const next = applicationIdFor({ company: 'Acme' }, closed, 'evt-20');
    expect(next.id).not.toBe('acme');
    expect(next.id.startsWith('acme--')).toBe(true);
    // Two later applications after the closed one differ by the event that started them.
    expect(applicationIdFor({ company: 'Acme' }, closed, 'evt-21').id).not.toBe(next.id);
    // The same event maps to the same id: a retried sync finds its own application.
    expect(applicationIdFor({ company: 'Acme' }, closed, 'evt-20').id).toBe(next.id);
  });

  it('prefers the open application over a closed one with the same company', () => {
    const apps = [app('acme', 'Acme', { status: 'closed' }), app('acme--x-abc123', 'Acme')];
    expect(applicationIdFor({ company: 'Acme' }, apps, 'evt-30').id).toBe('acme--x-abc123');
  });

  it('treats a "heard back" application as still open (the next round joins it)', () => {
    const apps = [app('acme', 'Acme', { status: 'heard-back', outcome: 'next-round' })];
    expect(applicationIdFor({ company: 'Acme' }, apps, 'evt-40').id).toBe('acme');
  });

  it('gives an interview with no known company its own application', () => {
    const one = applicationIdFor({}, [app('acme', 'Acme')], 'evt-1');
    expect(one.id).toMatch(/^solo-/);
    expect(one.company).toBe('');
    expect(applicationIdFor({}, [], 'evt-2').id).not.toBe(one.id);
    expect(applicationIdFor({}, [], 'evt-1').id).toBe(one.id);
  });

  it('keeps other companies apart', () => {
    const apps = [app('acme', 'Acme')];
    expect(applicationIdFor({ company: 'Globex' }, apps, 'evt-1').id).toBe('globex');
  });
});

describe('contactFor', () => {
  it('prefers a human organizer (the recruiter)', () => {
    const interviews = [
      interview({
        organizer: { email: 'rita@acme.test', name: 'Rita' },
        interviewers: [
          { key: 'jane@acme.test', email: 'jane@acme.test', name: 'Jane', fromDescription: false },
        ],
      }),
    ];
    expect(contactFor(interviews)).toEqual({ email: 'rita@acme.test', name: 'Rita' });
  });

  it('skips scheduling-system organizers and falls back to the first interviewer with an address', () => {
    const interviews = [
      interview({
        organizer: { email: 'no-reply@greenhouse.io' },
        interviewers: [
          { key: 'olu', name: 'Olu', fromDescription: true },
          { key: 'jane@acme.test', email: 'jane@acme.test', name: 'Jane', fromDescription: false },
        ],
      }),
    ];
    expect(contactFor(interviews)).toEqual({ email: 'jane@acme.test', name: 'Jane' });
    expect(contactFor([interview({ organizer: { email: 'calendar@acme.test' } })])).toBeUndefined();
  });
});

describe('isSystemAddress', () => {
  it('recognises scheduling tools and no-reply senders, not people', () => {
    for (const address of [
      'noreply@acme.test',
      'do-not-reply@acme.test',
      'notifications@acme.test',
      'someone@calendly.com',
      'x@us.greenhouse.io',
      'jobs@hire.lever.co',
    ]) {
      expect(isSystemAddress(address), address).toBe(true);
    }
    for (const address of [
      'rita@acme.test',
      'jane.doe@greenhouse-partners.test',
      'greenhouse.fan@acme.test',
    ]) {
      expect(isSystemAddress(address), address).toBe(false);
    }
  });
});

describe('loadOrNewApplication', () => {
  const stored = app('acme', 'Acme', { version: 4, role: 'Backend' });
  const store = {
    get: async (kind: string, userId: string, id: string) =>
      kind === 'application' && userId === 'u1' && id === 'acme' ? stored : undefined,
  } as unknown as Store;

  it('returns the stored application', async () => {
    expect(await loadOrNewApplication(store, 'u1', 'acme', 'ACME', undefined)).toBe(stored);
  });

  it('returns a fresh, unsaved (version 0), active application otherwise', async () => {
    expect(await loadOrNewApplication(store, 'u1', 'globex', 'Globex', 'Frontend')).toEqual({
      userId: 'u1',
      id: 'globex',
      version: 0,
      company: 'Globex',
      role: 'Frontend',
      status: 'active',
      statusCheckWaived: false,
    });
  });
});
