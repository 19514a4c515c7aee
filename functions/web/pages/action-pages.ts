/** Pages behind signed links: the one-button form, the result, the refusals. */
import type { LinkView } from '../../core/ports.js';
import type { ActionPage, ActionResult } from '../deps.js';
import { NOTE_PREFIX } from '../forms.js';
import { type Html, h, safeHref } from '../html.js';
import { draftBlock, draftFields } from './draft-block.js';

/** Values typed into the form, shown again when it comes back with an error. */
export type FormValues = Partial<Record<string, string>>;

/** `GET /a/:token`: what the link does, and one button that does it (POST). */
export function actionForm(page: ActionPage, formUrl: string, typed?: FormValues, error?: string): Html {
  const values: FormValues = typed ?? page.values ?? {};
  const oneTap = page.fields.length === 1 && page.fields[0] === 'timeline';
  return h`${heading(page.title, page.subtitle)}
${error ? h`<p class="notice error" role="alert">${error}</p>` : ''}
<p>${page.description}</p>
${facts(page.facts.filter((f) => !f.label.startsWith(NOTE_PREFIX)))}
<form method="post" action="${formUrl}">
${page.draft && page.fields.includes('draft') ? draftFields(page.draft, values) : ''}
${oneTap ? timelineChoices(values, page.button) : page.fields.includes('timeline') ? timelineField(values) : ''}
${page.fields.includes('outcome') ? outcomeField(values) : ''}
${page.fields.includes('notes') ? notesFields(page, values) : ''}
${page.fields.includes('pause') ? pauseField(values) : ''}
${oneTap ? '' : h`<button type="submit">${page.button}</button>`}
</form>
${page.links?.length ? linkList(page.links) : ''}
<p class="muted">Nothing changes until you press a button.</p>`;
}

/** `POST /a/:token` done: what happened, and a draft when there is one. */
export function actionDone(result: ActionResult): Html {
  return h`<h1>${result.title}</h1>
<p class="notice ok" role="status">${result.message}</p>
${result.draft ? h`<div class="card">${draftBlock(result.draft, 'draft')}</div>` : ''}
${result.links?.length ? linkList(result.links) : ''}
<p><a href="/">Back to your dashboard</a></p>`;
}

/** The page's title, and under it the company and role it is about. */
function heading(title: string, subtitle: string | undefined): Html {
  return h`<h1>${title}</h1>${subtitle ? h`<p class="subtitle">${subtitle}</p>` : ''}`;
}

/** A definition list of short facts ("When", "With"...). */
export function facts(items: Array<{ label: string; value: string }>): Html | string {
  if (items.length === 0) return '';
  return h`<dl class="facts">${items.map((f) => h`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`;
}

function linkList(links: LinkView[]): Html {
  return h`<p>${links.map((l) => h`<a class="button secondary" href="${safeHref(l.url)}">${l.label}</a>`)}</p>`;
}

/** "They said…": one tap for the usual answers, a date for the rest. */
function timelineChoices(values: FormValues, dateButton: string): Html {
  return h`<fieldset>
<legend>They said I would hear back in…</legend>
<p class="row"><button type="submit" name="wait" value="1w">1 week</button><button type="submit" name="wait" value="2w">2 weeks</button></p>
<div class="field"><label for="date">…or pick a date</label>
<div class="row"><input type="date" id="date" name="date" value="${values.date ?? ''}"><button type="submit" class="secondary">${dateButton}</button></div></div>
</fieldset>`;
}

/** The timeline inside a bigger form: one tap each, no typing. */
function timelineField(values: FormValues): Html {
  const wait = values.wait ?? (values.date ? 'date' : '');
  const choice = (value: string, label: string) =>
    h`<label class="inline"><input type="radio" name="wait" value="${value}"${wait === value ? ' checked' : ''}> ${label}</label>`;
  return h`<fieldset>
<legend>Did they say when you would hear back?</legend>
<p>${choice('', 'They did not say')}${choice('1w', 'In 1 week')}${choice('2w', 'In 2 weeks')}</p>
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

function pauseField(values: FormValues): Html {
  const length = values.length ?? 'week';
  const choice = (value: string, label: string) =>
    h`<label class="inline"><input type="radio" name="length" value="${value}"${length === value ? ' checked' : ''}> ${label}</label>`;
  return h`<fieldset>
<legend>For how long?</legend>
<p>${choice('week', 'For a week')}${choice('resume', 'Until I resume')}</p>
</fieldset>`;
}

/**
 * Per interviewer, what was discussed: it goes into their thank-you note
 * (the action lists them as facts labelled `note:<key>` with the person's
 * name as value). Then one private field that never goes into any email.
 */
function notesFields(page: ActionPage, values: FormValues): Html {
  const people = page.facts.filter((f) => f.label.startsWith(NOTE_PREFIX));
  return h`${
    people.length > 0
      ? h`<fieldset><legend>For the emails</legend>
<p class="muted">A few words about what you discussed with each person. They go into that person's thank-you note: "I especially enjoyed our discussion of …".</p>
${people.map((person, i) =>
  noteArea(
    `note-${i}`,
    person.label,
    `What you discussed with ${person.value}`,
    values[person.label],
    'e.g. the move from Airflow to Dagster',
    2,
  ),
)}</fieldset>`
      : ''
  }
<fieldset><legend>Private</legend>
${noteArea('private', 'private', 'Private notes (never put in any email)', values.private, 'Reminders for yourself', 4)}
</fieldset>`;
}

function noteArea(
  id: string,
  name: string,
  label: string,
  value: string | undefined,
  placeholder: string,
  rows: number,
): Html {
  return h`<div class="field"><label for="${id}">${label}</label>
<textarea id="${id}" name="${name}" maxlength="2000" rows="${rows}" placeholder="${placeholder}">${value ?? ''}</textarea></div>`;
}
