/** The draft behind a task, rebuilt from stored data for the draft page. */
import { askAddressDraft, type Draft, signatureFor, statusCheckDraft, thankYouDraft } from './drafts.js';
import { NotFoundError } from './errors.js';
import { mailtoUrl } from './mailto.js';
import type { Settings } from './model.js';
import type { Deps, DraftView } from './ports.js';
import { formatInZone } from './timing.js';

export async function draftForTask(deps: Pick<Deps, 'store'>, settings: Settings, taskId: string): Promise<DraftView> {
  const task = await deps.store.get('task', settings.userId, taskId);
  if (!task) throw new NotFoundError('That task no longer exists.');
  const app = await deps.store.get('application', settings.userId, task.applicationId);
  const interview = task.interviewId ? await deps.store.get('interview', settings.userId, task.interviewId) : undefined;
  const appInfo = { company: app?.company ?? interview?.company ?? '', role: app?.role ?? interview?.role, contact: app?.contact };
  const signature = signatureFor(settings.email);
  let draft: Draft;
  if (task.kind === 'thank-you' && task.interviewer && interview) {
    const index = interview.interviewers.findIndex((p) => p.key === task.interviewer?.key);
    draft = thankYouDraft(task.interviewer, interview, appInfo, Math.max(index, 0), signature);
  } else if (task.kind === 'ask-address') {
    draft = askAddressDraft(appInfo.contact ?? interview?.organizer, [task.interviewer?.name ?? ''], appInfo, signature);
  } else {
    const when = interview ? formatInZone(interview.start, settings.timeZone).split(',')[0]! : 'recently';
    draft = statusCheckDraft(appInfo, when, signature);
  }
  return { ...draft, mailto: mailtoUrl(draft.to, draft.subject, draft.body) };
}
