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
import type { Application, Interview, Settings } from './model.js';
import { planInterview, planStatusCheck } from './planning.js';
import type { Deps, DraftView, LinkView } from './ports.js';
import {
  type ActionClaims,
  type ActionPurpose,
  actionUrl,
  type LinkDeps,
  readAction,
} from './prompts/action-links.js';
import { signatureFor, stayInTouchDraft } from './prompts/drafts.js';
import { mailtoUrl } from './prompts/mailto.js';
import { draftForTask } from './prompts/task-drafts.js';
import { retryOnConflict } from './retry.js';
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
  description: string;
  button: string;
  fields: Array<'timeline' | 'outcome' | 'notes'>;
  facts: Array<{ label: string; value: string }>;
  draft?: DraftView;
}

/** What a performed action reports back. */
export interface ActionResult {
  title: string;
  message: string;
  draft?: DraftView;
  links?: LinkView[];
}

const LINK_RECORD_TTL_MS = 400 * 24 * 60 * 60 * 1000;

/** The furthest a timeline may reach: a status check more than a year out helps no one. */
const MAX_TIMELINE_DAYS = 365;

const TimelineForm = z
  .object({
    amount: z.coerce
      .number({ error: 'Enter how long they asked you to wait as a number, like 5.' })
      .int({ error: 'Enter how long they asked you to wait as a whole number, like 5.' })
      .min(1, { error: 'The wait must be at least 1 day or week.' })
      .optional(),
    unit: z.enum(['days', 'weeks'], { error: 'Choose business days or weeks.' }).optional(),
    date: z.iso.date({ error: 'Enter the date as a calendar date, like 2026-03-17.' }).optional(),
  })
  .refine((form) => form.date || (form.amount && form.unit), {
    message: 'Say how long they asked you to wait (a number of days or weeks), or pick a date.',
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
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key === 'notes' || key.includes(':')));
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
}

type Validated = {
  timeline?: Application['timeline'];
  outcome?: z.infer<typeof OutcomeForm>['outcome'];
  notes?: Record<string, string>;
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
      const { who, facts, task } = await taskFacts(deps, claims);
      return {
        title: 'Mark as sent',
        description: `Mark "${task.kind}" for ${who} as done.`,
        button: 'Yes, it is sent',
        fields: [],
        facts,
      };
    },
    act: async (deps, claims) => {
      await markDone(deps, claims);
      return { title: 'Marked as sent', message: 'Nice work. Afterview will take it from here.' };
    },
  },
  snooze: {
    describe: async (deps, claims) => {
      const { who, facts, task } = await taskFacts(deps, claims);
      return {
        title: 'Remind me tomorrow',
        description: `We will remind you on the next business morning about: ${task.kind} (${who}).`,
        button: 'Remind me tomorrow',
        fields: [],
        facts,
      };
    },
    act: (deps, claims, settings) => snooze(deps, claims, settings),
  },
  draft: {
    reusable: true,
    describe: async (deps, claims, settings) => {
      const { who, facts } = await taskFacts(deps, claims);
      return {
        title: `Draft for ${who}`,
        description: 'Edit the draft, then open it in your mail app.',
        button: 'Open in my mail app',
        fields: [],
        facts,
        draft: await draftForTask(deps, settings, claims.t),
      };
    },
    act: async (deps, claims, settings) => ({
      title: 'Your draft',
      message: 'Open it in your mail app and send it from there.',
      draft: await draftForTask(deps, settings, claims.t),
    }),
  },
  timeline: {
    form: (fields, context) => ({ timeline: toTimeline(parse(TimelineForm, fields), context) }),
    describe: async (deps, claims) => ({
      title: 'What timeline did they give?',
      description: 'Afterview will time the status check to it.',
      button: 'Save timeline',
      fields: ['timeline'],
      facts: await appFacts(deps, claims),
    }),
    act: async (deps, claims, settings, input) => {
      const app = await setTimeline(deps, claims.u, claims.t, input.timeline, settings);
      return { title: 'Timeline saved', message: statusMessage(app, settings) };
    },
  },
  'heard-back': {
    form: (fields) => ({ outcome: parse(OutcomeForm, fields).outcome }),
    describe: async (deps, claims) => ({
      title: 'You heard back',
      description: 'Tell us what happened; the status check will be cancelled.',
      button: 'Save',
      fields: ['outcome'],
      facts: await appFacts(deps, claims),
    }),
    act: (deps, claims, settings, input) => heardBack(deps, claims, settings, input.outcome!),
  },
  'not-interview': {
    describe: async (deps, claims, settings) => ({
      title: 'Not an interview?',
      description: 'Afterview will stop all prompts for this event.',
      button: 'Yes, not an interview',
      fields: [],
      facts: eventFacts(await trackedInterview(deps, claims), settings),
    }),
    act: (deps, claims, settings) => dismiss(deps, claims, settings),
  },
  notes: {
    form: (fields, context) => {
      const hasTimeline = fields.date || fields.amount;
      const timeline = hasTimeline ? toTimeline(parse(TimelineForm, fields), context) : undefined;
      const notes = parse(NotesForm, noteFields(fields));
      return { notes, timeline };
    },
    describe: async (deps, claims) => {
      const interview = await trackedInterview(deps, claims);
      return {
        title: 'Notes from your interview',
        description:
          'A line per person makes each thank-you note personal. Add the timeline they gave, if any.',
        button: 'Save notes',
        fields: ['notes', 'timeline'],
        facts: [
          { label: 'Event', value: interview.title },
          ...interview.interviewers.map((p) => ({
            label: `note:${p.key}`,
            value: p.name ?? p.email ?? p.key,
          })),
        ],
      };
    },
    act: (deps, claims, settings, input) => saveNotes(deps, claims, settings, input),
  },
  track: {
    describe: async (deps, claims, settings) => ({
      title: 'Track this event as an interview?',
      description: 'Afterview will send its follow-up prompts again for this event.',
      button: 'Yes, it is an interview',
      fields: [],
      facts: eventFacts(await trackedInterview(deps, claims), settings),
    }),
    act: (deps, claims, settings) => track(deps, claims, settings),
  },
  pause: {
    reusable: true,
    describe: async () => ({
      title: 'Pause all prompts',
      description: 'Afterview will stop sending prompts until you resume them in settings.',
      button: 'Pause prompts',
      fields: [],
      facts: [],
    }),
    act: async (deps, claims) => {
      await retryOnConflict(async () => {
        const fresh = await loadSettings(deps, claims.u);
        if (!fresh.paused) await deps.store.put('settings', { ...fresh, paused: true });
      });
      return {
        title: 'Prompts paused',
        message: 'Afterview will not email you until you resume prompts in settings.',
      };
    },
  },
};

