/**
 * What the action links in prompt mails do. `describe` is for GET: it reads
 * and explains, never writes. `perform` is for POST: it checks the link is
 * genuine, current and unused, validates the form, then acts. Every action is
 * idempotent, so a crash after "use once" and before the write only costs
 * the user a fresh link from the dashboard.
 */

import { DateTime } from 'luxon';
import { z } from 'zod';
import { type ApplyContext, endInterview, restoreInterview } from './apply-change.js';
import { learnFromAnswer } from './ask.js';
import { ConflictError, LinkRejectedError, NotFoundError, ValidationError } from './errors.js';
import { thankYouPeople } from './loops.js';
import type { Application, Interview, Settings, Task } from './model.js';
import { planInterview, planStatusCheck } from './planning.js';
import type { Deps, DraftView, LinkView } from './ports.js';
import {
  type ActionClaims,
  type ActionPurpose,
  actionUrl,
  type LinkDeps,
  readAction,
} from './prompts/action-links.js';
import { draftForTask, loopOfPrompt } from './prompts/task-drafts.js';
import { applicationLine, taskTitle } from './prompts/task-words.js';
import { retryOnConflict } from './retry.js';
import {
  dropEventTasks,
  openStayInTouch,
  recordHistory,
  reopenEventTasks,
  saveTaskDraft,
} from './task-actions.js';
import { formatInZone, nextBusinessMorning, toInstant } from './timing.js';
import { describeIssues } from './zod-issues.js';

/**
 * The api function's ports for the action links: it reads and writes the
 * store, replans schedules and signs links; it sends no mail.
 */
export type ActionDeps = Pick<Deps, 'store' | 'scheduler' | 'clock' | 'log'> & LinkDeps;

/** What `GET /a/:token` shows: one button, and the fields its form needs. */
export interface ActionPage {
  title: string;
  /** The company and role it is about ("Acme · Backend Engineer"), when there is one. */
  subtitle?: string;
  description: string;
  button: string;
  fields: Array<'timeline' | 'outcome' | 'notes' | 'draft' | 'pause'>;
  facts: Array<{ label: string; value: string }>;
  draft?: DraftView;
  /** What the form starts with (saved notes). */
  values?: Record<string, string>;
  /** Other things to do from here ("I sent it"). */
  links?: LinkView[];
}

/** What a performed action reports back. */
export interface ActionResult {
  title: string;
  message: string;
  draft?: DraftView;
  links?: LinkView[];
  /** Where the browser goes next instead of a page (the edited draft's `mailto:`). */
  redirect?: string;
}

const LINK_RECORD_TTL_MS = 400 * 24 * 60 * 60 * 1000;

/** The furthest a timeline may reach: a status check more than a year out helps no one. */
const MAX_TIMELINE_DAYS = 365;

const TimelineForm = z
  .object({
    /** One tap: "1 week" or "2 weeks". */
    wait: z.enum(['1w', '2w']).optional(),
    amount: z.coerce
      .number({ error: 'Enter how long they asked you to wait as a number, like 5.' })
      .int({ error: 'Enter how long they asked you to wait as a whole number, like 5.' })
      .min(1, { error: 'The wait must be at least 1 day or week.' })
      .optional(),
    unit: z.enum(['days', 'weeks'], { error: 'Choose business days or weeks.' }).optional(),
    date: z.iso.date({ error: 'Enter the date as a calendar date, like 2026-03-17.' }).optional(),
  })
  .refine((form) => form.wait || form.date || (form.amount && form.unit), {
    message: 'Choose 1 week or 2 weeks, or pick a date.',
  })
  .refine(
    (form) =>
      form.date ||
      !form.amount ||
      (form.unit === 'weeks' ? form.amount * 7 : form.amount) <= MAX_TIMELINE_DAYS,
    {
      message: 'That wait is longer than a year. Enter at most 365 days or 52 weeks.',
    },
  );

const DraftForm = z.object({
  subject: z.string().trim().min(1, 'The subject is empty.').max(300, 'The subject is too long.'),
  body: z
    .string()
    .trim()
    .min(1, 'The note is empty.')
    .max(10_000, 'The note is too long.')
    // Browsers post line breaks as CRLF; drafts keep LF, and mailto: writes CRLF again.
    .transform((body) => body.replace(/\r\n?/g, '\n')),
});

