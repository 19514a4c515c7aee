/**
 * The prompt mail: one view of plain data in, a subject, an HTML part and a
 * text part out. Mail clients ignore <style> blocks and scripts, so the HTML
 * uses inline styles and a single narrow column; every value is escaped.
 */
import type { DraftView, LinkView, PromptItem, PromptRenderer, PromptView } from '../core/ports.js';
import { type Html, h, oneLine, safeHref } from './html.js';

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1d4ed8';

const STYLE = {
  body: `margin:0;padding:0;background:#f4f5f7;color:${INK};font-family:${FONT};`,
  // Long unbroken calendar text must wrap, not widen the mail on a phone.
  column: 'max-width:600px;margin:0 auto;padding:24px 12px;overflow-wrap:anywhere;word-break:break-word;',
  card: 'background:#ffffff;border:1px solid #e4e7eb;border-radius:8px;padding:24px 20px;',
  brand: `margin:0 0 12px;font-size:13px;letter-spacing:.04em;text-transform:uppercase;color:${MUTED};`,
  headline: 'margin:0 0 8px;font-size:22px;line-height:1.3;font-weight:700;',
  // Mail apps show this after the subject; it stays out of the mail's body.
  preview:
    'display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:#f4f5f7;',
  fact: 'margin:0 0 4px;font-size:15px;line-height:1.5;',
  item: 'margin:20px 0 0;padding:20px 0 0;border-top:1px solid #e4e7eb;',
  heading: 'margin:0 0 8px;font-size:18px;line-height:1.35;font-weight:700;',
  text: 'margin:0 0 12px;font-size:15px;line-height:1.55;',
  draftMeta: `margin:0 0 6px;font-size:13px;line-height:1.5;color:${MUTED};`,
  quote:
    'margin:0 0 12px;padding:12px 14px;border-left:4px solid #9aa5b1;background:#f9fafb;font-size:15px;line-height:1.55;',
  primary: `display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;background:${ACCENT};color:#ffffff;font-size:15px;font-weight:600;text-decoration:none;`,
  secondary: `display:inline-block;margin:0 8px 8px 0;padding:9px 15px;border-radius:6px;border:1px solid #9aa5b1;background:#ffffff;color:${ACCENT};font-size:15px;font-weight:600;text-decoration:none;`,
  footer: `margin:16px 0 0;font-size:13px;line-height:1.6;color:${MUTED};text-align:center;`,
  footerLink: `color:${MUTED};text-decoration:underline;`,
} as const;

/** Renders prompt views as mails; implements the core's `PromptRenderer`. */
export class PromptMailRenderer implements PromptRenderer {
  /** Subject (one plain line), HTML part and text part of one prompt. */
  render(view: PromptView): { subject: string; html: string; text: string } {
    const subject = oneLine(view.subject, 200);
    return { subject, html: renderHtml(view, subject).toString(), text: renderText(view) };
  }
}

