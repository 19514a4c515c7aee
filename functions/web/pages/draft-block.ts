/** A draft on a page: who it is for, the text, and how to send it. */
import type { DraftView } from '../../core/ports.js';
import { type Html, h, safeHref } from '../html.js';

/** `id` must be unique in the page: the copy button points at it. */
export function draftBlock(draft: DraftView, id: string): Html {
  const to = draft.toName && draft.to ? `${draft.toName} <${draft.to}>` : (draft.toName ?? draft.to);
  return h`<div class="draft">
<p class="muted">${to ? h`To: ${to}<br>` : ''}Subject: ${draft.subject}</p>
<blockquote id="${id}">${draft.body}</blockquote>
<p><a class="button" href="${safeHref(draft.mailto)}">Open in your mail app</a><button type="button" class="secondary" data-copy="${id}" hidden>Copy text</button>${
    draft.editUrl ? h`<a class="button secondary" href="${safeHref(draft.editUrl)}">Edit</a>` : ''
  }</p>
</div>`;
}