const PauseForm = z.object({ length: z.enum(['week', 'resume']).default('resume') });
const PAUSE_WEEK_MS = 7 * 24 * 60 * 60 * 1000;

const OutcomeForm = z.object({
  outcome: z.enum(['next-round', 'offer', 'rejected'], {
    message: 'Choose what you heard: next round, offer or rejected.',
  }),
});

/** Notes are written into the interview item: bounded in number and size, so it stays small. */
const MAX_NOTE = 2_000;
const MAX_NOTES_TOTAL = 20_000;
/** Field names that would reach an object's prototype, never a note. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const NotesForm = z.record(
  z.string().refine((key) => !FORBIDDEN_KEYS.has(key.split(':').at(-1) ?? key), {
    error: 'That note is not for anyone in this interview.',
  }),
  z.string().max(MAX_NOTE, { error: 'Notes are limited to 2,000 characters each.' }),
);

/** The note fields of a posted form: `notes` (overall) and `<kind>:<person key>`. */
function noteFields(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([key]) => key === 'notes' || key === 'private' || key.includes(':'))
      .map(([key, value]) => [key, value.trim()]),
  );
}

export function createActions(deps: ActionDeps) {
  return {
    describe: (token: string) => describeAction(deps, token),
    perform: (token: string, form: Record<string, string>) => performAction(deps, token, form),
  };
}

async function loadSettings(deps: ActionDeps, userId: string): Promise<Settings> {
  const settings = await deps.store.get('settings', userId, userId);
  if (!settings) throw new LinkRejectedError('invalid');
  return settings;
}

export async function describeAction(deps: ActionDeps, token: string): Promise<ActionPage> {
  const claims = await readAction(deps, token);
  const settings = await loadSettings(deps, claims.u);
  return ACTIONS[claims.p].describe(deps, claims, settings);
}

/** What a form is judged against: today, in the user's zone. */
interface FormContext {
  now: Date;
  timeZone: string;
  /** Every posted field, blanks included (an emptied note clears it). */
  all: Record<string, string>;
}

type Validated = {
  timeline?: Application['timeline'];
  outcome?: z.infer<typeof OutcomeForm>['outcome'];
  notes?: Record<string, string>;
  draft?: z.infer<typeof DraftForm>;
  pause?: z.infer<typeof PauseForm>['length'];
};

/**
 * One entry per link purpose: what its page says (GET), which form it takes,
 * and what it does (POST).
 */
interface Action {
  /** The link may be posted again: it changes nothing, or is meant to be reused. */
  reusable?: boolean;
  /** Reads the form's non-empty fields in full, before anything is written; throws `ValidationError`. */
  form?: (fields: Record<string, string>, context: FormContext) => Validated;
  describe(deps: ActionDeps, claims: ActionClaims, settings: Settings): Promise<ActionPage>;
  act(deps: ActionDeps, claims: ActionClaims, settings: Settings, input: Validated): Promise<ActionResult>;
}

