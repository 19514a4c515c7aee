/**
 * What every part of the interview detector produces: signals, each a
 * weight in log-odds and a short reason, plus the small helpers they share.
 */

import type { CalendarEvent } from '../model.js';
import type { Subject } from './company-role.js';
import type { Cue } from './lexicon.js';

/** One piece of evidence for or against "interview". */
export interface Signal {
  weight: number;
  reason: string;
  /** Evidence of a hiring process: it makes ambiguous words ("panel", "colloquio") count. */
  hiring?: boolean;
}

/** Only the start of a long description is read: invitations say it early. */
export const DESCRIPTION_SCAN = 4_000;

/** The cues whose pattern occurs in `text`. */
export function matching<T extends Cue>(cues: T[], text: string): T[] {
  return cues.filter((cue) => cue.pattern.test(text));
}

/** An event the owner made alone: a reminder or a note to self. */
export function ownNote(event: CalendarEvent): boolean {
  const others = event.attendees.filter((attendee) => !attendee.self);
  return event.ownerResponse === 'organizer' && others.length === 0;
}

/** The owner's note names a company, in its title or as the premises it is at ("Databricks HQ"). */
export function notedCompany(subject: Subject): boolean {
  return subject.companyFrom === 'title' || subject.companyFrom === 'location';
}
