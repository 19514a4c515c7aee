/**
 * What the participants say about the employer: the company behind their
 * work addresses (or the hiring tool's sender name), their names (which a
 * title must not mistake for a company), and whether the company is the
 * owner's own employer.
 */
import type { CalendarEvent, Owner } from '../model.js';
import { cleanCompany } from './job-words.js';
import {
  companyFromDomain,
  domainOf,
  hiringToolOf,
  isFreeMail,
  isPersonalMailbox,
  isSystemAddress,
  isTeamMailbox,
  isToolName,
} from './participants.js';
import { fold } from './text.js';

export interface Names {
  /** Folded names of people on the invite, including the owner. */
  people: string[];
  /** Folded name (or name tokens) of the owner. */
  owner: string[];
  /** Name-like parts of everyone's mailbox names ("p.natarajan" -> "natarajan"). */
  mailboxWords: Set<string>;
  /** Those that open a mailbox name, where a first name goes ("priya@", "priya.raman@"). */
  mailboxFirstWords: Set<string>;
  /** People's whole mailbox names, minus what their domain repeats ("kwatanabe"). */
  mailboxes: string[];
  /** The company the participants' addresses name. */
  domain?: string;
}

/**
 * True when `company` is the owner's own employer: the owner's work domain
 * (never free mail) names it, and someone else on the invitation writes
 * from that same domain. A candidate on a personal address, or one invited
 * only from other domains, is never at "their own employer".
 */
export function isOwnEmployer(company: string, owner: Owner, event: CalendarEvent): boolean {
  const ownerEmail = owner.email.toLowerCase();
  const ownerDomain = domainOf(ownerEmail);
  if (!ownerDomain || isFreeMail(ownerDomain)) return false;
  const own = companyFromDomain(ownerDomain);
  const squash = (value: string) => fold(value).replace(/[^\p{L}\p{N}]/gu, '');
  if (own === undefined || squash(own) !== squash(company)) return false;
  const others = [event.organizer?.email, ...event.attendees.map((attendee) => attendee.email)]
    .map((email) => email?.toLowerCase())
    .filter((email) => email !== undefined && email !== ownerEmail);
  const organiserIsOwner =
    event.ownerResponse === 'organizer' || event.organizer?.email?.toLowerCase() === ownerEmail;
  return (organiserIsOwner && others.length > 0) || others.some((email) => domainOf(email) === ownerDomain);
}

export function participantNames(event: CalendarEvent, owner: Owner): Names {
  const ownerEmail = owner.email.toLowerCase();
  const people: string[] = [];
  const ownerNames: string[] = [];
  const local = ownerEmail.split('@')[0] ?? '';
  const tokens = local.split(/[._+-]+|\d+/).filter((token) => token.length >= 2);
  if (tokens.length >= 1) ownerNames.push(tokens.join(' '));
  for (const attendee of event.attendees) {
    if (!attendee.name || ORG_NAME.test(fold(attendee.name))) continue;
    const name = fold(attendee.name).trim();
    if (attendee.self || attendee.email === ownerEmail) ownerNames.push(name);
    else people.push(name);
  }
  if (event.organizer?.name && !ORG_NAME.test(fold(event.organizer.name))) {
    const name = fold(event.organizer.name).trim();
    if (event.organizer.email === ownerEmail) ownerNames.push(name);
    else people.push(name);
  }
  const mailboxWords = new Set<string>();
  const mailboxFirstWords = new Set<string>();
  const mailboxes: string[] = [];
  for (const email of [ownerEmail, event.organizer?.email, ...event.attendees.map((a) => a.email)]) {
    const [mailbox = '', domain = ''] = email?.toLowerCase().split('@') ?? [];
    // "priya@ramp.com" names Priya; "acme.jobs@acme.com" names no one.
    if (mailbox && !isTeamMailbox(email) && !isSystemAddress(email))
      mailboxes.push(mailbox.replace(domain.split('.')[0] ?? '', ''));
    mailbox.split(/[._+-]+/).forEach((word, index) => {
      if (!/^[a-z]{3,}$/.test(word) || domain.includes(word) || TEAM_WORD.test(word)) return;
      mailboxWords.add(word);
      if (index === 0) mailboxFirstWords.add(word);
    });
  }
  return {
    people: [...people, ...ownerNames],
    owner: ownerNames,
    mailboxWords,
    mailboxFirstWords,
    mailboxes,
  };
}

/** Mailbox words of teams and robots, not people ("jobs", "talent"). */
const TEAM_WORD =
  /^(?:recruit\w*|talent\w*|careers?|jobs?|hiring|people|team|hello|info|contact|admin|office|mail|noreply|calendar|hr|rh|campus|events?|scheduling)$/;

/** Display names of shared mailboxes ("Acme Recruiting") name a company, not a person. */
const ORG_NAME =
  /\b(?:recruit\w*|careers?|talent|team|hr|jobs|people|scheduling|acquisition|karriere|personal\w*|recrutement|seleccion|recrutamento|rrhh|noreply|no-reply|hiring|campus|graduate|student|office|events?|support|info)\b/;

/** The company behind the organiser's or the attendees' work addresses. */
export function companyOfParticipants(event: CalendarEvent, owner: Owner): string | undefined {
  const ownerDomain = domainOf(owner.email.toLowerCase());
  const usable = (email: string | undefined) => {
    const domain = domainOf(email);
    if (!domain || domain === ownerDomain || isFreeMail(domain) || isSystemAddress(email)) return undefined;
    return domain;
  };
  const organizerDomain = usable(event.organizer?.email);
  if (organizerDomain) return companyFromDomain(organizerDomain);
  const counts = new Map<string, number>();
  for (const attendee of event.attendees) {
    if (attendee.kind !== 'person' || attendee.self) continue;
    const domain = usable(attendee.email);
    if (domain) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? companyFromDomain(best[0]) : toolSenderCompany(event);
}

/** "Acme Recruiting" <no-reply@greenhouse.io>: a hiring tool sends under the company's name. */
function toolSenderCompany(event: CalendarEvent): string | undefined {
  const organizer = event.organizer;
  if (!organizer?.name || !hiringToolOf(domainOf(organizer.email))) return undefined;
  // miriam.hahn@personio.de works for the tool's maker: her name is no company; nor is "Karat".
  if (isPersonalMailbox(organizer.email) || isToolName(organizer.name)) return undefined;
  // "Unilever via HireVue": the company, not the tool that sent it.
  const name = organizer.name
    .replace(/\s+(?:via|through|on behalf of|powered by)\s+.*$/i, '')
    .split(/\s+/)
    .filter((word) => !ORG_NAME.test(fold(word)) && !/^(?:the|of|at|de|du|la|le|der|die|das)$/i.test(word))
    .join(' ');
  return cleanCompany(name);
}