const ACTIONS: Record<ActionPurpose, Action> = {
  'thank-you-sent': {
    describe: async (deps, claims) => {
      const { what, subtitle } = await taskWords(deps, claims);
      return {
        title: `Sent? ${what}`,
        subtitle,
        description: 'Afterview will take it off your list.',
        button: 'Yes, I sent it',
        fields: [],
        facts: [],
      };
    },
    act: async (deps, claims) => {
      await markDone(deps, claims);
      return {
        title: 'Marked as sent',
        message: 'Nice work. It is off your list; Afterview will take it from here.',
      };
    },
  },
  snooze: {
    describe: async (deps, claims) => {
      const { what, subtitle } = await taskWords(deps, claims);
      return {
        title: `Remind me tomorrow: ${what}`,
        subtitle,
        description: 'It moves to the next business morning on your dashboard.',
        button: 'Remind me tomorrow',
        fields: [],
        facts: [],
      };
    },
    act: (deps, claims, settings) => snooze(deps, claims, settings),
  },
  draft: {
    reusable: true,
    // Drafts keep their spacing: the form reads every field as typed.
    form: (_fields, context) => ({ draft: parse(DraftForm, context.all) }),
    describe: async (deps, claims, settings) => {
      const { what, subtitle, task } = await taskWords(deps, claims);
      return {
        title: what,
        subtitle,
        description:
          'Edit the note as you like. "Open in my mail app" saves your edit here and opens it in your mail app, ready to send.',
        button: 'Open in my mail app',
        fields: ['draft'],
        facts: [],
        draft: await draftForTask(deps, settings, claims.t),
        links: task.state === 'open' ? await taskLinks(deps, task) : [],
      };
    },
    act: async (deps, claims, settings, input) => {
      await saveTaskDraft(deps, claims.u, claims.t, input.draft!);
      const draft = await draftForTask(deps, settings, claims.t);
      return {
        title: 'Draft saved',
        message: 'Your edit is saved. Open it in your mail app and send it from there.',
        draft,
        redirect: draft.mailto,
      };
    },
  },
  timeline: {
    form: (fields, context) => ({ timeline: toTimeline(parse(TimelineForm, fields), context) }),
    describe: async (deps, claims) => ({
      title: 'When did they say you would hear back?',
      subtitle: await appSubtitle(deps, claims),
      description: 'Afterview will time your status check to it.',
      button: 'Save date',
      fields: ['timeline'],
      facts: [],
    }),
    act: async (deps, claims, settings, input) => {
      const app = await setTimeline(deps, claims.u, claims.t, input.timeline, settings);
      await recordHistory(deps, settings, claims.t, {
        what: 'timeline',
        detail: timelineWords(input.timeline),
      });
      return { title: 'Timeline saved', message: statusMessage(app, settings) };
    },
  },
  'heard-back': {
    form: (fields) => ({ outcome: parse(OutcomeForm, fields).outcome }),
    describe: async (deps, claims) => ({
      title: 'What did you hear?',
      subtitle: await appSubtitle(deps, claims),
      description: 'Afterview cancels the status check and keeps the outcome with the application.',
      button: 'Save',
      fields: ['outcome'],
      facts: [],
    }),
    act: (deps, claims, settings, input) => heardBack(deps, claims, settings, input.outcome!),
  },
  'not-interview': {
    describe: async (deps, claims, settings) => {
      const interview = await trackedInterview(deps, claims);
      return {
        title: `Not an interview: ${interview.title}?`,
        subtitle: await interviewSubtitle(deps, interview),
        description: 'Afterview will stop all prompts for this event and close its tasks. You can undo it.',
        button: 'Yes, not an interview',
        fields: [],
        facts: eventFacts(interview, settings),
      };
    },
    act: (deps, claims, settings) => dismiss(deps, claims, settings),
  },
  notes: {
    form: (fields, context) => {
      const hasTimeline = fields.date || fields.amount || fields.wait;
      const timeline = hasTimeline ? toTimeline(parse(TimelineForm, fields), context) : undefined;
      // Blank note fields count: emptying a field clears that note.
      const notes = parse(NotesForm, noteFields(context.all));
      return { notes, timeline };
    },
    describe: async (deps, claims) => {
      const interview = await trackedInterview(deps, claims);
      // Everyone the loop's thank-you covers, each with the note kept on their interview.
      const people = thankYouPeople(await loopOfPrompt(deps, interview));
      return {
        title: `Notes: ${interview.title}`,
        subtitle: await interviewSubtitle(deps, interview),
        description:
          'What you discussed with each person goes into their thank-you note. Private notes stay here and never go into any email.',
        button: 'Save notes',
        fields: ['notes', 'timeline'],
        facts: people.map(({ person: p }) => ({
          label: `note:${p.key}`,
          value: p.name ?? p.email ?? p.key,
        })),
        values: {
          ...Object.fromEntries(
            people
              .filter(({ interview: i, person: p }) => i.notes[p.key])
              .map(({ interview: i, person: p }) => [`note:${p.key}`, i.notes[p.key]!]),
          ),
          ...(interview.privateNotes ? { private: interview.privateNotes } : {}),
        },
      };
    },
    act: (deps, claims, settings, input) => saveNotes(deps, claims, settings, input),
  },
  track: {
    describe: async (deps, claims, settings) => {
      const interview = await trackedInterview(deps, claims);
      return {
        title: `Track ${interview.title} as an interview?`,
        subtitle: await interviewSubtitle(deps, interview),
        description: 'Afterview will send its follow-up prompts again for this event and reopen its tasks.',
        button: 'Yes, it is an interview',
        fields: [],
        facts: eventFacts(interview, settings),
      };
    },
    act: (deps, claims, settings) => track(deps, claims, settings),
  },
  pause: {
    reusable: true,
    form: (fields) => ({ pause: parse(PauseForm, fields).length }),
    describe: async () => ({
      title: 'Pause your prompts',
      description: 'Afterview stops emailing you for as long as you choose. Your dashboard keeps working.',
      button: 'Pause prompts',
      fields: ['pause'],
      facts: [],
    }),
    act: (deps, claims, settings, input) => pause(deps, claims, input.pause ?? 'resume', settings),
  },
};

