/** The settings form (local). */
import { describeRule } from '../../core/detection/learned.js';
import type { Settings } from '../../core/model.js';
import { type Html, h } from '../html.js';

/** What the form shows: stored settings, or what was typed when it failed. */
export interface SettingsValues {
  version: string;
  signAs: string;
  /** The calendar account's name: what drafts use while `signAs` is blank. */
  accountName?: string;
  timeZone: string;
  waitingWindowDays: string;
  prepEnabled: boolean;
  prepMinutesBefore: string;
  paused: boolean;
  always: string;
  never: string;
  /** Rules learned from answers, as sentences; removable one by one. */
  learned?: string[];
}

/** Form values from stored settings. */
export function settingsValues(settings: Settings): SettingsValues {
  return {
    version: String(settings.version),
    signAs: settings.signAs ?? '',
    ...(settings.accountName ? { accountName: settings.accountName } : {}),
    timeZone: settings.timeZone,
    waitingWindowDays: String(settings.waitingWindowDays),
    prepEnabled: settings.prepEnabled,
    prepMinutesBefore: String(settings.prepMinutesBefore),
    paused: settings.paused,
    always: settings.rules.always.join('\n'),
    never: settings.rules.never.join('\n'),
    learned: (settings.rules.learned ?? []).map((rule) => `${describeRule(rule)} (from "${rule.from}")`),
  };
}

/** Form values from a submitted form, to show it again as typed. */
export function submittedValues(form: Record<string, string>): SettingsValues {
  return {
    version: form.version ?? '0',
    signAs: form.signAs ?? '',
    timeZone: form.timeZone ?? '',
    waitingWindowDays: form.waitingWindowDays ?? '',
    prepEnabled: form.prepEnabled === 'on',
    prepMinutesBefore: form.prepMinutesBefore ?? '',
    paused: form.paused === 'on',
    always: form.always ?? '',
    never: form.never ?? '',
  };
}

export interface SettingsNotice {
  kind: 'ok' | 'error';
  text: string;
}

/** The body of `/settings`. */
export function settingsPage(
  values: SettingsValues,
  zones: readonly string[],
  notice?: SettingsNotice,
): Html {
  const role = notice?.kind === 'error' ? 'alert' : 'status';
  return h`<h1>Settings</h1>
${notice ? h`<p class="notice ${notice.kind}" role="${role}">${notice.text}</p>` : ''}
<form method="post" action="/settings">
<input type="hidden" name="version" value="${values.version}">
<div class="field"><label for="signAs">Sign my drafts as</label>
<input type="text" id="signAs" name="signAs" maxlength="100" autocomplete="name" value="${values.signAs}" placeholder="${values.accountName ?? 'Your name'}" aria-describedby="signAsHelp">
<p class="muted" id="signAsHelp">${values.accountName ? `Left blank, drafts are signed "${values.accountName}", the name on your calendar.` : 'Your name as you sign your emails, like Sam Rivera.'}</p></div>
<div class="field"><label for="timeZone">Time zone</label>
<input type="text" id="timeZone" name="timeZone" list="zones" required maxlength="64" autocomplete="off" value="${values.timeZone}" aria-describedby="timeZoneHelp">
<p class="muted" id="timeZoneHelp">Times in mails and pages are shown in this zone, like Europe/Berlin.</p>
<datalist id="zones">${zones.map((z) => h`<option value="${z}">`)}</datalist></div>
<div class="field"><label for="waitingWindowDays">Ask about status after (business days)</label>
<input type="number" id="waitingWindowDays" name="waitingWindowDays" min="1" max="60" required value="${values.waitingWindowDays}">
<p class="muted">Used when the employer gave no timeline.</p></div>
<fieldset><legend>Prep reminder</legend>
<div class="field"><label class="inline"><input type="checkbox" name="prepEnabled"${values.prepEnabled ? ' checked' : ''}> Send a short prep prompt before each interview</label></div>
<div class="field"><label for="prepMinutesBefore">Minutes before</label>
<input type="number" id="prepMinutesBefore" name="prepMinutesBefore" min="5" max="1440" required value="${values.prepMinutesBefore}"></div>
</fieldset>
<div class="field"><label class="inline"><input type="checkbox" name="paused"${values.paused ? ' checked' : ''}> Pause all prompts</label></div>
<fieldset><legend>Detection rules</legend>
<div class="field"><label for="always">Always an interview when the title has</label>
<textarea id="always" name="always" rows="3" aria-describedby="kwHelp">${values.always}</textarea></div>
<div class="field"><label for="never">Never an interview when the title has</label>
<textarea id="never" name="never" rows="3" aria-describedby="kwHelp">${values.never}</textarea></div>
<p class="muted" id="kwHelp">One keyword per line, up to 50.</p>
</fieldset>
<button type="submit">Save settings</button>
</form>
${learnedRules(values)}`;
}

/** Rules learned from the person's answers, each with its own remove form. */
function learnedRules(values: SettingsValues): Html {
  const rules = values.learned ?? [];
  if (rules.length === 0) return h``;
  return h`<section aria-labelledby="learnedHeading"><h2 id="learnedHeading">Learned from your answers</h2>
<ul>${rules.map(
    (text, index) => h`<li>${text} <form method="post" action="/settings/learned/remove" class="inline">
<input type="hidden" name="index" value="${String(index)}"><input type="hidden" name="version" value="${values.version}">
<button type="submit">Remove</button></form></li>`,
  )}</ul></section>`;
}
