/** Pages behind signed links: the one-button form, the result, the refusals. */
import type { LinkView } from '../../core/ports.js';
import type { ActionPage, ActionResult } from '../deps.js';
import { NOTE_PREFIX } from '../forms.js';
import { type Html, h, safeHref } from '../html.js';
import { draftBlock } from './draft-block.js';

/** Values typed into the form, shown again when it comes back with an error. */
export type FormValues = Partial<Record<string, string>>;

/** `GET /a/:token`: what the link does, and one button that does it (POST). */
export function actionForm(page: ActionPage, formUrl: string, values: FormValues = {}, error?: string): Html {
  return h`<h1>${page.title}</h1>
${error ? h`<p class="notice error" role="alert">${error}</p>` : ''}
<p>${page.description}</p>
${facts(page.facts.filter((f) => !f.label.startsWith(NOTE_PREFIX)))}
${page.draft ? h`<div class="card">${draftBlock(page.draft, 'draft', { editable: true })}</div>` : ''}
<form method="post" action="${formUrl}">
${page.fields.includes('timeline') ? timelineField(values) : ''}
${page.fields.includes('outcome') ? outcomeField(values) : ''}
${page.fields.includes('notes') ? notesFields(page, values) : ''}
<button type="submit">${page.button}</button>
</form>
<p class="muted">Nothing changes until you press the button.</p>`;
}

/** `POST /a/:token` done: what happened, and a draft when there is one. */
export function actionDone(result: ActionResult): Html {
  return h`<h1>${result.title}</h1>
<p class="notice ok" role="status">${result.message}</p>
${result.draft ? h`<div class="card">${draftBlock(result.draft, 'draft', { editable: true })}</div>` : ''}
${result.links?.length ? linkList(result.links) : ''}`;
}

/** A definition list of short facts ("When", "With"...). */
export function facts(items: Array<{ label: string; value: string }>): Html | string {
  if (items.length === 0) return '';
  return h`<dl class="facts">${items.map((f) => h`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`;
}

function linkList(links: LinkView[]): Html {
  return h`<p>${links.map((l) => h`<a class="button secondary" href="${safeHref(l.url)}">${l.label}</a>`)}</p>`;
}

function timelineField(values: FormValues): Html {
  const unit = values.unit ?? 'days';
  return h`<fieldset>
<legend>When did they say you would hear back?</legend>
<div class="field"><label for="amount">In</label>
<div class="row"><input type="number" id="amount" name="amount" min="1" max="365" inputmode="numeric" value="${values.amount ?? ''}">
<select class="unit" id="unit" name="unit" aria-label="Unit">
<option value="days"${unit === 'days' ? ' selected' : ''}>business days</option>
<option value="weeks"${unit === 'weeks' ? ' selected' : ''}>weeks</option>
</select></div></div>
<div class="field"><label for="date">Or by a date</label>
<input type="date" id="date" name="date" value="${values.date ?? ''}"></div>
</fieldset>`;
}

const OUTCOMES = [
  ['next-round', 'Next round'],
  ['offer', 'An offer'],
  ['rejected', 'Not this time'],
] as const;

function outcomeField(values: FormValues): Html {
  return h`<fieldset>
<legend>What did you hear?</legend>
${OUTCOMES.map(
  ([value, label]) =>
    h`<label class="inline"><input type="radio" name="outcome" value="${value}"${values.outcome === value ? ' checked' : ''} required> ${label}</label>`,
)}
</fieldset>`;
}

/**
 * One note per interviewer (the action lists them as facts labelled
 * `note:<key>` with the person's name as value), then one for the whole interview.
 */
function notesFields(page: ActionPage, values: FormValues): Html {
  const people = page.facts.filter((f) => f.label.startsWith(NOTE_PREFIX));
  return h`${people.map((person, i) =>
    noteArea(`note-${i}`, person.label, `Notes on ${person.value}`, values[person.label]),
  )}${noteArea('notes', 'notes', people.length > 0 ? 'Notes on the interview' : 'Notes', values.notes)}`;
}

function noteArea(id: string, name: string, label: string, value: string | undefined): Html {
  return h`<div class="field"><label for="${id}">${label}</label>
<textarea id="${id}" name="${name}" maxlength="2000" rows="3">${value ?? ''}</textarea></div>`;
}
