/**
 * Is this calendar event a job interview the owner attends as a candidate?
 * A transparent score: each signal (title words, description phrases, who
 * sent it, how it is shaped) adds or removes log-odds, and each one that
 * counted becomes a short reason the user can read. Pure: no I/O.
 */

import type { CalendarEvent, Decision, Detection, DetectionRules, EventOverride, Owner } from '../model.js';
import { inferSubject, type Subject } from './company-role.js';
import { DOMAIN_RULE_WEIGHT, describeRule, matchingLearned } from './learned.js';
import { CANCELLED_TITLE, DESCRIPTION_CONFOUNDERS, DESCRIPTION_INTERVIEW } from './lexicon.js';
import { isOwnEmployer } from './participant-subject.js';
import { participantSignals } from './people.js';
import { DESCRIPTION_SCAN, matching, notedCompany, ownNote, type Signal } from './signal.js';
import { structureSignals, withoutOwnEmployerDoubt } from './structure.js';
import { brief, fold } from './text.js';
import { hiringContext, titleSignals, titleText } from './title.js';

/** Log-odds before any evidence: most calendar events are not interviews. */
const PRIOR = -3;
const MAX_REASONS = 5;
/**
 * Below an interview but at or above this balance, with some sign of hiring,
 * the event is worth one question after it ends ("Was it an interview?").
 */
export const ASK_FLOOR = -1;

/** What the detector returns: the decision is always set. */
export type Decided = Detection & { decision: Decision };

/** Decides whether `event` is an interview for `owner`, with reasons. */
export function detectInterview(
  event: CalendarEvent,
  owner: Owner,
  rules: DetectionRules,
  override?: EventOverride,
): Decided {
  const subject = inferSubject(event, owner);
  const found: Pick<Detection, 'company' | 'role'> = {};
  if (subject.company) found.company = subject.company;
  if (subject.role) found.role = subject.role;

  const yes = (reason: string): Decided => ({
    interview: true,
    decision: 'interview',
    score: 1,
    ...found,
    reasons: [reason],
  });
  const no = (reason: string): Decided => ({
    interview: false,
    decision: 'ignore',
    score: 0,
    ...found,
    reasons: [reason],
  });
  if (override === 'interview') return yes('you marked it as an interview');
  if (override === 'not-interview') return no('you marked it as not an interview');
  if (event.status === 'cancelled' || CANCELLED_TITLE.test(fold(event.title))) return no('it was cancelled');
  if (event.ownerResponse === 'declined') return no('you declined it');
  const ruled = applyRules(event, rules);
  if (ruled) return { ...ruled, ...found };
  const learned = matchingLearned(event, rules.learned);
  const decisive = learned.find((rule) => rule.kind !== 'domain');
  if (decisive) {
    const reason = `you told us: ${describeRule(decisive)}`;
    return decisive.verdict === 'interview' ? yes(reason) : no(reason);
  }

  const title = titleText(event);
  const evidence = withoutOwnEmployerDoubt([
    ...descriptionSignals(fold(event.description.slice(0, DESCRIPTION_SCAN))),
    ...participantSignals(event, owner, subject),
    ...subjectSignals(event, owner, subject),
    ...structureSignals(event, owner),
  ]);
  const context = hiringContext(title, evidence, event, subject);
  const backed = evidence.some((signal) => signal.hiring && signal.weight > 0);
  const signals = withoutOwnEmployerDoubt([...titleSignals(title, subject, context, backed), ...evidence]);
  signals.push(...shapeSignals(event, signals, subject));
  for (const rule of learned) {
    const weight = rule.verdict === 'interview' ? DOMAIN_RULE_WEIGHT : -DOMAIN_RULE_WEIGHT;
    signals.push({ weight, reason: `you told us: ${describeRule(rule)}` });
  }

  const logit = signals.reduce((sum, signal) => sum + signal.weight, PRIOR);
  const score = Math.round(sigmoid(logit) * 100) / 100;
  // A tie is not evidence: only a positive balance makes an interview.
  const interview = logit > 0;
  const decision: Decision = interview ? 'interview' : worthAsking(logit, signals) ? 'ask' : 'ignore';
  // A company guessed for an ordinary meeting would only be noise.
  const named = decision === 'ignore' ? {} : found;
  return { interview, decision, score, ...named, reasons: explain(signals, decision) };
}

/** Close to the line, with at least one real sign of hiring and nothing the user ruled out. */
function worthAsking(logit: number, signals: Signal[]): boolean {
  if (logit < ASK_FLOOR) return false;
  if (signals.some((signal) => signal.reason.startsWith('you told us'))) return false;
  return signals.some((signal) => signal.hiring && signal.weight > 0) || signals.some((s) => s.weight >= 2);
}

/** User rules: `never` wins over `always`; both beat the score. */
function applyRules(event: CalendarEvent, rules: DetectionRules): Decided | undefined {
  const haystack = fold(
    [event.title, event.description, event.organizer?.email ?? '', event.organizer?.name ?? ''].join('\n'),
  );
  const hit = (keywords: string[]) => keywords.find((keyword) => haystack.includes(fold(keyword).trim()));
  const never = hit(rules.never ?? []);
  if (never)
    return {
      interview: false,
      decision: 'ignore',
      score: 0,
      reasons: [`matches your rule: never '${never}'`],
    };
  const always = hit(rules.always ?? []);
  if (always)
    return {
      interview: true,
      decision: 'interview',
      score: 1,
      reasons: [`matches your rule: always '${always}'`],
    };
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

/** The strongest reasons that point the way the decision went; for `ask`, the strongest either way. */
function explain(signals: Signal[], decision: Decision): string[] {
  const supporting = signals.filter((signal) =>
    decision === 'ask'
      ? signal.weight !== 0
      : decision === 'interview'
        ? signal.weight > 0
        : signal.weight < 0,
  );
  const ordered = [...supporting].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const reasons = [...new Set(ordered.map((signal) => signal.reason))].slice(0, MAX_REASONS);
  if (reasons.length === 0)
    return [
      decision === 'interview' ? 'several weak signs of an interview' : 'nothing suggests an interview',
    ];
  return reasons;
}
