import { describe, expect, it } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { loadDashboard, nextPromptFor } from '../../functions/core/dashboard.js';
import { useDynalite } from '../support/dynalite.js';
import { application, interview, NOW, settings, task, USER } from '../support/web-fixtures.js';
import { seed } from '../support/web-world.js';

const now = NOW.toISOString();

describe('nextPromptFor', () => {
  it('is the prep prompt before an upcoming interview', () => {
    expect(nextPromptFor(application(), [interview()], settings(), now)).toEqual({
      kind: 'prep',
      at: '2026-03-03T12:00:00.000Z',
      interviewId: 'int-1',
    });
  });

  it('is the thank-you when prep is off', () => {
    expect(nextPromptFor(application(), [interview()], settings({ prepEnabled: false }), now)).toEqual({
      kind: 'thank-you',
      at: '2026-03-03T14:00:00Z',
      interviewId: 'int-1',
    });
  });

  it('is the status check once the interviews are past and thanked', () => {
    const past = interview({
      start: '2026-02-20T09:00:00Z',
      end: '2026-02-20T10:00:00Z',
      thankYouPromptId: 'p1',
    });
    const app = application({ statusCheckAt: '2026-03-04T08:00:00Z' });
    expect(nextPromptFor(app, [past], settings(), now)).toEqual({
      kind: 'status-check',
      at: '2026-03-04T08:00:00Z',
    });
  });

  it('skips interviews that do not count: cancelled, dismissed, or not detected', () => {
    const app = application();
    for (const i of [
      interview({ state: 'cancelled' }),
      interview({ override: 'not-interview' }),
      interview({ detection: { interview: false, score: 0.1, reasons: [] } }),
    ]) {
      expect(nextPromptFor(app, [i], settings(), now)).toBeUndefined();
    }
    const forced = interview({
      detection: { interview: false, score: 0.1, reasons: [] },
      override: 'interview',
    });
    expect(nextPromptFor(app, [forced], settings(), now)?.kind).toBe('prep');
  });

  it('is nothing for a status check already sent, waived, or an application no longer active', () => {
    const at = '2026-03-04T08:00:00Z';
    for (const app of [
      application({ statusCheckAt: at, statusCheckPromptId: 'p' }),
      application({ statusCheckAt: at, statusCheckWaived: true }),
      application({ statusCheckAt: at, status: 'heard-back' }),
    ]) {
      expect(nextPromptFor(app, [], settings(), now)).toBeUndefined();
    }
  });

  it('is nothing while prompts are paused', () => {
    expect(nextPromptFor(application(), [interview()], settings({ paused: true }), now)).toBeUndefined();
  });
});

