/** Pages for downloading and deleting all data, and the home of an app without sign-in set up. */
import { type Html, h } from '../html.js';

/** Asks for the typed confirmation before deleting everything. */
export function deleteForm(problem?: string): Html {
  return h`<h1>Delete my data</h1>
${problem ? h`<p class="notice error" role="alert">${problem}</p>` : ''}
<p>This deletes your settings, interviews, applications, tasks and prompts, cancels every prompt still planned, stops watching your calendars and signs you out everywhere. It cannot be undone. You may want to <a href="/export">download your data</a> first.</p>
<form method="post" action="/delete">
<div class="field"><label for="confirm">Type DELETE to confirm</label>
<input type="text" id="confirm" name="confirm" required autocomplete="off" maxlength="20"></div>
<button type="submit" class="danger">Delete everything</button>
</form>`;
}

export function deleted(signedIn: boolean): Html {
  const again = signedIn
    ? h`<p>You are signed out. <a href="/sign-in">Signing in again</a> starts a new, empty account.</p>`
    : h`<p>Restart Afterview to begin again.</p>`;
  return h`<h1>Your data is deleted</h1><p>Afterview no longer keeps anything about you.</p>${again}`;
}

/** `/export`: what can be downloaded, in which form. */
export function exportPage(): Html {
  return h`<h1>Your data</h1>
<p>Download everything Afterview keeps about you.</p>
<ul class="plain">
<li><p><a class="button" href="/export?download">Download all (JSON)</a></p><p class="muted">Your account, calendars, applications with their interviews, tasks and notes. Times are in your time zone.</p></li>
<li><p><a class="button secondary" href="/export/applications.csv">Applications (CSV)</a></p><p class="muted">One row per application; opens in a spreadsheet.</p></li>
</ul>
<p><a href="/delete">Delete my data</a></p>`;
}

/** `/` of an app with neither sign-in nor a local user: a wiring mistake, said plainly. */
export function cloudHome(): Html {
  return h`<h1>Afterview</h1>
<p>Afterview watches your calendar for job interviews and prompts you to follow up: a thank-you note per interviewer, and a polite status check when the waiting is over.</p>
<p class="notice">Sign-in is not set up here: the deployment has no allow-list. Use the links in your prompt mails.</p>`;
}
