/**
 * What an event's title says: interview wording, ambiguous words that need
 * hiring context, confounders read with names blanked out, everyday words.
 */

import type { CalendarEvent } from '../model.js';
import type { Subject } from './company-role.js';
import {
  type AmbiguousCue,
  type Cue,
  TITLE_AMBIGUOUS,
  TITLE_CONFOUNDERS,
  TITLE_INTERVIEW,
  TITLE_ROUTINE,
  TOPIC_JOB_TITLE,
} from './lexicon.js';
import { interviewToolNamedIn } from './participants.js';
import { DESCRIPTION_SCAN, matching, notedCompany, ownNote, type Signal } from './signal.js';
import { fold } from './text.js';

/** What naming an interviewing tool (HireVue, Karat) in the title is worth. */
const TOOL_IN_TITLE = 4;

/**
 * The title, plus the event type booking tools write into the description
 * ("Event Name: Acme - Recruiter Screen"): for a Calendly invite that line
 * is the real title.
 */
export function titleText(event: CalendarEvent): string {
  const description = fold(event.description.slice(0, DESCRIPTION_SCAN));
  const eventName = EVENT_NAME_LINE.exec(description)?.[1];
  return fold(event.title) + (eventName ? ` | ${eventName}` : '');
}

const EVENT_NAME_LINE =
  /^\s*(?:event name|event type|meeting type|nome do evento|nombre del evento|tipo de evento|nom de l'evenement|type d'evenement|veranstaltungsname|terminart)\s*:\s*(.{1,200})$/m;

/**
 * Interview wording, confounders and routine words in the title. Ambiguous
 * words ("panel", "colloquio") weigh in full only with `hiring` context;
 * `backed` says something besides the title says "hiring".
 */
export function titleSignals(title: string, subject: Subject, context: Context, backed: boolean): Signal[] {
  return [...interviewWording(title, context), ...otherTopics(title, subject, backed)];
}

function interviewWording(title: string, context: Context): Signal[] {
  const signals: Signal[] = [];
  const clear = matching(TITLE_INTERVIEW, title);
  const counts = (cue: AmbiguousCue) => context === 'hiring' || (context === 'named' && cue.named);
  const ambiguous = matching(TITLE_AMBIGUOUS, title)
    .map((cue) => ({ ...cue, weight: counts(cue) ? cue.weight : cue.alone }))
    // "rozmowa" adds nothing to "rozmowa rekrutacyjna".
    .filter((cue) => cue.weight > 0 && !clear.some((hit) => hit.label.includes(cue.label)));
  // "HireVue – Unilever": a session on an interviewing tool is an interview.
  const tool = interviewToolNamedIn(title);
  const named: Pick<Cue, 'label' | 'weight'>[] = tool ? [{ label: tool, weight: TOOL_IN_TITLE }] : [];
  const hits: Pick<Cue, 'label' | 'weight'>[] = [...clear, ...ambiguous, ...named].sort(
    (a, b) => b.weight - a.weight,
  );
  hits.forEach((cue, index) => {
    // The strongest phrase counts in full; more of them add a little.
    signals.push({
      weight: index === 0 ? cue.weight : Math.min(1, cue.weight),
      reason: `title mentions '${cue.label}'`,
      hiring: true,
    });
  });
  return signals;
}

/** Confounders and everyday words, read with names blanked out. */
function otherTopics(title: string, subject: Subject, backed: boolean): Signal[] {
  const signals: Signal[] = [];
  // "Social Media Manager": a job title's words are not the event's topic. Nor are
  // "Vox Media"'s, when its domain confirms the name and something else says hiring.
  const withoutRoles = withoutJobTitles(title, subject.role);
  const company = backed && subject.companyConfirmed ? subject.company : undefined;
  const withoutCompany = company ? withoutRoles.replaceAll(fold(company), ' company ') : withoutRoles;
  const confounders = TITLE_CONFOUNDERS.filter((cue) =>
    cue.pattern.test(cue.names ? withoutCompany : withoutRoles),
  );
  for (const cue of confounders) {
    signals.push({ weight: cue.weight, reason: `title looks like ${cue.label}` });
  }
  if (TITLE_ROUTINE.pattern.test(withoutRoles)) {
    signals.push({ weight: TITLE_ROUTINE.weight, reason: `title looks like ${TITLE_ROUTINE.label}` });
  }
  return signals;
}

/** The title with job titles blanked out: the role read from it, and topic-word titles. */
function withoutJobTitles(title: string, role: string | undefined): string {
  const known = role ? title.replaceAll(fold(role), ' role ') : title;
  return known.replace(TOPIC_JOB_TITLE, ' role ');
}

/**
 * `hiring` when something besides an ambiguous word says so: an interview
 * phrase, a hiring tool, a recruiter, a role in the title, or a company the
 * owner wrote into a note of their own ("Stripe onsite"). `named` when the
 * title names a company that the invitation's addresses confirm.
 */
export type Context = 'hiring' | 'named' | 'none';

export function hiringContext(
  title: string,
  evidence: Signal[],
  event: CalendarEvent,
  subject: Subject,
): Context {
  if (matching(TITLE_INTERVIEW, title).length > 0) return 'hiring';
  if (evidence.some((signal) => signal.hiring && signal.weight > 0)) return 'hiring';
  if (ownNote(event) && notedCompany(subject)) return 'hiring';
  return subject.companyFrom === 'title' && subject.companyConfirmed ? 'named' : 'none';
}
