/**
 * A local Afterview as the web app sees it: the real DynamoDB store on
 * dynalite, the real outbox on a temp folder, the real link signer, and the
 * web app wired like the local runner wires it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoStore } from '../../functions/adapters/dynamodb/dynamo-store.js';
import { listOutbox, OutboxMailer, readOutboxMail } from '../../functions/adapters/mail/outbox.js';
import type { Deps } from '../../functions/core/ports.js';
import { createWebApp } from '../../functions/web/app.js';
import type { ActionsApi, LocalDeps } from '../../functions/web/deps.js';
import type { DynaliteSuite } from './dynalite.js';
import { application, coreDeps, interview, NOW, settings, task, USER } from './web-fixtures.js';

export interface WebWorld {
  store: DynamoStore;
  core: Deps & { schedules: unknown[] };
  dataDir: string;
  local: LocalDeps;
  app: ReturnType<typeof createWebApp>;
  cleanup(): Promise<void>;
}

/** Builds a fresh world on a fresh table; `actions` defaults to none needed. */
export async function webWorld(
  db: DynaliteSuite,
  actionsFor: (core: Deps) => ActionsApi,
  over: Partial<Deps> = {},
): Promise<WebWorld> {
  const store = new DynamoStore({ client: db.client, tableName: await db.freshTable() });
  const core = coreDeps(store, over);
  const dataDir = await mkdtemp(join(tmpdir(), 'afterview-web-'));
  const local: LocalDeps = {
    userId: USER,
    dataDir,
    outbox: { list: () => listOutbox(dataDir), read: (file) => readOutboxMail(dataDir, file) },
  };
  const app = createWebApp({ core, actions: actionsFor(core), local });
  return {
    store,
    core,
    dataDir,
    local,
    app,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** One application with an interview in the past, open tasks and a closed one. */
export async function seed(store: DynamoStore, title = 'Acme — Backend Engineer onsite'): Promise<void> {
  await store.put('settings', settings());
  await store.put('application', application({ statusCheckAt: '2026-03-10T08:00:00Z' }));
  await store.put(
    'application',
    application({ id: 'app-globex', company: 'Globex', role: 'SRE', status: 'closed', outcome: 'rejected' }),
  );
  await store.put('interview', interview({ title }));
  await store.put(
    'interview',
    interview({
      id: 'int-globex',
      applicationId: 'app-globex',
      title: 'Globex screen',
      start: '2026-02-10T09:00:00Z',
      end: '2026-02-10T09:30:00Z',
      company: 'Globex',
      interviewers: [],
    }),
  );
  // Due an hour ago: they need the user now.
  const due = '2026-03-02T09:00:00Z';
  await store.put('task', task({ dueAt: due }));
  await store.put(
    'task',
    task({
      id: 'task-2',
      kind: 'ask-address',
      dueAt: due,
      interviewer: { key: 'bo-li', name: 'Bo Li', fromDescription: true },
    }),
  );
  await store.put(
    'task',
    task({
      id: 'task-3',
      state: 'done',
      interviewer: { key: 'x', name: 'Done Person', fromDescription: false },
    }),
  );
}

/** Sends one prompt mail into the outbox, rendered by the real renderer. */
export async function mailOne(world: WebWorld, subject: string): Promise<void> {
  const mailer = new OutboxMailer({
    dataDir: world.dataDir,
    from: 'Afterview <prompts@localhost.test>',
    clock: { now: () => NOW },
  });
  const rendered = world.core.renderer.render({
    kind: 'thank-you',
    to: 'sam.lee@example.com',
    subject,
    headline: subject,
    why: 'Your interview ended.',
    facts: [{ label: 'When', value: 'Tue 3 Mar, 14:00 CET (Europe/Berlin)' }],
    items: [],
    actions: [],
    unsubscribeUrl: 'http://afterview.test/a/pause',
    dashboardUrl: 'http://afterview.test/',
  });
  await mailer.send({
    to: 'sam.lee@example.com',
    ...rendered,
    idempotencyKey: `prompt-${subject.length}`,
    tags: {},
  });
}
