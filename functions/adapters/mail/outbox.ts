/**
 * The local outbox: instead of sending, each mail is saved as an `.eml` file
 * under `<dataDir>/outbox/`, listed and shown by a local page. Sending the
 * same idempotency key twice leaves one file: a claim file created with
 * O_EXCL decides who writes, and the mail itself lands by temp + rename so a
 * reader never sees half a file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { MailMessage } from '../../core/model.js';
import type { Clock, Mailer } from '../../core/ports.js';
import { buildMime, messageIdFor } from './mime.js';

const OUTBOX = 'outbox';
/** Claim files live here, one per idempotency key, holding the mail's file name. */
const CLAIMS = '.claims';
const FILE_NAME = /^[0-9]{8}T[0-9]{9}Z-[a-z0-9-]{1,80}\.eml$/;

/** One mail in the outbox, as the list page shows it. */
export interface OutboxEntry {
  file: string;
  /** ISO instant from the Date header. */
  date: string;
  to: string;
  subject: string;
}

/** One mail in full: the raw source and its decoded bodies. */
export interface OutboxMail extends OutboxEntry {
  raw: string;
  html?: string;
  text?: string;
}

/** `Mailer` that writes `.eml` files instead of sending. */
export class OutboxMailer implements Mailer {
  readonly #deps: { dataDir: string; from: string; clock: Clock };

  constructor(deps: { dataDir: string; from: string; clock: Clock }) {
    this.#deps = deps;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const { dataDir, from, clock } = this.#deps;
    const mail = MailMessage.parse(message);
    const messageId = messageIdFor(mail.idempotencyKey, from);
    const dir = join(dataDir, OUTBOX);
    await mkdir(join(dir, CLAIMS), { recursive: true });

    const now = clock.now();
    const claimPath = join(dir, CLAIMS, keyHash(mail.idempotencyKey));
    const file = await claim(claimPath, fileName(now, mail.idempotencyKey));
    if (await exists(join(dir, file))) return { messageId };

    // Claimed but not written (first send, or a crash after claiming): write it.
    const raw = await buildMime(mail, from, now);
    const temp = join(dir, `.${file}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, raw);
    await rename(temp, join(dir, file));
    return { messageId };
  }
}

/** Mails listed at most: the list is read from file names, then one mail at a time. */
export const OUTBOX_PAGE = 50;

/** The newest mails of the outbox, newest first: names sort by time, so only those are opened. */
export async function listOutbox(dataDir: string, limit = OUTBOX_PAGE): Promise<OutboxEntry[]> {
  const files = (await outboxFiles(dataDir)).slice(0, limit);
  const entries: OutboxEntry[] = [];
  // One at a time: a thousand mails must not mean a thousand open files.
  for (const file of files) {
    try {
      const { raw: _raw, html: _html, text: _text, ...entry } = await readOutboxMail(dataDir, file);
      entries.push(entry);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error; // deleted meanwhile
    }
  }
  return entries;
}

/** The outbox's mail file names, newest first. */
export async function outboxFiles(dataDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(dataDir, OUTBOX));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  return names.filter((name) => FILE_NAME.test(name)).sort((a, b) => b.localeCompare(a));
}

/** Removes every mail and claim (the user's data is being deleted). */
export async function clearOutbox(dataDir: string): Promise<void> {
  await rm(join(dataDir, OUTBOX), { recursive: true, force: true });
}

/** One mail by file name; throws `ValidationError` for names that are not outbox files. */
export async function readOutboxMail(dataDir: string, file: string): Promise<OutboxMail> {
  // The name comes from a URL: only our own file names, so no `..` or separators.
  if (!FILE_NAME.test(file)) throw new ValidationError('not an outbox file name');
  let raw: Buffer;
  try {
    raw = await readFile(join(dataDir, OUTBOX, file));
  } catch (error) {
    if (isNotFound(error)) throw new NotFoundError(`no outbox mail ${file}`, { cause: error });
    throw error;
  }
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const to = parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '';
  return {
    file,
    date: (parsed.date ?? new Date(0)).toISOString(),
    to,
    subject: parsed.subject ?? '',
    raw: raw.toString('utf8'),
    ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
    ...(parsed.text !== undefined ? { text: parsed.text } : {}),
  };
}

/** `<UTC time to the millisecond>-<slug of the key>-<hash>.eml`: sorts by time. */
export function fileName(now: Date, idempotencyKey: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  const slug = idempotencyKey
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const hash = keyHash(idempotencyKey).slice(0, 10);
  return `${stamp}-${slug ? `${slug}-` : ''}${hash}.eml`;
}

/** Creates the claim holding `file`, or returns the file name an earlier claim holds. */
async function claim(claimPath: string, file: string): Promise<string> {
  try {
    await writeFile(claimPath, file, { flag: 'wx' });
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const claimed = (await readFile(claimPath, 'utf8')).trim();
  // A claim cut short by a crash holds a partial name: rewrite it as ours.
  if (FILE_NAME.test(claimed)) return claimed;
  await writeFile(claimPath, file);
  return file;
}

function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
