/** A draft on a page: who it is for, the text, and how to send it. */
import type { DraftView } from '../../core/ports.js';
import { type Html, h, safeHref } from '../html.js';

export interface DraftBlockOptions {
  /**
   * Show the text in a textarea; with scripts on, the mail-app link follows
   * the edits (without them, copy the text by hand).
   */
  editable?: boolean;
}

/** `id` must be unique in the page: the copy button and the link point at it. */
export function draftBlock(draft: DraftView, id: string, options: DraftBlockOptions = {}): Html {
  const to = draft.toName && draft.to ? `${draft.toName} <${draft.to}>` : (draft.toName ?? draft.to);
  const text = options.editable
    ? h`<label for="${id}">Your note</label>
<textarea id="${id}" rows="12" data-draft-link="${id}-open">${draft.body}</textarea>`
    : h`<blockquote id="${id}">${draft.body}</blockquote>`;
  return h`<div class="draft">
<p class="muted">${to ? h`To: ${to}<br>` : ''}Subject: ${draft.subject}</p>
${text}
<p><a class="button" id="${id}-open" href="${safeHref(draft.mailto)}">Open in your mail app</a><button type="button" class="secondary" data-copy="${id}" hidden>Copy text</button>${
    draft.editUrl ? h`<a class="button secondary" href="${safeHref(draft.editUrl)}">Edit</a>` : ''
  }</p>
</div>`;
}
