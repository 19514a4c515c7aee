/**
 * Is this calendar event a job interview the owner attends as a candidate?
 * A transparent score: each signal (title words, description phrases, who
 * sent it, how it is shaped) adds or removes log-odds, and each one that
 * counted becomes a short reason the user can read. Pure: no I/O.
 */

import type { CalendarEvent, Detection, DetectionRules, EventOverride, Owner } from '../model.js';
import { inferSubject, type Subject } from './company-role.js';
import { CANCELLED_TITLE, DESCRIPTION_CONFOUNDERS, DESCRIPTION_INTERVIEW } from './lexicon.js';
import { isOwnEmployer } from './participant-subject.js';
import { participantSignals } from './people.js';
import { DESCRIPTION_SCAN, matching, notedCompany, ownNote, type Signal } from './signal.js';
import { brief, fold } from './text.js';
import { hiringContext, titleSignals, titleText } from './title.js';

/** Log-odds before any evidence: most calendar events are not interviews. */
const PRIOR = -3;
const MAX_REASONS = 5;

/** Decides whether `event` is an interview for `owner`, with reasons. */
export function detectInterview(
  event: CalendarEvent,
  owner: Owner,
  rules: DetectionRules,
  override?: EventOverride,
): Detection {
  const subject = inferSubject(event, owner);
  const found: Pick<Detection, 'company' | 'role'> = {};
  if (subject.company) found.company = subject.company;
  if (subject.role) found.role = subject.role;

  if (override === 'interview')
    return { interview: true, score: 1, ...found, reasons: ['you marked it as an interview'] };
  if (override === 'not-interview') {
    return { interview: false, score: 0, ...found, reasons: ['you marked it as not an interview'] };
  }
  if (event.status === 'cancelled' || CANCELLED_TITLE.test(fold(event.title))) {
    return { interview: false, score: 0, ...found, reasons: ['it was cancelled'] };
  }
  if (event.ownerResponse === 'declined') {
    return { interview: false, score: 0, ...found, reasons: ['you declined it'] };
  }
  const ruled = applyRules(event, rules);
  if (ruled) return { ...ruled, ...found };

  const title = titleText(event);
  const evidence = [
    ...descriptionSignals(fold(event.description.slice(0, DESCRIPTION_SCAN))),
    ...participantSignals(event, owner, subject),
    ...subjectSignals(event, owner, subject),
  ];
  const context = hiringContext(title, evidence, event, subject);
  const backed = evidence.some((signal) => signal.hiring && signal.weight > 0);
  const signals = [...titleSignals(title, subject, context, backed), ...evidence];
  signals.push(...shapeSignals(event, signals, subject));

  const logit = signals.reduce((sum, signal) => sum + signal.weight, PRIOR);
  const score = Math.round(sigmoid(logit) * 100) / 100;
  // A tie is not evidence: only a positive balance makes an interview.
  const interview = logit > 0;
  // A company guessed for an ordinary meeting would only be noise.
  return { interview, score, ...(interview ? found : {}), reasons: explain(signals, interview) };
}

/** User rules: `never` wins over `always`; both beat the score. */
function applyRules(event: CalendarEvent, rules: DetectionRules): Detection | undefined {
  const haystack = fold(
    [event.title, event.description, event.organizer?.email ?? '', event.organizer?.name ?? ''].join('\n'),
  );
  const hit = (keywords: string[]) => keywords.find((keyword) => haystack.includes(fold(keyword).trim()));
  const never = hit(rules.never ?? []);
  if (never) return { interview: false, score: 0, reasons: [`matches your rule: never '${never}'`] };
  const always = hit(rules.always ?? []);
  if (always) return { interview: true, score: 1, reasons: [`matches your rule: always '${always}'`] };
  return undefined;
}

function descriptionSignals(description: string): Signal[] {
  const signals: Signal[] = [];
  let positive = 0;
  for (const cue of matching(DESCRIPTION_INTERVIEW, description)) {
    const weight = Math.min(cue.weight, 3.5 - positive);
    if (weight <= 0) break;
    positive += weight;
    signals.push({ weight, reason: `description mentions ${cue.label}`, hiring: true });
  }
  for (const cue of matching(DESCRIPTION_CONFOUNDERS, description)) {
    signals.push({ weight: cue.weight, reason: `description reads like ${cue.label}` });
  }
  return signals;
}

/** What the company and role read from the event say. */
function subjectSignals(event: CalendarEvent, owner: Owner, subject: Subject): Signal[] {
  const signals: Signal[] = [];
  if (subject.company && isOwnEmployer(subject.company, owner, event)) {
    signals.push({ weight: -7, reason: `it is about your own employer, ${brief(subject.company)}` });
  }
  if (subject.pairedWith)
    signals.push({ weight: 2.5, reason: `title pairs you with ${brief(subject.pairedWith)}` });
  if (subject.roleInTitle && subject.role)
    signals.push({ weight: 1.5, reason: `title names a role ('${brief(subject.role)}')`, hiring: true });
  return signals;
}

/**
 * Odd shapes make an interview less likely, except that a note the owner
 * wrote naming a company and an interview stage ("Stripe onsite", all day)
 * is how people remind themselves of one.
 */
function shapeSignals(event: CalendarEvent, signals: Signal[], subject: Subject): Signal[] {
  const minutes = (Date.parse(event.end) - Date.parse(event.start)) / 60_000;
  const strongTitle = signals.some(
    (signal) => signal.reason.startsWith('title mentions') && signal.weight >= 3.5,
  );
  const namedNote = strongTitle && notedCompany(subject) && ownNote(event);
  if (namedNote) return [{ weight: 1, reason: `your own note names ${brief(subject.company)} and a stage` }];
  if (event.allDay)
    return strongTitle && subject.companyFrom === 'title'
      ? []
      : [{ weight: -2, reason: 'it is an all-day event' }];
  if (minutes > 10 * 60) return [{ weight: -1.5, reason: 'it lasts more than ten hours' }];
  if (minutes < 10) return [{ weight: -1, reason: 'it lasts under ten minutes' }];
  return [];
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The strongest reasons that point the way the decision went, then the rest. */
function explain(signals: Signal[], interview: boolean): string[] {
  const supporting = signals.filter((signal) => (interview ? signal.weight > 0 : signal.weight < 0));
  const ordered = [...supporting].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const reasons = [...new Set(ordered.map((signal) => signal.reason))].slice(0, MAX_REASONS);
  if (reasons.length === 0)
    return [interview ? 'several weak signs of an interview' : 'nothing suggests an interview'];
  return reasons;
}