/** The task in plain words ("Thank-you note to Jane Doe") and the application it is for. */
async function taskWords(deps: ActionDeps, claims: ActionClaims) {
  const task = await deps.store.get('task', claims.u, claims.t);
  if (!task) throw new NotFoundError('That task no longer exists.');
  const app = await deps.store.get('application', claims.u, task.applicationId);
  return { task, what: taskTitle(task, app), subtitle: app ? applicationLine(app) : undefined };
}

/** "I sent it", and for a status check "Remind me tomorrow": what the mail offered next to the draft. */
async function taskLinks(deps: ActionDeps, task: Task): Promise<LinkView[]> {
  const sent = { label: 'I sent it', url: await actionUrl(deps, 'thank-you-sent', task.userId, task.id) };
  if (task.kind !== 'status-check') return [sent];
  return [sent, { label: 'Remind me tomorrow', url: await actionUrl(deps, 'snooze', task.userId, task.id) }];
}

async function pause(
  deps: ActionDeps,
  claims: ActionClaims,
  length: 'week' | 'resume',
  settings: Settings,
): Promise<ActionResult> {
  const until =
    length === 'week' ? toInstant(new Date(deps.clock.now().getTime() + PAUSE_WEEK_MS)) : undefined;
  await retryOnConflict(async () => {
    const fresh = await loadSettings(deps, claims.u);
    if (fresh.paused && fresh.pausedUntil === until) return;
    await deps.store.put('settings', { ...fresh, paused: true, pausedUntil: until });
  });
  return {
    title: 'Prompts paused',
    message: until
      ? `Afterview will not email you until ${formatInZone(until, settings.timeZone)}; then prompts start again by themselves.`
      : 'Afterview will not email you until you resume prompts in settings.',
  };
}

function timelineWords(timeline: Application['timeline']): string | undefined {
  if (!timeline) return undefined;
  if (timeline.kind === 'date') return `by ${timeline.date}`;
  if (timeline.days % 5 === 0) return timeline.days === 5 ? 'in a week' : `in ${timeline.days / 5} weeks`;
  return `in ${timeline.days} business days`;
}

async function trackedInterview(deps: ActionDeps, claims: ActionClaims): Promise<Interview> {
  const interview = await deps.store.get('interview', claims.u, claims.t);
  if (!interview) throw new NotFoundError('That event is no longer tracked.');
  return interview;
}

function eventFacts(interview: Interview, settings: Settings): ActionPage['facts'] {
  return [
    { label: 'Event', value: interview.title },
    { label: 'When', value: formatInZone(interview.start, settings.timeZone) },
  ];
}

async function appSubtitle(deps: ActionDeps, claims: ActionClaims): Promise<string> {
  const app = await deps.store.get('application', claims.u, claims.t);
  if (!app) throw new NotFoundError('That application no longer exists.');
  return applicationLine(app);
}

async function interviewSubtitle(deps: ActionDeps, interview: Interview): Promise<string | undefined> {
  const app = await deps.store.get('application', interview.userId, interview.applicationId);
  return app ? applicationLine(app) : undefined;
}

