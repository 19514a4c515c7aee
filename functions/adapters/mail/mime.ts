/**
 * Builds the raw MIME of a prompt mail with nodemailer's MailComposer:
 * multipart/alternative text + HTML, RFC 2047-encoded UTF-8 headers, CRLF
 * line ends, and the headers large mailbox providers expect of automated
 * mail (RFC 3834 `Auto-Submitted`, RFC 8058 one-click unsubscribe).
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ValidationError } from '../../core/errors.js';
import { MailMessage } from '../../core/model.js';

/** Lines of a header must stay under 998 characters; URLs are not folded. */
const MAX_UNSUBSCRIBE_URL = 900;

/** The stable Message-ID of a mail: the same idempotency key gives the same id. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${hash}@${domainOf(from)}>`;
}

/**
 * The raw RFC 5322 message for `message`, sent from `from` (an address, or
 * `Name <address>`). `date` defaults to now.
 */
export async function buildMime(
  message: MailMessage,
  from: string,
  date: Date = new Date(),
): Promise<Buffer> {
  const mail = MailMessage.parse(message);
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    // Asks Exchange not to answer with out-of-office replies.
    'X-Auto-Response-Suppress': 'All',
  };
  if (mail.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl(mail.unsubscribeUrl)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const composer = new MailComposer({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdFor(mail.idempotencyKey, from),
    date,
    headers,
    newline: 'win',
    // Content is always given inline; never let it point at files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

function unsubscribeUrl(raw: string): string {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError('unsubscribe URL must be http(s)');
  }
  // WHATWG serialisation percent-encodes anything unsafe in a header.
  const href = url.href;
  if (href.length > MAX_UNSUBSCRIBE_URL || /[\s<>]/.test(href)) {
    throw new ValidationError('unsubscribe URL is too long or malformed');
  }
  return href;
}

function domainOf(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : 'afterview.invalid';
}
