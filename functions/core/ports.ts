/**
 * The interfaces the core needs from the outside world. Adapters implement
 * them; each use case receives the ones it uses as one `deps` object and
 * never imports an adapter. Every arrow points into the core.
 */
import type {
  Application,
  CalendarEvent,
  Connection,
  EventChange,
  Interview,
  MailMessage,
  Prompt,
  PromptKind,
  ScheduleRequest,
  Session,
  Settings,
  Task,
} from './model.js';

/** Entity kinds the store keeps, and the type of each. */
export interface EntityTypes {
  settings: Settings;
  connection: Connection;
  interview: Interview;
  application: Application;
  task: Task;
  prompt: Prompt;
  session: Session;
}
export type EntityKind = keyof EntityTypes;
export type Entity<K extends EntityKind> = EntityTypes[K];

/**
 * Persistence with optimistic concurrency. `put` writes `version + 1` and
 * succeeds only when the stored version equals `entity.version` (0 means "must
 * not exist yet"); otherwise it throws `ConflictError`. Reads validate what
 * they return. No transactions: every use case is written so that a crash
 * between two writes is repaired by a retry.
 */
export interface Store {
  get<K extends EntityKind>(kind: K, userId: string, id: string): Promise<Entity<K> | undefined>;
  /** All entities of a kind for one user (paginates internally). */
  list<K extends EntityKind>(kind: K, userId: string): Promise<Entity<K>[]>;
  /** Conditional write; returns the entity as stored (with its new version). */
  put<K extends EntityKind>(kind: K, entity: Entity<K>): Promise<Entity<K>>;
  /** Deletes if present; no-op when absent. */
  delete(kind: EntityKind, userId: string, id: string): Promise<void>;
  /** Finds the user whose settings carry this email. */
  findUserByEmail(email: string): Promise<Settings | undefined>;
  /** Connections whose push channel lapses before `before` (maintenance). */
  listConnectionsExpiringBefore(before: string): Promise<Connection[]>;
  /** Every connection of every user (maintenance safety sync). */
  listAllConnections(): Promise<Connection[]>;
  /**
   * Records a one-time use of a signed link's id; false if already used.
   * Kept apart from entities because it is written from a GET-free POST path
   * and must be a single conditional put.
   */
  useOnce(key: string, expiresAt: string): Promise<boolean>;
  /**
   * Adds one to the counter `key` (created at 1, kept until `expiresAt`) and
   * returns the new count: a single atomic write, so rate limits hold across
   * Lambdas.
   */
  countUse(key: string, expiresAt: string): Promise<number>;
  /** Whether `useOnce(key)` was recorded (a read: an action checks before it acts, and spends after). */
  wasUsed(key: string): Promise<boolean>;
  /** Deletes every item of the user (data deletion). */
  deleteUser(userId: string): Promise<void>;
}

/**
 * One-time schedules that fire a follow-up payload at an instant. Names are
 * deterministic, so `upsert` replaces and `cancel` tolerates "not found". An
 * instant already past fires as soon as possible. Delivery is at least once.
 */
export interface Scheduler {
  upsert(request: ScheduleRequest): Promise<void>;
  cancel(name: string): Promise<void>;
}

/** Sends a composed mail to the user (never to employers). */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** One page of changes from a calendar, and the cursor to save after it. */
export interface ChangePage {
  changes: EventChange[];
  /** Present on the last page: save it only after every change is applied. */
  nextSyncToken?: string;
  /** True when this listing is a full listing (first sync or resync). */
  full: boolean;
}

/** A calendar source: Google, Microsoft Graph, an ICS feed, or the demo. */
export interface CalendarProvider {
  /**
   * Lists changes since `syncToken`, or every event in the sync window when
   * it is absent. Throws `SyncTokenExpiredError` when the provider no longer
   * accepts the token (Google 410, Graph syncStateNotFound): the caller then
   * does a full listing and reconciles.
   */
  listChanges(connection: Connection, syncToken: string | undefined): AsyncIterable<ChangePage>;
}