/**
 * Validates the whole form, checks the link is unused, acts, and only then
 * spends the link: a failed action leaves the link usable. Two posts of one
 * link at once both act (every action is idempotent) and one of them spends
 * it; the other is told the link was used. Lost races with other actions on
 * the same application are retried on fresh state.
 */
export async function performAction(
  deps: ActionDeps,
  token: string,
  form: Record<string, string>,
): Promise<ActionResult> {
  const claims = await readAction(deps, token);
  const settings = await loadSettings(deps, claims.u);
  const action = ACTIONS[claims.p];
  const fields = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
  const input =
    action.form?.(fields, { now: deps.clock.now(), timeZone: settings.timeZone, all: form }) ?? {};
  const key = `link#${claims.n}`;
  if (!action.reusable && (await deps.store.wasUsed(key))) throw new LinkRejectedError('used');
  const result = await retryWithBackoff(() => action.act(deps, claims, settings, input));
  if (!action.reusable) {
    const expires = toInstant(new Date(deps.clock.now().getTime() + LINK_RECORD_TTL_MS));
    if (!(await deps.store.useOnce(key, expires))) throw new LinkRejectedError('used');
  }
  return result;
}

/** Conflicts again after the inner retries: many actions on one application at once. Wait a little, re-read, redo. */
async function retryWithBackoff<T>(work: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
      const ceiling = Math.min(5 * 2 ** attempt, 500);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(describeIssues(result.error, { max: 1, paths: false }));
  return result.data;
}

function toTimeline(form: z.infer<typeof TimelineForm>, context: FormContext): Application['timeline'] {
  if (form.wait) return { kind: 'days', days: form.wait === '1w' ? 5 : 10 };
  if (form.date) {
    const today = DateTime.fromJSDate(context.now, { zone: context.timeZone }).startOf('day');
    const date = DateTime.fromISO(form.date, { zone: context.timeZone });
    if (date < today) throw new ValidationError('That date has passed. Pick today or a later date.');
    if (date > today.plus({ days: MAX_TIMELINE_DAYS })) {
      throw new ValidationError('That date is more than a year away. Pick a date within the next year.');
    }
    return { kind: 'date', date: form.date };
  }
  const days = form.unit === 'weeks' ? form.amount! * 5 : form.amount!;
  return { kind: 'days', days };
}

/**
 * Marks the task done. The ask-for-addresses draft covers every interviewer
 * named without an address, so its "Done" closes all of those tasks.
 */
async function markDone(deps: ActionDeps, claims: ActionClaims): Promise<void> {
  const task = await deps.store.get('task', claims.u, claims.t);
  if (!task) throw new NotFoundError('That task no longer exists.');
  const siblings =
    task.kind === 'ask-address'
      ? (await deps.store.list('task', claims.u)).filter(
          (t) => t.kind === 'ask-address' && t.applicationId === task.applicationId && t.state === 'open',
        )
      : [task];
  for (const target of siblings) {
    await retryOnConflict(async () => {
      const fresh = await deps.store.get('task', claims.u, target.id);
      if (!fresh || fresh.state === 'done') return;
      await deps.store.put('task', { ...fresh, state: 'done', doneAt: toInstant(deps.clock.now()) });
    });
  }
}

async function snooze(deps: ActionDeps, claims: ActionClaims, settings: Settings): Promise<ActionResult> {
  const task = await deps.store.get('task', claims.u, claims.t);
  if (!task) throw new NotFoundError('That task no longer exists.');
  if (task.kind === 'status-check') {
    // A timeline of "today" puts the status-check prompt on the next business morning.
    const today = DateTime.fromJSDate(deps.clock.now(), { zone: settings.timeZone }).toISODate()!;
    const app = await setTimeline(
      deps,
      claims.u,
      task.applicationId,
      { kind: 'date', date: today },
      settings,
    );
    await recordHistory(deps, settings, task.applicationId, { what: 'snoozed', detail: 'status check' });
    return { title: 'Snoozed', message: statusMessage(app, settings) };
  }
  // Other tasks have no prompt of their own to move: they move on the dashboard.
  const dueAt = toInstant(nextBusinessMorning(deps.clock.now(), settings.timeZone));
  await retryOnConflict(async () => {
    const fresh = await deps.store.get('task', claims.u, claims.t);
    if (fresh && fresh.state === 'open') await deps.store.put('task', { ...fresh, dueAt });
  });
  return {
    title: 'Moved to tomorrow',
    message: `It is due ${formatInZone(dueAt, settings.timeZone)} on your dashboard.`,
  };
}

