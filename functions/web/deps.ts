/**
 * What the web app needs, injected by a composition root (the local runner or
 * the `api` Lambda). The web layer never imports an adapter: outbox, export
 * and delete arrive here as functions.
 */
import type { ActionDeps, ActionPage, ActionResult } from '../core/actions.js';
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

/** Present when running on one machine for one user (`npm start`). */
export interface LocalDeps {
  userId: string;
  dataDir: string;
  outbox?: OutboxReader;
  /** Everything stored about the user, as JSON-ready data. */
  exportData?: () => Promise<unknown>;
  /** Deletes everything about the user (and stops their channels). */
  deleteData?: () => Promise<void>;
}

export interface WebDeps {
  /** The core's ports the pages use: the action links' (no mailer: the web app sends no mail). */
  core: ActionDeps;
  actions: ActionsApi;
  local?: LocalDeps;
  /** Connecting Google and Outlook calendars (`web/oauth/`); absent, those routes do not exist. */
  oauth?: OAuthRouteDeps;
}
