/**
 * The draft behind a task, rebuilt from stored data: the same text the
 * prompt mail showed, or the user's own edit once they saved one.
 */

import { NotFoundError } from '../errors.js';
import { thankYouPeople } from '../loops.js';
import type { Application, Interview, Settings, Task } from '../model.js';
import type { Deps, DraftView } from '../ports.js';
import { dayInWords, formatDay, localDate } from '../timing.js';
import { askAddressDraft, type Draft, signatureOf, statusCheckDraft, stayInTouchDraft } from './drafts.js';
import { mailtoUrl } from './mailto.js';
import { roundOf } from './round-names.js';
import { thankYouDrafts } from './thank-you-drafts.js';

type DraftDeps = Pick<Deps, 'store' | 'clock'>;

export async function draftForTask(deps: DraftDeps, settings: Settings, taskId: string): Promise<DraftView> {
  const task = await deps.store.get('task', settings.userId, taskId);
  if (!task) throw new NotFoundError('That task no longer exists.');
  const draft = await generatedDraft(deps, settings, task);
  const text = task.draft ? { subject: task.draft.subject, body: task.draft.body } : draft;
  return {
    ...draft,
    ...text,
    mailto: mailtoUrl(draft.to, text.subject, text.body),
    ...(task.draft ? { editedAt: task.draft.savedAt } : {}),
  };
}

async function generatedDraft(deps: DraftDeps, settings: Settings, task: Task): Promise<Draft> {
  const app = await deps.store.get('application', settings.userId, task.applicationId);
  const interview = task.interviewId
    ? await deps.store.get('interview', settings.userId, task.interviewId)
    : undefined;
  const appInfo = {
    company: app?.company ?? interview?.company ?? '',
    role: app?.role ?? interview?.role,
    contact: app?.contact,
    timeline: app?.timeline,
  };
  const signature = signatureOf(settings);
  if (task.kind === 'thank-you' && task.interviewer && interview) {
    const loop = await loopOfPrompt(deps, interview);
    const drafts = await loopThankYous(deps, settings, loop, app);
    const found = drafts.get(draftKey(interview.id, task.interviewer.key));
    if (found) return found;
    const [alone] = thankYouDrafts(
      [{ person: task.interviewer, interview, metBefore: false, laterRound: false, when: 'today' }],
      appInfo,
      signature,
    );
    return alone!;
  }
  if (task.kind === 'ask-address') {
    // One request covers everyone of the prompt named without an address, as the mail did.
    const loop = interview ? await loopOfPrompt(deps, interview) : [];
    const names = thankYouPeople(loop)
      .filter(({ person }) => !person.email && person.name)
      .map(({ person }) => person.name!);
    return askAddressDraft(
      appInfo.contact ?? interview?.organizer,
      names.length > 0 ? names : [task.interviewer?.name ?? ''],
      appInfo,
      signature,
    );
  }
  if (task.kind === 'stay-in-touch') return stayInTouchDraft(appInfo, signature);
  // Status-check tasks name no interview: use the latest one, as the mail did.
  const last = interview ?? (await latestInterview(deps, settings.userId, task.applicationId));
  return statusCheckDraft(appInfo, lastRound(last, settings.timeZone), signature);
}

/** How a status check names the last interview: its day, and its round when the title says. */
export function lastRound(last: Interview | undefined, zone: string): { day: string; round?: string } {
  if (!last) return { day: 'recently' };
  // Only rounds that are interviews by name read well as "my <round> interview".
  const name = roundOf(last.title)?.name;
  const round = name && / interviews?$/.test(name) ? name.replace(/ interviews?$/, '') : undefined;
  return { day: formatDay(last.start, zone), ...(round ? { round } : {}) };
}

/** The application's latest scheduled interview (by end), as the status-check mail names it. */
async function latestInterview(
  deps: DraftDeps,
  userId: string,
  applicationId: string,
): Promise<Interview | undefined> {
  const interviews = await deps.store.list('interview', userId);
  return interviews
    .filter((i) => i.applicationId === applicationId && i.state === 'scheduled')
    .sort((a, b) => Date.parse(b.end) - Date.parse(a.end))[0];
}

/** The interviews the thank-you prompt covered, as the mail grouped them (the interview alone before it). */
export async function loopOfPrompt(deps: DraftDeps, interview: Interview): Promise<Interview[]> {
  const promptId = interview.thankYouPromptId;
  const prompt = promptId ? await deps.store.get('prompt', interview.userId, promptId) : undefined;
  const ids = prompt?.interviewIds.length ? prompt.interviewIds : [interview.id];
  const members = await Promise.all(
    ids.map((id) => (id === interview.id ? interview : deps.store.get('interview', interview.userId, id))),
  );
  return members.filter((member): member is Interview => member !== undefined);
}

export function draftKey(interviewId: string, personKey: string): string {
  return `${interviewId}#${personKey}`;
}

/**
 * The thank-you notes of one loop, keyed by interview and person: the mail
 * and the draft page both take them from here, so they always agree. Earlier
 * rounds of the application tell who is met again.
 */
export async function loopThankYous(
  deps: DraftDeps,
  settings: Settings,
  loop: Interview[],
  app: Application | undefined,
): Promise<Map<string, Draft>> {
  const first = [...loop].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
  if (!first) return new Map();
  const inLoop = new Set(loop.map((i) => i.id));
  const earlier = (await deps.store.list('interview', settings.userId)).filter(
    (i) =>
      i.applicationId === first.applicationId &&
      i.state === 'scheduled' &&
      !inLoop.has(i.id) &&
      Date.parse(i.start) < Date.parse(first.start),
  );
  const metBefore = new Set(earlier.flatMap((i) => i.interviewers.map((p) => p.key)));
  const firstDay = localDate(first.start, settings.timeZone);
  const laterRound = earlier.some((i) => localDate(i.start, settings.timeZone) !== firstDay);
  const now = deps.clock.now();
  const people = thankYouPeople(loop);
  const drafts = thankYouDrafts(
    people.map(({ interview, person }) => ({
      person,
      interview,
      metBefore: metBefore.has(person.key),
      laterRound,
      when: dayInWords(interview.end, now, settings.timeZone),
    })),
    { company: app?.company || first.company || '', role: app?.role ?? first.role },
    signatureOf(settings),
  );
  return new Map(people.map(({ interview, person }, i) => [draftKey(interview.id, person.key), drafts[i]!]));
}