async function setTimeline(
  deps: ActionDeps,
  userId: string,
  applicationId: string,
  timeline: Application['timeline'],
  settings: Settings,
): Promise<Application | undefined> {
  await retryOnConflict(async () => {
    const app = await deps.store.get('application', userId, applicationId);
    if (!app) throw new NotFoundError('That application no longer exists.');
    await deps.store.put('application', {
      ...app,
      timeline,
      status: app.status === 'closed' ? 'closed' : 'active',
    });
  });
  return planStatusCheck(deps, userId, applicationId, settings);
}

function statusMessage(app: Application | undefined, settings: Settings): string {
  if (!app?.statusCheckAt) return 'Saved. There is no status check pending for this application.';
  return `Saved. Afterview will prompt your status check on ${formatInZone(app.statusCheckAt, settings.timeZone)}.`;
}

async function heardBack(
  deps: ActionDeps,
  claims: ActionClaims,
  settings: Settings,
  outcome: 'next-round' | 'offer' | 'rejected',
): Promise<ActionResult> {
  await retryOnConflict(async () => {
    const app = await deps.store.get('application', claims.u, claims.t);
    if (!app) throw new NotFoundError('That application no longer exists.');
    const closed = outcome !== 'next-round';
    await deps.store.put('application', {
      ...app,
      status: closed ? 'closed' : 'heard-back',
      outcome,
      closedAt: closed ? toInstant(deps.clock.now()) : undefined,
    });
  });
  const app = await planStatusCheck(deps, claims.u, claims.t, settings);
  await recordHistory(deps, settings, claims.t, { what: 'heard-back', detail: OUTCOME_WORDS[outcome] });
  if (outcome === 'offer')
    return { title: 'Congratulations!', message: 'The status check is cancelled. Good luck with the offer.' };
  if (outcome === 'next-round')
    return {
      title: 'On to the next round',
      message: 'The status check is cancelled; Afterview will follow up after your next interview.',
    };
  if (!app) throw new NotFoundError('That application no longer exists.');
  const task = await openStayInTouch(deps, app);
  return {
    title: 'Sorry to hear that',
    message:
      'The status check is cancelled. A gracious note keeps the door open for future roles: it is on your dashboard until you send it.',
    draft: {
      ...(await draftForTask(deps, settings, task.id)),
      editUrl: await actionUrl(deps, 'draft', claims.u, task.id),
    },
    links: await taskLinks(deps, task),
  };
}

const OUTCOME_WORDS: Record<'next-round' | 'offer' | 'rejected', string> = {
  'next-round': 'next round',
  offer: 'an offer',
  rejected: 'not this time',
};

/** Runs a change on one interview with its connection's context, retrying lost races. */
async function changeInterview(
  deps: ActionDeps,
  claims: ActionClaims,
  settings: Settings,
  change: (ctx: ApplyContext, interview: Interview) => Promise<unknown>,
): Promise<void> {
  await retryOnConflict(async () => {
    const interview = await deps.store.get('interview', claims.u, claims.t);
    if (!interview) throw new NotFoundError('That event is no longer tracked.');
    const connection = await deps.store.get('connection', claims.u, interview.connectionId);
    if (!connection) throw new NotFoundError('That calendar is no longer connected.');
    await change({ connection, settings }, interview);
  });
}

/** A correction or an ask answer teaches a rule for the same kind of event (ask.ts). */
async function learnFrom(
  deps: Pick<Deps, 'store' | 'clock'>,
  claims: ActionClaims,
  verdict: 'interview' | 'not-interview',
): Promise<void> {
  const interview = await deps.store.get('interview', claims.u, claims.t);
  if (interview) await learnFromAnswer(deps, claims.u, interview, verdict);
}

