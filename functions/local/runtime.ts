/**
 * The composition root for one machine: embedded DynamoDB (dynalite) with the
 * same adapter as the cloud, the local scheduler in the same table, the
 * outbox as mailer, one HTTP server with the cloud's routes, and a calendar
 * source polled on a timer. The Lambdas and this runner call the same core.
 */

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { monotonicFactory } from 'ulid';
import { demoCalendarId } from '../adapters/calendar/demo/demo-calendar.js';
import { googleClientFromEnv } from '../adapters/calendar/google/google-config.js';
import { MicrosoftCalendar } from '../adapters/calendar/microsoft/microsoft-calendar.js';
import {
  microsoftConfigFromEnv,
  microsoftConfigured,
} from '../adapters/calendar/microsoft/microsoft-config.js';
import { calendarRegistry } from '../adapters/calendar/registry.js';
import { DynamoStore } from '../adapters/dynamodb/dynamo-store.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../adapters/dynamodb/embedded.js';
import { HmacLinkSigner } from '../adapters/links/hmac-signer.js';
import { createLog, type LogLevel } from '../adapters/log/powertools-log.js';
import { clearOutbox, listOutbox, OutboxMailer, readOutboxMail } from '../adapters/mail/outbox.js';
import { LocalSyncQueue } from '../adapters/queue/local-sync-queue.js';
import { LocalScheduler } from '../adapters/scheduler/local-scheduler.js';
import { LocalTokenVault } from '../adapters/vault/local-token-vault.js';
import { createActions } from '../core/actions.js';
import { handleFollowup } from '../core/followup.js';
import { connectionIdFor, userIdFor } from '../core/ids.js';
import { type Connection, defaultSettings, type Settings } from '../core/model.js';
import type { Clock, Deps, Log } from '../core/ports.js';
import { sweepClosedApplications } from '../core/sweep.js';
import { type SyncDeps, syncConnection } from '../core/sync.js';
import { toInstant } from '../core/timing.js';
import type { AllowList } from '../core/users/allow-list.js';
import { createWebApp } from '../web/app.js';
import { PromptMailRenderer } from '../web/prompt-mail.js';
import { createWebhookApp } from '../web/routes/webhook-routes.js';
import { type DataLock, lockDataDir } from './data-lock.js';
import { localOAuthRoutes } from './local-oauth.js';
import { StartError } from './start-error.js';

export interface LocalOptions {
  dataDir: string;
  port: number;
  host?: string;
  email: string;
  timeZone: string;
  /** Seconds between calendar polls. */
  pollSeconds: number;
  /** ICS file or URL; the demo calendar when absent. */
  ics?: string;
  clock?: Clock;
  /** Scheduler loop period; tests shorten it. */
  schedulerPollMs?: number;
  logLevel?: LogLevel;
  /** Start the scheduler loop and the poll timer (default true); `invoke` runs without them. */
  background?: boolean;
  /**
   * Serve people as a deployment does (`--sign-in --allow LIST`): sign-in by
   * links that land in the outbox, every page per signed-in user. Without it,
   * the pages belong to `email` with no sign-in.
   */
  signIn?: { allowList: AllowList };
  /** Where `GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET` and the endpoint overrides are read (default `process.env`). */
  env?: Record<string, string | undefined>;
}

export interface LocalRuntime {
  url: string;
  userId: string;
  connectionId: string;
  queue: LocalSyncQueue;
  deps: SyncDeps & Deps;
  scheduler: LocalScheduler;
  /** Polls every connected calendar now (also runs on the timer). */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}

const TABLE_NAME = 'afterview';
const SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;

/** Keys live in the data folder so links and stored tokens survive a restart. */
async function keyFile(dataDir: string, name: string, encoding: 'hex' | 'base64'): Promise<string> {
  const file = join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString(encoding);
    await writeFile(file, key, { mode: 0o600 });
    return key;
  }
}

export async function startLocal(options: LocalOptions): Promise<LocalRuntime> {
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const { log } = createLog('afterview-local', options.logLevel ?? 'WARN');
  // Before the database: a second runner on these files must stop here, in words.
  const lock = await lockDataDir(options.dataDir);
  let dynamo: EmbeddedDynamo | undefined;
  try {
    dynamo = await startEmbeddedDynamo({ dataDir: join(options.dataDir, 'db'), tableName: TABLE_NAME });
    return await wire(options, clock, log, dynamo, lock);
  } catch (error) {
    await dynamo?.close();
    await lock.release();
    throw error;
  }
}

