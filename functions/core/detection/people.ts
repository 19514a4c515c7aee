/**
 * What the people on an event say: hiring and booking tools, a recruiter
 * organising, colleagues of the owner (the owner is then the interviewer),
 * a company writing to a personal address, the candidate named in the title.
 */

import type { CalendarEvent, Owner } from '../model.js';
import type { Subject } from './company-role.js';
import { sameCompany } from './job-words.js';
import { RECRUITER_TITLE } from './lexicon.js';
import {
  bookingToolOf,
  companyFromDomain,
  domainOf,
  hiringToolOf,
  isFreeMail,
  isPersonalMailbox,
  isSystemAddress,
  isTeamMailbox,
  practiceToolOf,
  toolsNamedIn,
} from './participants.js';
import { DESCRIPTION_SCAN, notedCompany, type Signal } from './signal.js';
import { brief, fold } from './text.js';

/** Who is on the invitation, as the signals below read it. */
interface Invitation {
  event: CalendarEvent;
  ownerEmail: string;
  ownerDomain: string | undefined;
  /** The owner writes from an employer's domain (not free mail, not named after them). */
  workAccount: boolean;
  organizerEmail: string | undefined;
  organizerDomain: string | undefined;
  ownerOrganises: boolean;
  /** Every address on it, organiser first. */
  everyone: string[];
  /** Guests who are people, other than the owner, rooms and robots. */
  people: CalendarEvent['attendees'];
}

/** Signals from the organiser, the guests and the tools on the invitation. */
export function participantSignals(event: CalendarEvent, owner: Owner, subject: Subject): Signal[] {
  const invitation = readInvitation(event, owner);
  return [
    ...toolSignals(invitation),
    ...recruiterSignals(invitation, owner),
    ...(invitation.workAccount ? colleagueSignals(invitation, subject) : []),
    ...senderSignals(invitation),
    ...candidateSignals(invitation),
  ];
}

function readInvitation(event: CalendarEvent, owner: Owner): Invitation {
  const ownerEmail = owner.email.toLowerCase();
  const ownerDomain = domainOf(ownerEmail);
  const organizerEmail = event.organizer?.email?.toLowerCase();
  return {
    event,
    ownerEmail,
    ownerDomain,
    workAccount:
      ownerDomain !== undefined && !isFreeMail(ownerDomain) && !isPersonalDomain(event, ownerEmail),
    organizerEmail,
    organizerDomain: domainOf(organizerEmail),
    ownerOrganises:
      event.ownerResponse === 'organizer' ||
      organizerEmail === ownerEmail ||
      event.attendees.some((a) => a.self && a.organizer),
    everyone: [organizerEmail, ...event.attendees.map((attendee) => attendee.email?.toLowerCase())].filter(
      (email): email is string => email !== undefined,
    ),
    people: event.attendees.filter(
      (attendee) =>
        attendee.kind === 'person' &&
        !attendee.self &&
        attendee.email !== ownerEmail &&
        !isSystemAddress(attendee.email),
    ),
  };
}

/** Hiring, booking and practice tools among the addresses or named in the description. */
function toolSignals({ event, everyone }: Invitation): Signal[] {
  const signals: Signal[] = [];
  // A named person at greenhouse.io is a Greenhouse employee (a sales demo), not its scheduler;
  // likewise a named person at hubspot.com is selling HubSpot, not booking through it.
  const robots = everyone.filter((email) => !isPersonalMailbox(email));
  const hiringTool = robots.map((email) => hiringToolOf(domainOf(email))).find(Boolean);
  const bookingTool = robots.map((email) => bookingToolOf(domainOf(email))).find(Boolean);
  const named = toolsNamedIn(event.description.slice(0, DESCRIPTION_SCAN));
  if (hiringTool) signals.push({ weight: 3, reason: `invited by ${hiringTool} scheduling`, hiring: true });
  else if (named.hiring[0])
    signals.push({ weight: 2, reason: `sent through ${named.hiring[0]}`, hiring: true });
  const practice =
    everyone.map((email) => practiceToolOf(domainOf(email))).find(Boolean) ?? named.practice[0];
  if (practice) signals.push({ weight: -6, reason: `booked on ${practice}, an interview-practice platform` });
  const booking = bookingTool ?? named.booking[0];
  if (booking) signals.push({ weight: 1, reason: `booked through ${booking}` });
  return signals;
}