async function taskFacts(deps: ActionDeps, claims: ActionClaims) {
  const task = await deps.store.get('task', claims.u, claims.t);
  if (!task) throw new NotFoundError('That task no longer exists.');
  const who = task.interviewer?.name ?? task.interviewer?.email ?? 'the recruiter';
  return { task, who, facts: [{ label: 'Task', value: `${task.kind} – ${who}` }] };
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

async function appFacts(deps: ActionDeps, claims: ActionClaims): Promise<ActionPage['facts']> {
  const app = await deps.store.get('application', claims.u, claims.t);
  if (!app) throw new NotFoundError('That application no longer exists.');
  return [
    { label: 'Company', value: app.company },
    ...(app.role ? [{ label: 'Role', value: app.role }] : []),
  ];
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
  const input = action.form?.(fields, { now: deps.clock.now(), timeZone: settings.timeZone }) ?? {};
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
  if (outcome === 'offer')
    return { title: 'Congratulations!', message: 'The status check is cancelled. Good luck with the offer.' };
  if (outcome === 'next-round')
    return {
      title: 'On to the next round',
      message: 'The status check is cancelled; Afterview will follow up after your next interview.',
    };
  const draft = stayInTouchDraft(app ?? { company: '', contact: undefined }, signatureFor(settings.email));
  return {
    title: 'Sorry to hear that',
    message: 'The status check is cancelled. A gracious note keeps the door open for future roles.',
    draft: { ...draft, mailto: mailtoUrl(draft.to, draft.subject, draft.body) },
  };
}

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
  return {
    title: 'Got it: not an interview',
    message: 'Afterview will not send prompts for this event.',
    links: [{ label: 'Undo: it is an interview', url: await actionUrl(deps, 'track', claims.u, claims.t) }],
  };
}

async function track(deps: ActionDeps, claims: ActionClaims, settings: Settings): Promise<ActionResult> {
  await changeInterview(deps, claims, settings, (ctx, interview) => restoreInterview(deps, ctx, interview));
  await learnFrom(deps, claims, 'interview');
  return { title: 'Tracking it again', message: 'Afterview will send the follow-up prompts for this event.' };
}

async function saveNotes(
  deps: ActionDeps,
  claims: ActionClaims,
  settings: Settings,
  input: Validated,
): Promise<ActionResult> {
  const interview = await retryOnConflict(async () => {
    const fresh = await deps.store.get('interview', claims.u, claims.t);
    if (!fresh) throw new NotFoundError('That event is no longer tracked.');
    const notes = mergedNotes(fresh, input.notes ?? {});
    return deps.store.put('interview', { ...fresh, notes });
  });
  // The write bumped the version: re-issue any pending schedule with it.
  await planInterview(deps, interview, settings);
  if (input.timeline) {
    const app = await setTimeline(deps, claims.u, interview.applicationId, input.timeline, settings);
    return { title: 'Notes saved', message: statusMessage(app, settings) };
  }
  return { title: 'Notes saved', message: 'Your thank-you drafts will use them.' };
}

/**
 * The interview's notes with the posted ones: per-person notes only for
 * people in this interview, within the size bounds. Checked in full before
 * the write; a note for anyone else is refused, not stored.
 */
function mergedNotes(interview: Interview, posted: Record<string, string>): Interview['notes'] {
  const people = new Set(interview.interviewers.map((person) => person.key));
  // Notes stored for no one in the interview (an older bug let them in) are dropped, not carried.
  const notes: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(interview.notes)) {
    if (key === 'overall' || (people.has(key) && !FORBIDDEN_KEYS.has(key))) notes[key] = value;
  }
  for (const [field, value] of Object.entries(posted)) {
    if (field === 'notes') {
      notes.overall = value;
      continue;
    }
    const key = field.slice(field.indexOf(':') + 1);
    if (!people.has(key) || FORBIDDEN_KEYS.has(key) || key === 'overall') {
      throw new ValidationError(
        'One of the notes is for someone who is not in this interview. Reload the page and try again.',
      );
    }
    if (field.startsWith('note:')) notes[key] = value;
  }
  const total = Object.values(notes).reduce((sum, note) => sum + note.length, 0);
  if (total > MAX_NOTES_TOTAL) {
    throw new ValidationError('These notes are too long together. Keep them under 20,000 characters in all.');
  }
  return { ...notes };
}
