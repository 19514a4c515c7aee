/** The local outbox: every mail Afterview "sent", readable in the browser. */
import type { OutboxEntry } from '../deps.js';
import { type Html, h, safeHref } from '../html.js';

/** The list of mails, newest first. */
export function outboxList(entries: OutboxEntry[]): Html {
  if (entries.length === 0) {
    return h`<h1>Outbox</h1><p>No mails yet. Prompts Afterview sends while running locally land here.</p>`;
  }
  return h`<h1>Outbox</h1>
<p class="muted">Mails are saved here instead of being sent.</p>
<table class="list"><thead><tr><th scope="col">Date</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>${entries.map(
    (e) =>
      h`<tr><td>${e.date}</td><td>${e.to}</td><td><a href="/outbox/${encodeURIComponent(e.file)}">${e.subject || '(no subject)'}</a></td></tr>`,
  )}</tbody></table>`;
}

export interface OutboxMailSummary {
  file: string;
  subject: string;
  to: string;
  date: string;
  hasHtml: boolean;
  text?: string;
  /** This app's own links in the mail: the sandboxed frame cannot follow them, so they are listed. */
  links?: string[];
}

/**
 * One mail: its HTML part in a sandboxed frame (no scripts, no same-origin
 * access, served from its own route with a `sandbox` CSP too) and its text.
 */
export function outboxMail(mail: OutboxMailSummary): Html {
  const file = encodeURIComponent(mail.file);
  return h`<p><a href="/outbox">← Outbox</a></p>
<h1>${mail.subject || '(no subject)'}</h1>
<dl class="facts"><dt>To</dt><dd>${mail.to}</dd><dt>Date</dt><dd>${mail.date}</dd></dl>
${mail.hasHtml ? h`<iframe class="mail" sandbox="" referrerpolicy="no-referrer" src="/outbox/${file}/html" title="Mail: ${mail.subject}"></iframe>` : ''}
${
  mail.links && mail.links.length > 0
    ? h`<h2>Links in this mail</h2><ul class="plain">${mail.links.map((url) => h`<li><a href="${safeHref(url)}">${url}</a></li>`)}</ul>`
    : ''
}
${mail.text ? h`<details${mail.hasHtml ? '' : ' open'}><summary>Text version</summary><blockquote>${mail.text}</blockquote></details>` : ''}
<p><a class="button secondary" href="/outbox/${file}/raw">Raw .eml</a></p>`;
}