function recruiterSignals({ event }: Invitation, owner: Owner): Signal[] {
  const recruiter = recruiterOrganiser(event, owner);
  return recruiter ? [{ weight: 2.5, reason: recruiter, hiring: true }] : [];
}

/** On a work account, colleagues on the invitation mean the owner is the interviewer. */
function colleagueSignals(invitation: Invitation, subject: Subject): Signal[] {
  const { ownerEmail, ownerDomain, organizerEmail, organizerDomain, ownerOrganises, people } = invitation;
  if (!ownerDomain) return [];
  const signals: Signal[] = [];
  const colleagues = people.filter((attendee) => domainOf(attendee.email) === ownerDomain);
  if (!ownerOrganises && organizerDomain === ownerDomain) {
    signals.push({
      weight: -5,
      reason: `organised by a colleague at ${brief(ownerDomain)} (you are likely interviewing)`,
    });
  } else if (ownerOrganises && colleagues.length > 0) {
    signals.push({ weight: -4, reason: `you organised it with colleagues at ${brief(ownerDomain)}` });
  } else if (ownerOrganises && people.length > 0) {
    signals.push({ weight: -2.5, reason: 'you organised it from your work address' });
  }
  const outsiders = [organizerEmail, ...people.map((attendee) => attendee.email)].filter(
    (email) => email !== undefined && email !== ownerEmail && domainOf(email) !== ownerDomain,
  );
  // A note of one's own that names another company ("Fly-out: Carnegie Mellon") is about that company.
  if (outsiders.length === 0 && !(people.length === 0 && namesAnotherCompany(subject, ownerDomain))) {
    signals.push({ weight: -2.5, reason: `nobody from outside ${brief(ownerDomain)} is invited` });
  }
  return signals;
}

/** A company writing to one person's private address is how a recruiter reaches a candidate. */
function senderSignals(invitation: Invitation): Signal[] {
  const { ownerDomain, organizerEmail, organizerDomain, ownerOrganises, people, workAccount } = invitation;
  if (
    ownerOrganises ||
    !organizerDomain ||
    organizerDomain === ownerDomain ||
    isFreeMail(organizerDomain) ||
    isSystemAddress(organizerEmail)
  )
    return [];
  const oneCompany = people.every((attendee) => domainOf(attendee.email) === organizerDomain);
  const personal = !workAccount && oneCompany && people.length <= 4;
  return [
    {
      weight: personal ? 1 : 0.5,
      reason: personal
        ? `invited by someone at ${brief(organizerDomain)} to your personal address`
        : `invited by someone at ${brief(organizerDomain)}`,
    },
  ];
}

/** A title naming the candidate, or another guest on a personal address, or a crowd. */
function candidateSignals({ event, ownerEmail, organizerEmail, people }: Invitation): Signal[] {
  const signals: Signal[] = [];
  const title = fold(event.title);
  const namedGuest = people.find(
    (attendee) =>
      attendee.name !== undefined &&
      attendee.email !== organizerEmail &&
      isFreeMail(domainOf(attendee.email)) &&
      attendee.name.trim().includes(' ') &&
      title.includes(fold(attendee.name).trim()),
  );
  if (CANDIDATE_WORD.test(title) && !ownerNamedIn(title, event, ownerEmail)) {
    signals.push({ weight: -3, reason: 'the title refers to a candidate (you are likely interviewing)' });
  }
  if (namedGuest && !ownerOrganisesAlone(event)) {
    signals.push({
      weight: -3.5,
      reason: `the title names another guest, ${brief(namedGuest.name)} (likely the candidate)`,
    });
  }
  if (people.length > 12) signals.push({ weight: -2, reason: `it has ${people.length} guests` });
  return signals;
}