async function wire(
  options: LocalOptions,
  clock: Clock,
  log: Log,
  dynamo: EmbeddedDynamo,
  lock: DataLock,
): Promise<LocalRuntime> {
  /** Aborted by `stop`: a sync in progress ends at its next page, an off-thread read at once. */
  const shutdown = new AbortController();
  const host = options.host ?? '127.0.0.1';
  const store = new DynamoStore({ client: dynamo.client, tableName: dynamo.tableName });
  const ulid = monotonicFactory();
  const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.port}`;
  const google = googleClientFromEnv(options.env ?? process.env);
  const microsoft = microsoftConfigured(options.env ?? process.env)
    ? microsoftConfigFromEnv(options.env ?? process.env)
    : undefined;
  const vault = new LocalTokenVault(await keyFile(options.dataDir, 'vault-key', 'base64'));
  const linkSecret = await keyFile(options.dataDir, 'link-key', 'hex');
  const scheduler = new LocalScheduler({
    client: dynamo.client,
    tableName: dynamo.tableName,
    clock,
    log,
    pollMs: options.schedulerPollMs,
    // Retries must outlast a prompt's claim lease (2 min): a crash mid-send
    // leaves a claim that only a later attempt may take over.
    maxAttempts: 12,
    backoff: { baseMs: 1_000, maxMs: 60_000 },
    // Fires only after `start()`, when `deps` below exists.
    fire: async (payload) => {
      const outcome = await handleFollowup(deps, payload);
      log.info('followup fired', { kind: payload.kind, outcome });
    },
  });
  const oauthCalendars = {
    ...(google ? { google: { config: google, vault } } : {}),
    ...(microsoft
      ? { microsoft: new MicrosoftCalendar({ config: microsoft, store, vault, clock, log }) }
      : {}),
  };
  const onThisMachine = calendarRegistry({
    clock,
    log,
    local: true,
    signal: shutdown.signal,
    ...oauthCalendars,
  });
  const asAServer = calendarRegistry({
    clock,
    log,
    local: false,
    signal: shutdown.signal,
    ...oauthCalendars,
  });
  // One machine runs every function: it gets every port.
  const deps: SyncDeps & Deps = {
    store,
    scheduler,
    mailer: new OutboxMailer({ dataDir: options.dataDir, from: 'Afterview <afterview@localhost>', clock }),
    renderer: new PromptMailRenderer(),
    clock,
    ids: { next: () => ulid(clock.now().getTime()) },
    links: new HmacLinkSigner(linkSecret),
    baseUrl,
    log,
    // With sign-in, people add feeds from a web form: only the operator's own
    // calendar (the demo or --ics) may be a file or a host on this network.
    calendars: (connection: Connection, settings: Settings) =>
      !options.signIn || connection.provider === 'demo' || connection.calendarId === options.ics
        ? onThisMachine(connection, settings)
        : asAServer(connection, settings),
  };
  const { settings, connection } = await ensureUser(deps, options);
  const queue = new LocalSyncQueue(
    (request) => syncConnection(deps, request.userId, request.connectionId),
    log,
  );

  let listeningPort = options.port;
  const app = createWebApp({
    core: deps,
    actions: createActions(deps),
    ...(options.signIn
      ? {
          signIn: {
            allowList: options.signIn.allowList,
            newUser: { timeZone: options.timeZone },
            mailer: deps.mailer,
          },
        }
      : {}),
    oauth: localOAuthRoutes({
      core: deps,
      connect: { ...deps, vault, queue },
      // With sign-in, the session's user connects (and connecting signs a person up or in).
      who: options.signIn
        ? { signIn: { allowList: options.signIn.allowList, newUser: { timeZone: options.timeZone } } }
        : { userId: settings.userId },
      secret: linkSecret,
      google,
      ...(microsoft ? { microsoft } : {}),
      port: () => listeningPort,
    }),
    local: {
      ...(options.signIn ? {} : { userId: settings.userId }),
      dataDir: options.dataDir,
      outbox: {
        list: () => listOutbox(options.dataDir),
        read: (file) => readOutboxMail(options.dataDir, file),
      },
      // Schedules (also dead ones) and mails name the interviewers: they go
      // with the rest. With sign-in the outbox is everyone's, so it stays.
      afterDelete: async (userId) => {
        await scheduler.cancelUser(userId);
        if (!options.signIn) await clearOutbox(options.dataDir);
      },
    },
    queue,
    clientAddress: (c) => getConnInfo(c).remote.address,
  });
  app.route('/webhooks', createWebhookApp({ store, queue, links: deps.links, log }));
  const server = await listen(app.fetch, options.port, host);
  // With port 0 the real port is known only now; links in mails must carry it.
  const address = server.address();
  if (address && typeof address === 'object') {
    listeningPort = address.port;
    deps.baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  }
  let lastSweep = 0;
  // Without sign-in, the calendar given at start; with it, every active
  // calendar of every user (people connect their own).
  const pollNow = async () => {
    if (shutdown.signal.aborted) return;
    // Without sign-in, every calendar of the one user (the demo or an ICS feed, and connected
    // Google calendars: Google cannot reach this machine, so they are polled instead of
    // pushed); with it, every active calendar of every user (people connect their own).
    let connections: Connection[];
    try {
      connections = options.signIn
        ? await store.listAllConnections()
        : await store.list('connection', settings.userId);
    } catch (error) {
      // Stopped while reading them: the database is closing, and nothing is left to poll.
      if (shutdown.signal.aborted) return;
      throw error;
    }
    for (const c of connections) {
      if (c.status === 'active' && !shutdown.signal.aborted)
        await queue.enqueue({ userId: c.userId, connectionId: c.id, reason: 'poll' });
    }
    await queue.idle();
    if (!shutdown.signal.aborted && clock.now().getTime() - lastSweep > SWEEP_EVERY_MS) {
      lastSweep = clock.now().getTime();
      for (const userId of new Set([settings.userId, ...connections.map((c) => c.userId)])) {
        await sweepClosedApplications(deps, userId);
      }
    }
  };
  // A failed poll (the database busy, say) is logged; the next tick tries again.
  const pollQuietly = () =>
    pollNow().catch((error: unknown) => log.error('poll failed', { error: String(error) }));
  const timer = setInterval(() => void pollQuietly(), options.pollSeconds * 1000);
  timer.unref();
  if (options.background === false) {
    clearInterval(timer);
  } else {
    scheduler.start();
    void pollQuietly();
  }

  return {
    url: deps.baseUrl,
    userId: settings.userId,
    deps,
    connectionId: connection.id,
    scheduler,
    queue,
    pollNow,
    stop: async () => {
      // New work stops at once; work in flight ends at its next safe point.
      clearInterval(timer);
      shutdown.abort(new Error('Afterview is stopping'));
      queue.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await scheduler.stop();
      await queue.idle();
      await dynamo.close();
      await lock.release();
    },
  };
}

function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  port: number,
  hostname: string,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new StartError(`port ${port} on ${hostname} is already in use; choose another with --port`));
      } else if (error.code === 'EACCES') {
        reject(new StartError(`not allowed to listen on port ${port}; choose one above 1023 with --port`));
      } else reject(error);
    });
  });
}

/** Creates the local user and their calendar connection on first start; later starts find them. */
async function ensureUser(
  deps: SyncDeps,
  options: LocalOptions,
): Promise<{ settings: Settings; connection: Connection }> {
  const userId = userIdFor(options.email);
  const now = toInstant(deps.clock.now());
  let settings = await deps.store.get('settings', userId, userId);
  if (!settings) {
    settings = await deps.store.put(
      'settings',
      defaultSettings({ userId, email: options.email, timeZone: options.timeZone, createdAt: now }),
    );
  }
  // Flags seed a new user only: what was saved in Settings wins over --tz at every later start.
  const provider = options.ics ? 'ics' : 'demo';
  const connections = await deps.store.list('connection', userId);
  const real = connections.find(
    (c) => (c.provider === 'google' || c.provider === 'microsoft') && c.status !== 'deleted',
  );
  // The demo retired when a real calendar was connected; a restart must not bring it back.
  if (real && provider === 'demo') return { settings, connection: real };
  const existing = connections.find(
    (c) => c.provider === provider && (provider === 'demo' || c.calendarId === options.ics),
  );
  if (existing?.status === 'broken') {
    // Starting again is the person's word that the calendar was fixed: try it again.
    const {
      brokenReason: _r,
      brokenNotifiedAt: _n,
      failures: _f,
      failingSince: _s,
      retryAt: _a,
      ...rest
    } = existing;
    const connection = await deps.store.put('connection', {
      ...rest,
      status: 'active',
      syncToken: undefined,
    });
    return { settings, connection };
  }
  if (existing) return { settings, connection: existing };
  const calendarId = options.ics ?? demoCalendarId(deps.clock.now());
  const connection = await deps.store.put('connection', {
    userId,
    id: connectionIdFor(provider, provider === 'demo' ? 'demo' : calendarId),
    version: 0,
    provider,
    calendarId,
    status: 'active',
  });
  return { settings, connection };
}
