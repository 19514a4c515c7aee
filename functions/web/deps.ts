/**
 * What the web app needs, injected by a composition root (the local runner or
 * the `api` Lambda). The web layer never imports an adapter: outbox, export
 * and delete arrive here as functions.
 */
import type { Context } from 'hono';
import type { ActionDeps, ActionPage, ActionResult } from '../core/actions.js';
import type { Mailer, SyncQueue } from '../core/ports.js';
import type { SignInPolicy } from '../core/users/sign-in.js';
import type { OAuthRouteDeps } from './oauth/oauth-routes.js';

export type { ActionPage, ActionResult };

/** The signed-link use cases (`core/actions.ts` implements them). */
export interface ActionsApi {
  /** Throws `LinkRejectedError` for forged, expired or used links. */
  describe(token: string): Promise<ActionPage>;
  /** Validates `form` (throws `ValidationError`), acts, or throws `LinkRejectedError`. */
  perform(token: string, form: Record<string, string>): Promise<ActionResult>;
}

/** One mail in the local outbox, as listed. */
export interface OutboxEntry {
  file: string;
  date: string;
  to: string;
  subject: string;
}

/** One mail in the local outbox, read back. */
export interface OutboxMail extends Partial<Omit<OutboxEntry, 'file'>> {
  raw: string;
  html?: string;
  text?: string;
}

/** The local outbox (`adapters/mail/outbox.ts`), passed in as functions. */
export interface OutboxReader {
  /** The newest mails (a bounded number), newest first. */
  list(): Promise<OutboxEntry[]>;
  /** Throws for an unknown or unsafe file name. */
  read(file: string): Promise<OutboxMail>;
}

/** Present when running on one machine (`npm start`). */
export interface LocalDeps {
  /**
   * The one user of plain `afterview start`: every page is theirs, no
   * sign-in. Absent with `--sign-in`, where people sign in as on a deployment.
   */
  userId?: string;
  dataDir: string;
  /** The local outbox: it stands in for everyone's mailbox on this machine. */
  outbox?: OutboxReader;
  /** What else this machine keeps about a person, removed after their account is deleted. */
  afterDelete?: (userId: string) => Promise<void>;
}

/** Sign-in's policy, and the one mail the web app sends: the sign-in link. */
export interface SignInSetup extends SignInPolicy {
  mailer: Mailer;
}

export interface WebDeps {
  /** The core's ports the pages use: the action links' (no mailer: only sign-in sends mail). */
  core: ActionDeps;
  actions: ActionsApi;
  /**
   * Sign-in (a deployment, `afterview start --sign-in`): who may sign in, how
   * new accounts start, and the mailer for sign-in links. Every page then
   * belongs to the signed-in person.
   */
  signIn?: SignInSetup;
  local?: LocalDeps;
  /** Reads a calendar at once after it is connected; without it, the next poll does. */
  queue?: SyncQueue;
  /** Connecting Google and Outlook calendars (`web/oauth/`); absent, those routes do not exist. */
  oauth?: OAuthRouteDeps;
  /** The client's network address (rate limits); requests without one share a bucket. */
  clientAddress?: (c: Context) => string | undefined;
}