function renderHtml(view: PromptView, subject: string): Html {
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${subject}</title>
</head>
<body style="${STYLE.body}">
${view.preview ? h`<div style="${STYLE.preview}">${oneLine(view.preview, 150)}</div>` : ''}
<div style="${STYLE.column}">
<div style="${STYLE.card}">
<p style="${STYLE.brand}">Afterview</p>
<h1 style="${STYLE.headline}">${view.headline}</h1>
${view.facts.map(factHtml)}
${view.items.map(itemHtml)}
${view.actions.length > 0 ? promptActionsHtml(view.actions) : ''}
</div>
${footerHtml(view)}
</div>
</body>
</html>`;
}

function factHtml(fact: PromptView['facts'][number]): Html {
  const value =
    fact.url && safeHref(fact.url) !== '#'
      ? h`<a href="${safeHref(fact.url)}" style="color:${ACCENT};">${fact.value}</a>`
      : fact.value;
  return h`<p style="${STYLE.fact}"><strong>${fact.label}:</strong> ${value}</p>`;
}

function itemHtml(item: PromptItem): Html {
  return h`<div style="${STYLE.item}">
<h2 style="${STYLE.heading}">${item.heading}</h2>
${item.body ? h`<p style="${STYLE.text}">${lines(item.body)}</p>` : ''}
${item.draft ? draftHtml(item.draft) : ''}
${item.actions.length > 0 ? h`<p style="margin:0;">${item.actions.map((a) => button(a, 'secondary'))}</p>` : ''}
</div>`;
}

function draftHtml(draft: DraftView): Html {
  return h`<p style="${STYLE.draftMeta}">Draft to ${recipient(draft)} · Subject: ${draft.subject}</p>
<blockquote style="${STYLE.quote}">${lines(draft.body)}</blockquote>
<p style="margin:0;">${button({ label: 'Open in my mail app', url: draft.mailto }, 'primary')}${
    draft.editUrl ? button({ label: 'Edit first', url: draft.editUrl }, 'secondary') : ''
  }</p>`;
}

function promptActionsHtml(actions: LinkView[]): Html {
  return h`<div style="${STYLE.item}">
<h2 style="${STYLE.heading}">Anything new?</h2>
<p style="margin:0;">${actions.map((a) => button(a, 'secondary'))}</p>
</div>`;
}

function footerHtml(view: PromptView): Html {
  return h`<p style="${STYLE.footer}">Why you got this: ${view.why}<br>
Afterview drafts; you send. It never writes to employers.<br>
<a href="${safeHref(view.dashboardUrl)}" style="${STYLE.footerLink}">Open your dashboard</a> ·
<a href="${safeHref(view.unsubscribeUrl)}" style="${STYLE.footerLink}">Pause these prompts</a></p>`;
}

function button(link: LinkView, kind: 'primary' | 'secondary'): Html {
  return h`<a href="${safeHref(link.url)}" style="${STYLE[kind]}">${link.label}</a>`;
}

/** Text with its line breaks kept; each line escaped on its own. */
function lines(text: string): Html[] {
  return text.split(/\r?\n/).map((line, i) => (i === 0 ? h`${line}` : h`<br>${line}`));
}

function recipient(draft: DraftView): string {
  const name = draft.toName ?? draft.to ?? 'them';
  return draft.to && draft.toName ? `${draft.toName} <${draft.to}>` : name;
}

/**
 * The text part: the drafts to read, one link per draft (its page edits,
 * opens in the mail app and marks it sent), the few prompt-wide actions, and
 * the footer. No `mailto:` links: in plain text they are paragraphs long.
 */
function renderText(view: PromptView): string {
  const out: string[] = [view.headline, ''];
  for (const fact of view.facts) out.push(`${fact.label}: ${fact.value}`);
  for (const item of view.items) out.push('', ...itemText(item));
  if (view.actions.length > 0) out.push('', '-- Anything new? --', ...view.actions.map(linkText));
  out.push(
    '',
    '--',
    `Why you got this: ${view.why}`,
    'Afterview drafts; you send. It never writes to employers.',
    `Dashboard: ${view.dashboardUrl}`,
    `Pause: ${view.unsubscribeUrl}`,
  );
  return `${out.join('\n')}\n`;
}

function itemText(item: PromptItem): string[] {
  const out = [`== ${oneLine(item.heading)} ==`];
  if (item.body) out.push(item.body);
  if (item.draft) {
    const d = item.draft;
    out.push(`Draft to ${recipient(d)}`, `Subject: ${d.subject}`, '');
    out.push(...d.body.split(/\r?\n/).map((line) => `> ${line}`), '');
    if (d.editUrl) out.push(`Edit and send: ${d.editUrl}`);
  }
  // With a draft page, its page carries these too.
  if (!item.draft?.editUrl) out.push(...item.actions.map(linkText));
  return out;
}

function linkText(link: LinkView): string {
  return `${oneLine(link.label, 120)}: ${link.url}`;
}
