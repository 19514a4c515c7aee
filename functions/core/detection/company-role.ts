/**
 * Which company and which role an interview is about, weighed from what each
 * part of the event says: the title (`title-subject.ts`), labelled description
 * lines (`description-subject.ts`), the participants' addresses
 * (`participant-subject.ts`) and the location (`place-subject.ts`).
 */

import type { CalendarEvent, Owner } from '../model.js';
import {
  descriptionCompanies,
  descriptionRole,
  eventNameSuffix,
  labelledLines,
} from './description-subject.js';
import { cleanCompany, isRole, sameCompany } from './job-words.js';
import { companyOfParticipants, participantNames } from './participant-subject.js';
import { locationName, premisesName } from './place-subject.js';
import { clipField, fold } from './text.js';
import { cleanTitle, readTitle, type TitleCandidate } from './title-subject.js';

/** What the title and description say about the employer and the job. */
export interface Subject {
  company?: string;
  role?: string;
  /** The title pairs the owner with this company ("Acme <> Jane Doe"). */
  pairedWith?: string;
  /** The role was read from the title. */
  roleInTitle?: boolean;
  /** Where the company was read, and whether a participant's domain agrees. */
  companyFrom?: CompanySource;
  companyConfirmed?: boolean;
}

/** Where a company name came from. */
export type CompanySource = 'label' | 'title' | 'description' | 'location' | 'domain';

/** Infers company and role; never throws, returns what it could find. */
export function inferSubject(event: CalendarEvent, owner: Owner): Subject {
  const domainCompany = companyOfParticipants(event, owner);
  const names = { ...participantNames(event, owner), ...(domainCompany ? { domain: domainCompany } : {}) };
  const title = cleanTitle(event.title) + eventNameSuffix(event.description);
  const fromTitle = readTitle(title, names);
  const labelled = labelledLines(event.description);
  const descCompanies = descriptionCompanies(event.description);

  let chosen = chooseCompany({
    labelled: labelled.company,
    title: fromTitle.companies,
    description: descCompanies,
    location: locationName(event.location),
    premises: premisesName(event.location),
    domain: domainCompany,
  });
  let roleFromTitle = fromTitle.roles[0];
  // "Trainee Itaú" from itau-unibanco.com.br: the role ends in the company's own name.
  const tail = roleFromTitle && domainCompany ? companyTail(roleFromTitle, domainCompany) : undefined;
  if (roleFromTitle && tail && chosen?.from === 'domain') {
    chosen = { value: tail, from: 'title', confirmed: true };
    roleFromTitle = roleFromTitle.slice(0, roleFromTitle.lastIndexOf(tail)).trim();
  }
  const company = chosen?.value;
  let role = labelled.role ?? roleFromTitle ?? descriptionRole(event.description);
  const subject: Subject = {};
  if (company && role && fold(role).startsWith(`${fold(company)} `)) {
    // "GitLab Support Engineer" spells the company better than the domain's "Gitlab".
    if (chosen?.from === 'domain') chosen = { ...chosen, value: role.slice(0, company.length) };
    role = role.slice(company.length).trim();
  }
  if (chosen) {
    subject.company = clipField(chosen.value);
    subject.companyFrom = chosen.from;
    if (chosen.confirmed) subject.companyConfirmed = true;
  }
  if (role) subject.role = clipField(role);
  if (fromTitle.pairedWithOwner && company) subject.pairedWith = subject.company;
  if (role && role === roleFromTitle && !labelled.role) subject.roleInTitle = true;
  return subject;
}

interface Chosen {
  value: string;
  from: CompanySource;
  /** A participant's domain names the same company. */
  confirmed: boolean;
}

/**
 * The title's or description's spelling of the company a participant's
 * domain names ("JPMorgan Chase" over "Jpmchase"); else the title's
 * company unless it may be a person; the domain's name only when nothing
 * better was written.
 */
function chooseCompany(candidates: {
  labelled?: string;
  title: TitleCandidate[];
  description: string[];
  location?: string;
  premises?: string;
  domain?: string;
}): Chosen | undefined {
  const { labelled, description, location, domain } = candidates;
  const named = candidates.title.filter((candidate) => !candidate.tool);
  const title = named.length > 0 ? named : candidates.title;
  if (labelled) return { value: labelled, from: 'label', confirmed: false };
  if (domain) {
    const inTitle = title.find((candidate) => sameCompany(candidate.value, domain));
    if (inTitle) return { value: inTitle.value, from: 'title', confirmed: true };
    const inDescription = description.find((candidate) => sameCompany(candidate, domain));
    if (inDescription) return { value: inDescription, from: 'description', confirmed: true };
    if (location && sameCompany(location, domain))
      return { value: location, from: 'location', confirmed: true };
  }
  const firstTitle = title.find((candidate) => !candidate.viaWith) ?? title[0];
  if (firstTitle && !((firstTitle.viaWith || firstTitle.personLike) && domain))
    return { value: firstTitle.value, from: 'title', confirmed: false };
  if (domain) return { value: domain, from: 'domain', confirmed: true };
  if (description[0]) return { value: description[0], from: 'description', confirmed: false };
  const { premises } = candidates;
  return premises ? { value: premises, from: 'location', confirmed: false } : undefined;
}

/** The last one to three words of `role` when they name `company` ("Trainee Itaú" -> "Itaú"). */
function companyTail(role: string, company: string): string | undefined {
  const words = role.split(/\s+/);
  for (let size = Math.min(3, words.length - 1); size >= 1; size -= 1) {
    const tail = words.slice(-size).join(' ');
    const name = cleanCompany(tail);
    if (name && /^\p{Lu}/u.test(tail) && sameCompany(name, company) && !isRole(tail)) return name;
  }
  return undefined;
}