/**
 * Why the organiser looks like a recruiter: a team mailbox (recruiting@),
 * a display name ("Hannah Lee (Talent Acquisition)"), or a signature in
 * the description ("Kelsey Nguyen\nTechnical Recruiter").
 */
function recruiterOrganiser(event: CalendarEvent, owner: Owner): string | undefined {
  const organizer = event.organizer;
  if (!organizer || event.ownerResponse === 'organizer') return undefined;
  // A colleague's recruiting team books the owner as an interviewer.
  if (domainOf(organizer.email?.toLowerCase()) === domainOf(owner.email.toLowerCase())) return undefined;
  const name = fold(organizer.name ?? '');
  if (RECRUITER_TITLE.test(name) || /\b(?:recruit\w*|hiring)\b|\(talent\b|\btalent (?:@|at)\b/.test(name))
    return 'the organiser works in recruiting';
  if (isTeamMailbox(organizer.email)) return `sent from a hiring mailbox (${brief(organizer.email)})`;
  const first = name.split(/[\s(|,]+/)[0] ?? '';
  if (first.length < 3) return undefined;
  const description = fold(event.description.slice(0, DESCRIPTION_SCAN));
  // The organiser's first name, then a recruiter's title within a line or two.
  const signature = new RegExp(`\\b${escapeRegExp(first)}\\b[^]{0,60}?${RECRUITER_TITLE.source}`);
  return signature.test(description) ? 'the organiser signs as a recruiter' : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CANDIDATE_WORD = /\b(?:candidate|candidato|candidata|candidat|kandidat(?:in)?|bewerber(?:in)?)\b/;

/** The owner's name (from their attendee entry or address) appears in the folded title. */
export function ownerNamedIn(title: string, event: CalendarEvent, ownerEmail: string): boolean {
  const self = event.attendees.find((attendee) => attendee.self || attendee.email === ownerEmail);
  const fromAddress = (ownerEmail.split('@')[0] ?? '').split(/[._-]+/).filter((part) => part.length >= 3);
  const names = [...(self?.name ? fold(self.name).split(/\s+/) : []), ...fromAddress].filter(
    (part) => part.length >= 3,
  );
  const fromName = self?.name
    ? fold(self.name)
        .split(/\s+/)
        .filter((part) => part.length >= 2)
    : [];
  // Every part of one of the owner's names must appear: a shared first name is not enough.
  const present = (parts: string[]) =>
    parts.length > 0 &&
    parts.every((part) => new RegExp(`\\b${part.replace(/[^\p{L}\p{N}]/gu, '')}\\b`, 'u').test(title));
  return present(fromName) || present(fromAddress) || (names.length === 1 && present(names));
}

function ownerOrganisesAlone(event: CalendarEvent): boolean {
  return event.attendees.length === 0;
}

/** The title names a company other than the one behind `domain`. */
function namesAnotherCompany(subject: Subject, domain: string): boolean {
  const own = companyFromDomain(domain);
  return (
    notedCompany(subject) && subject.company !== undefined && !(own && sameCompany(subject.company, own))
  );
}

/**
 * A domain named after its owner (marcus@webb.dev for Marcus Webb,
 * hello@leahmarsh.design) is a personal address, not an employer's.
 */
function isPersonalDomain(event: CalendarEvent, ownerEmail: string): boolean {
  const slug = (domainOf(ownerEmail) ?? '').split('.')[0] ?? '';
  const self = event.attendees.find((attendee) => attendee.self || attendee.email === ownerEmail);
  const names = [
    ownerEmail.split('@')[0] ?? '',
    self?.name ?? '',
    event.organizer?.email === ownerEmail ? (event.organizer.name ?? '') : '',
  ]
    .flatMap((name) => fold(name).split(/[^a-z]+/))
    .filter((word) => word.length >= 3);
  return names.some((name) => slug.includes(name));
}
