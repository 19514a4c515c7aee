/**
 * Builders and typed fakes for the web tests: real-shaped entities, core
 * `Deps` over a given store, and a recording `ActionsApi`.
 */

import { HmacLinkSigner } from '../../functions/adapters/links/hmac-signer.js';
import {
  type Application,
  defaultSettings,
  type Interview,
  type ScheduleRequest,
  type Settings,
  type Task,
} from '../../functions/core/model.js';
import type { Deps, Log, Store } from '../../functions/core/ports.js';
import type { ActionPage, ActionResult, ActionsApi } from '../../functions/web/deps.js';
import { PromptMailRenderer } from '../../functions/web/prompt-mail.js';

/** Calendar text that would run script if it were ever not escaped. */
export const HOSTILE = `<img src=x onerror="window.__pwned=1"></style><script>window.__pwned=2</script>"'&`;

export const USER = 'user-1';
export const NOW = new Date('2026-03-02T10:00:00Z');

export function settings(over: Partial<Settings> = {}): Settings {
  return defaultSettings(
    {
      userId: USER,
      email: 'sam.lee@example.com',
      timeZone: 'Europe/Berlin',
      createdAt: '2026-02-01T09:00:00Z',
    },
    over,
  );
}

export function application(over: Partial<Application> = {}): Application {
  return {
    userId: USER,
    id: 'app-acme',
    version: 0,
    company: 'Acme',
    role: 'Backend Engineer',
    status: 'active',
    statusCheckWaived: false,
    contact: { name: 'Riley Recruiter', email: 'riley@acme.example' },
    ...over,
  };
}

export function interview(over: Partial<Interview> = {}): Interview {
  return {
    userId: USER,
    id: 'int-1',
    version: 0,
    connectionId: 'conn-1',
    eventId: 'evt-1',
    state: 'scheduled',
    title: 'Acme — Backend Engineer onsite',
    description: '',
    start: '2026-03-03T13:00:00Z',
    end: '2026-03-03T14:00:00Z',
    company: 'Acme',
    role: 'Backend Engineer',
    applicationId: 'app-acme',
    interviewers: [
      { key: 'jane@acme.example', name: 'Jane Doe', email: 'jane@acme.example', fromDescription: false },
      { key: 'bo-li', name: 'Bo Li', fromDescription: true },
    ],
    detection: { interview: true, score: 0.95, company: 'Acme', reasons: ["title mentions 'onsite'"] },
    firstSeenAt: '2026-02-20T08:00:00Z',
    thankYouWaived: false,
    notes: {},
    ...over,
  };
}

export function task(over: Partial<Task> = {}): Task {
  return {
    userId: USER,
    id: 'task-1',
    version: 0,
    kind: 'thank-you',
    applicationId: 'app-acme',
    interviewId: 'int-1',
    interviewer: {
      key: 'jane@acme.example',
      name: 'Jane Doe',
      email: 'jane@acme.example',
      fromDescription: false,
    },
    state: 'open',
    dueAt: '2026-03-03T14:00:00Z',
    createdAt: '2026-03-03T14:00:00Z',
    ...over,
  };
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** A log that remembers what it was told (to check that internals stay out of pages). */
export function recordingLog(): Log & { lines: Array<{ message: string; extra?: Record<string, unknown> }> } {
  const lines: Array<{ message: string; extra?: Record<string, unknown> }> = [];
  const push = (message: string, extra?: Record<string, unknown>) => {
    lines.push({ message, ...(extra ? { extra } : {}) });
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

/** Core dependencies over `store`, with a fixed clock and counting ids. */
export function coreDeps(store: Store, over: Partial<Deps> = {}): Deps & { schedules: ScheduleRequest[] } {
  let n = 0;
  const schedules: ScheduleRequest[] = [];
  return {
    store,
    scheduler: {
      async upsert(request) {
        schedules.push(request);
      },
      async cancel() {},
    },
    mailer: {
      async send() {
        throw new Error('the web app never sends mail');
      },
    },
    renderer: new PromptMailRenderer(),
    clock: { now: () => NOW },
    ids: { next: () => `id${String(++n).padStart(6, '0')}` },
    links: new HmacLinkSigner('a-test-secret-of-at-least-32-bytes!!'),
    baseUrl: 'http://afterview.test',
    log: silentLog,
    schedules,
    ...over,
  };
}

/** An `ActionsApi` whose answers the test sets, recording every call. */
export class FakeActions implements ActionsApi {
  describeCalls: string[] = [];
  performCalls: Array<{ token: string; form: Record<string, string> }> = [];
  page: ActionPage = {
    title: 'Mark as sent',
    description: 'Mark the thank-you to Jane Doe as done.',
    button: 'Yes, it is sent',
    fields: [],
    facts: [{ label: 'Task', value: 'thank-you – Jane Doe' }],
  };
  result: ActionResult = { title: 'Marked as sent', message: 'Nice work.' };
  describeError: Error | undefined;
  performError: Error | undefined;

  async describe(token: string): Promise<ActionPage> {
    this.describeCalls.push(token);
    if (this.describeError) throw this.describeError;
    return this.page;
  }

  async perform(token: string, form: Record<string, string>): Promise<ActionResult> {
    this.performCalls.push({ token, form });
    if (this.performError) throw this.performError;
    return this.result;
  }
}

/** A `Store` that must not be touched (action-route tests go through `ActionsApi`). */
export const untouchableStore: Store = new Proxy({} as Store, {
  get(_target, name) {
    return () => {
      throw new Error(`store.${String(name)} was called`);
    };
  },
});