async function dismiss(deps: ActionDeps, claims: ActionClaims, settings: Settings): Promise<ActionResult> {
  await changeInterview(deps, claims, settings, (ctx, interview) =>
    endInterview(deps, ctx, interview, 'dismissed'),
  );
  await learnFrom(deps, claims, 'not-interview');
  await dropEventTasks(deps, claims.u, claims.t);
  const interview = await deps.store.get('interview', claims.u, claims.t);
  if (interview) {
    await recordHistory(deps, settings, interview.applicationId, {
      what: 'not-interview',
      detail: interview.title.slice(0, 300),
    });
  }
  return {
    title: 'Got it: not an interview',
    message: 'Afterview will not send prompts for this event, and its tasks are closed.',
    links: [{ label: 'Undo: it is an interview', url: await actionUrl(deps, 'track', claims.u, claims.t) }],
  };
}

async function track(deps: ActionDeps, claims: ActionClaims, settings: Settings): Promise<ActionResult> {
  await changeInterview(deps, claims, settings, (ctx, interview) => restoreInterview(deps, ctx, interview));
  await learnFrom(deps, claims, 'interview');
  await reopenEventTasks(deps, claims.u, claims.t);
  const interview = await deps.store.get('interview', claims.u, claims.t);
  if (interview) {
    await recordHistory(deps, settings, interview.applicationId, {
      what: 'tracked',
      detail: interview.title.slice(0, 300),
    });
  }
  return {
    title: 'Tracking it again',
    message: 'Afterview will send the follow-up prompts for this event; its tasks are open again.',
  };
}

async function saveNotes(
  deps: ActionDeps,
  claims: ActionClaims,
  settings: Settings,
  input: Validated,
): Promise<ActionResult> {
  const interview = await trackedInterview(deps, claims);
  // Each person's note goes to the interview of the loop where the thank-you names them.
  const owners = new Map(
    thankYouPeople(await loopOfPrompt(deps, interview)).map((p) => [p.person.key, p.interview.id]),
  );
  for (const field of Object.keys(input.notes ?? {})) {
    const key = field.slice(field.indexOf(':') + 1);
    if (field.startsWith('note:') && (!owners.has(key) || FORBIDDEN_KEYS.has(key))) {
      throw new ValidationError(
        'One of the notes is for someone who is not in this interview. Reload the page and try again.',
      );
    }
  }
  for (const member of new Set([interview.id, ...owners.values()])) {
    const saved = await retryOnConflict(async () => {
      const fresh = await deps.store.get('interview', claims.u, member);
      if (!fresh) return undefined;
      // "overall" was the old free-text note: it was never for the email, so it becomes private.
      const { overall, ...stored } = fresh.notes;
      // Notes an older version stored for no one are dropped, so they can never fill the item.
      const notes = Object.fromEntries(Object.entries(stored).filter(([key]) => owners.get(key) === member));
      let privateNotes = fresh.privateNotes ?? overall;
      for (const [field, value] of Object.entries(input.notes ?? {})) {
        const isPrivate = field === 'private' || field === 'notes';
        if (isPrivate && member === interview.id) privateNotes = value || undefined;
        const key = field.slice(5);
        if (field.startsWith('note:') && owners.get(key) === member) {
          if (value) notes[key] = value;
          else delete notes[key];
        }
      }
      const total = Object.values(notes).reduce((sum, note) => sum + note.length, 0);
      if (total > MAX_NOTES_TOTAL) {
        throw new ValidationError(
          'These notes are too long together. Keep them under 20,000 characters in all.',
        );
      }
      const next = { ...fresh, notes, privateNotes };
      return JSON.stringify(next) === JSON.stringify(fresh) ? fresh : deps.store.put('interview', next);
    });
    // The write bumped the version: re-issue any pending schedule with it.
    if (saved) await planInterview(deps, saved, settings);
  }
  if (input.timeline) {
    const app = await setTimeline(deps, claims.u, interview.applicationId, input.timeline, settings);
    return { title: 'Notes saved', message: statusMessage(app, settings) };
  }
  return {
    title: 'Notes saved',
    message: 'What you discussed goes into the thank-you drafts; your private notes stay private.',
  };
}
