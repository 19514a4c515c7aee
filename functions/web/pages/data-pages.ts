/** Pages for deleting all data, and the cloud's placeholder home. */
import { type Html, h } from '../html.js';

/** Asks for the typed confirmation before deleting everything. */
export function deleteForm(problem?: string): Html {
  return h`<h1>Delete my data</h1>
${problem ? h`<p class="notice error" role="alert">${problem}</p>` : ''}
<p>This deletes your settings, interviews, applications, tasks and prompts, and stops watching your calendars. It cannot be undone. You may want to <a href="/export">download your data</a> first.</p>
<form method="post" action="/delete">
<div class="field"><label for="confirm">Type DELETE to confirm</label>
<input type="text" id="confirm" name="confirm" required autocomplete="off" maxlength="20"></div>
<button type="submit" class="danger">Delete everything</button>
</form>`;
}

export function deleted(): Html {
  return h`<h1>Your data is deleted</h1><p>Afterview no longer keeps anything about you. Restart it to begin again.</p>`;
}

/** `/` in the cloud, until sign-in arrives with calendar connections. */
export function cloudHome(): Html {
  return h`<h1>Afterview</h1>
<p>Afterview watches your calendar for job interviews and prompts you to follow up: a thank-you note per interviewer, and a polite status check when the waiting is over.</p>
<p class="notice">Sign-in comes with calendar connections. Until then, use the links in your prompt mails.</p>`;
}