/** A provider's push channel for a connection: a Google channel or a Graph subscription. */
export interface ChannelKeeper {
  /** Renews the channel before it lapses, or creates a new one when the provider dropped it. */
  keep(connection: Connection): Promise<void>;
  /** Stops the channel (already gone is fine). */
  stop(connection: Connection): Promise<void>;
}

/** Encrypts refresh tokens at rest (KMS in the cloud, a local key here). */
export interface TokenVault {
  encrypt(plain: string): Promise<string>;
  decrypt(cipher: string): Promise<string>;
}

/** Asks for a calendar to be synced (SQS FIFO in the cloud). */
export interface SyncQueue {
  enqueue(request: { userId: string; connectionId: string; reason: string }): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new unique, sortable id. */
  next(): string;
}

/** Signs and verifies expiring tokens for action links (HMAC). */
export interface LinkSigner {
  /** A URL-safe token carrying `claims`, valid for `ttlSeconds` from `now`. */
  sign(claims: Record<string, string>, ttlSeconds: number, now: Date): Promise<string>;
  /** The claims; throws `LinkRejectedError` ('invalid' or 'expired') otherwise. */
  verify(token: string, now: Date): Promise<Record<string, string>>;
}

/** A link the user can follow from a mail: a signed action or a page. */
export interface LinkView {
  label: string;
  url: string;
}

/** A draft the user sends from their own mailbox. */
export interface DraftView {
  /** Recipient's name as in the invitation, and address when known. */
  toName?: string;
  to?: string;
  subject: string;
  body: string;
  /** RFC 6068 `mailto:` URL opening the draft in the user's mail app. */
  mailto: string;
  /** Page where the draft can be edited before sending. */
  editUrl?: string;
  /** When the user last saved their own edit of it. */
  editedAt?: string;
}

/** One block of a prompt: usually one task with its draft and actions. */
export interface PromptItem {
  heading: string;
  body?: string;
  draft?: DraftView;
  actions: LinkView[];
}

/**
 * Everything a prompt mail shows, as plain data. Every string may hold
 * hostile calendar text: the renderer escapes all of it.
 */
export interface PromptView {
  kind: PromptKind;
  to: string;
  subject: string;
  /** First line of the mail, e.g. "Time to thank Jane Doe". */
  headline: string;
  /** Why it was sent: which event, which rule, times with the zone's name. */
  why: string;
  /** The line mail apps show after the subject in the inbox. */
  preview?: string;
  /** Short facts about the interview(s): "When", "With", "Role"...; `url` makes the value a link. */
  facts: Array<{ label: string; value: string; url?: string }>;
  items: PromptItem[];
  /** Prompt-wide actions: heard back, they said..., not an interview, pause. */
  actions: LinkView[];
  /** One-click unsubscribe URL (pauses prompts); also in the footer. */
  unsubscribeUrl: string;
  /** Link to the dashboard. */
  dashboardUrl: string;
}

/** Turns a prompt view into a mail body (web/ implements it, escaping all). */
export interface PromptRenderer {
  render(view: PromptView): { subject: string; html: string; text: string };
}

/**
 * Every port of the core. The local runner and the simulation give all of
 * them; each use case takes only its part (`SyncDeps`, `FollowupDeps`,
 * `ActionDeps`, `PlanDeps`, ... as `Pick`s of this), so each Lambda is given
 * exactly the ports it uses and nothing it would have to fake.
 */
export interface Deps {
  store: Store;
  scheduler: Scheduler;
  mailer: Mailer;
  renderer: PromptRenderer;
  clock: Clock;
  ids: Ids;
  links: LinkSigner;
  /** Public base URL of the web app, for links in mails. */
  baseUrl: string;
  log: Log;
}

/** Structured logging: Powertools Logger satisfies it. */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export type { CalendarEvent };
