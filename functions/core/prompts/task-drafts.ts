/** The draft behind a task, rebuilt from stored data for the draft page. */

import { NotFoundError } from '../errors.js';
import { thankYouPeople } from '../loops.js';
import type { Interview, Settings } from '../model.js';
import type { Deps, DraftView } from '../ports.js';
import { formatInZone } from '../timing.js';
import { askAddressDraft, type Draft, signatureFor, statusCheckDraft, thankYouDraft } from './drafts.js';
import { mailtoUrl } from './mailto.js';

export async function draftForTask(
  deps: Pick<Deps, 'store'>,
  settings: Settings,
  taskId: string,
): Promise<DraftView> {
  const task = await deps.store.get('task', settings.userId, taskId);
  if (!task) throw new NotFoundError('That task no longer exists.');
  const app = await deps.store.get('application', settings.userId, task.applicationId);
  const interview = task.interviewId
    ? await deps.store.get('interview', settings.userId, task.interviewId)
    : undefined;
  const appInfo = {
    company: app?.company ?? interview?.company ?? '',
    role: app?.role ?? interview?.role,
    contact: app?.contact,
  };
  const signature = signatureFor(settings.email);
  let draft: Draft;
  if (task.kind === 'thank-you' && task.interviewer && interview) {
    const index = await loopIndex(deps, interview, task.interviewer.key);
    draft = thankYouDraft(task.interviewer, interview, appInfo, index, signature);
  } else if (task.kind === 'ask-address') {
    draft = askAddressDraft(
      appInfo.contact ?? interview?.organizer,
      [task.interviewer?.name ?? ''],
      appInfo,
      signature,
    );
  } else {
    // Status-check tasks name no interview: use the latest one, as the mail did.
    const last = interview ?? (await latestInterview(deps, settings.userId, task.applicationId));
    const when = last ? formatInZone(last.start, settings.timeZone).split(',')[0]! : 'recently';
    draft = statusCheckDraft(appInfo, when, signature);
  }
  return { ...draft, mailto: mailtoUrl(draft.to, draft.subject, draft.body) };
}

/** The application's latest scheduled interview (by end), as the status-check mail names it. */
async function latestInterview(
  deps: Pick<Deps, 'store'>,
  userId: string,
  applicationId: string,
): Promise<Interview | undefined> {
  const interviews = await deps.store.list('interview', userId);
  return interviews
    .filter((i) => i.applicationId === applicationId && i.state === 'scheduled')
    .sort((a, b) => Date.parse(b.end) - Date.parse(a.end))[0];
}

/**
 * The person's position in the loop's thank-you prompt, numbered as the mail
 * numbered it: the wording varies by position, so the page must match the mail.
 */
async function loopIndex(deps: Pick<Deps, 'store'>, interview: Interview, key: string): Promise<number> {
  const promptId = interview.thankYouPromptId;
  const prompt = promptId ? await deps.store.get('prompt', interview.userId, promptId) : undefined;
  const ids = prompt?.interviewIds.length ? prompt.interviewIds : [interview.id];
  const members = await Promise.all(
    ids.map((id) => (id === interview.id ? interview : deps.store.get('interview', interview.userId, id))),
  );
  const loop = members.filter((member): member is Interview => member !== undefined);
  const people = thankYouPeople(loop);
  const index = people.findIndex((p) => p.interview.id === interview.id && p.person.key === key);
  return Math.max(index, 0);
}
