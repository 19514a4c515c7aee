/** A draft on a page: who it is for, the text, and how to send it. */
import type { DraftView } from '../../core/ports.js';
import { type Html, h, safeHref } from '../html.js';
import type { FormValues } from './action-pages.js';

function recipient(draft: DraftView): string | undefined {
  return draft.toName && draft.to ? `${draft.toName} <${draft.to}>` : (draft.toName ?? draft.to);
}

/** A draft to read: `id` must be unique in the page (the copy button points at it). */
export function draftBlock(draft: DraftView, id: string): Html {
  const to = recipient(draft);
  return h`<div class="draft">
<p class="muted">${to ? h`To: ${to}<br>` : ''}Subject: ${draft.subject}</p>
<blockquote id="${id}">${draft.body}</blockquote>
<p>${draft.editUrl ? h`<a class="button" href="${safeHref(draft.editUrl)}">Edit and send</a>` : h`<a class="button" href="${safeHref(draft.mailto)}">Open in my mail app</a>`}<button type="button" class="secondary" data-copy="${id}" hidden>Copy text</button></p>
</div>`;
}

/**
 * The draft as form fields (the edit page): the form's one button saves the
 * edit and opens it in the mail app, so it works without scripts too.
 */
export function draftFields(draft: DraftView, values: FormValues): Html {
  const to = recipient(draft);
  return h`<div class="draft card">
${to ? h`<p class="muted">To: ${to}</p>` : h`<p class="muted">No address in the invitation: add it in your mail app.</p>`}
<div class="field"><label for="subject">Subject</label>
<input type="text" id="subject" name="subject" maxlength="300" required value="${values.subject ?? draft.subject}"></div>
<div class="field"><label for="body">Your note</label>
<textarea id="body" name="body" rows="14" maxlength="10000" required>${values.body ?? draft.body}</textarea></div>
${draft.editedAt ? h`<p class="muted">Your edit is saved.</p>` : ''}
</div>`;
}