describe('loadDashboard', () => {
  const db = useDynalite();

  it('puts what is due first, then applications by section, with drafts in plain words', async () => {
    const store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
    await seed(store);
    const dashboard = await loadDashboard({ store, clock: { now: () => NOW } }, USER);
    expect(dashboard.settings?.timeZone).toBe('Europe/Berlin');
    expect(dashboard.needsYou.map((t) => [t.task.id, t.title, t.about])).toEqual([
      ['task-1', 'Thank-you note to Jane Doe', 'Acme · Backend Engineer'],
      ['task-2', "Ask for Bo Li's email address", 'Acme · Backend Engineer'],
    ]);
    expect(dashboard.comingUp.map((a) => a.application.company)).toEqual(['Acme']);
    expect(dashboard.comingUp[0]?.upcoming?.id).toBe('int-1');
    expect(dashboard.waiting).toEqual([]);
    expect(dashboard.closed.map((a) => a.application.company)).toEqual(['Globex']);
    expect(dashboard.applications.map((a) => a.application.company)).toEqual(['Acme', 'Globex']);
    const acme = dashboard.applications[0]!;
    expect(acme.interviews.map((i) => i.id)).toEqual(['int-1']);
    expect(acme.openTasks.map((t) => t.task.id)).toEqual(['task-1', 'task-2']);
    expect(acme.openTasks[0]?.draft?.to).toBe('jane@acme.example');
    expect(acme.openTasks[0]?.draft?.body).toContain('Hi Jane,');
    expect(acme.openTasks[0]?.draft?.mailto).toMatch(/^mailto:jane@acme\.example\?subject=/);
    expect(acme.nextPrompt?.kind).toBe('prep');
    expect(dashboard.applications[1]?.openTasks).toEqual([]);
  });

  it('orders open tasks by due time and uses an injected draft maker', async () => {
    const store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
    await store.put('settings', settings());
    await store.put('application', application());
    await store.put('task', task({ id: 'late', dueAt: '2026-03-05T09:00:00Z' }));
    await store.put('task', task({ id: 'soon', dueAt: '2026-03-04T09:00:00Z' }));
    const dashboard = await loadDashboard({ store, clock: { now: () => NOW } }, USER, async (_s, t) =>
      t.id === 'soon' ? { subject: 'S', body: 'B', mailto: 'mailto:?subject=S' } : undefined,
    );
    const tasks = dashboard.applications[0]?.openTasks ?? [];
    expect(tasks.map((t) => t.task.id)).toEqual(['soon', 'late']);
    expect(tasks[0]?.draft?.subject).toBe('S');
    expect(tasks[1]?.draft).toBeUndefined();
  });

  it('is empty for a user with nothing stored', async () => {
    const store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
    expect(await loadDashboard({ store, clock: { now: () => NOW } }, USER)).toEqual({
      calendars: [],
      needsYou: [],
      comingUp: [],
      waiting: [],
      closed: [],
      applications: [],
    });
  });

  it('keeps a snoozed task out of "needs you now" and shows it with its date under its application', async () => {
    const store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
    await store.put('settings', settings());
    await store.put('application', application({ statusCheckAt: '2026-03-09T08:00:00Z' }));
    await store.put('interview', interview({ start: '2026-02-26T09:00:00Z', end: '2026-02-26T10:00:00Z' }));
    await store.put('task', task({ id: 'snoozed', dueAt: '2026-03-03T08:00:00Z' }));
    const dashboard = await loadDashboard({ store, clock: { now: () => NOW } }, USER);
    expect(dashboard.needsYou).toEqual([]);
    expect(dashboard.waiting.map((a) => a.application.id)).toEqual(['app-acme']);
    expect(dashboard.waiting[0]?.snoozed.map((t) => t.task.id)).toEqual(['snoozed']);
  });

  it('draws a timeline of interviews, prompts, what the user did and what is next', async () => {
    const store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
    await store.put('settings', settings());
    await store.put(
      'application',
      application({
        statusCheckAt: '2026-03-09T08:00:00Z',
        history: [{ at: '2026-02-27T10:00:00Z', what: 'timeline', detail: 'in a week' }],
      }),
    );
    await store.put(
      'interview',
      interview({
        start: '2026-02-26T09:00:00Z',
        end: '2026-02-26T10:00:00Z',
        thankYouPromptId: 'thank-you#int-1',
      }),
    );
    await store.put(
      'interview',
      interview({ id: 'int-2', title: 'Team lunch', state: 'dismissed', override: 'not-interview' }),
    );
    await store.put('prompt', {
      userId: USER,
      id: 'thank-you#int-1',
      version: 0,
      kind: 'thank-you',
      state: 'sent',
      subject: 'Send your thank-you notes',
      claimedAt: '2026-02-26T10:00:00Z',
      sentAt: '2026-02-26T10:00:05Z',
      applicationId: 'app-acme',
      interviewIds: ['int-1'],
    });
    await store.put('task', task({ state: 'done', doneAt: '2026-02-26T18:00:00Z' }));
    const dashboard = await loadDashboard({ store, clock: { now: () => NOW } }, USER);
    expect(dashboard.waiting[0]?.timeline.map((e) => [e.kind, e.label])).toEqual([
      ['interview', 'Acme — Backend Engineer onsite'],
      ['prompt', 'Thank-you prompt sent'],
      ['done', 'Sent: thank-you note to Jane Doe'],
      ['news', 'They said when: in a week'],
      ['dismissed', 'Not an interview: Team lunch'],
      ['next', 'Next: Status check'],
    ]);
  });
});
