/**
 * What the shape of an invitation says, beyond its words: a company's
 * shared (ATS or group) calendar writing to a private address, a
 * recruitment agency as organiser, a title that names the owner next to
 * a company, an application inside one's own employer, and a day marker of
 * the owner's own that points at separate invitations.
 */
import type { CalendarEvent, Owner } from '../model.js';
import { agencyOf, INTERNAL_MOBILITY, SEPARATE_INVITES } from './languages.js';
import { companyFromDomain, domainOf, isFreeMail } from './participants.js';
import { ownerNamedIn } from './people.js';
import { DESCRIPTION_SCAN, ownNote, type Signal } from './signal.js';
import { fold } from './text.js';

/** Reasons of signals that an internal application makes moot: colleagues are the hiring team. */
export const OWN_EMPLOYER_REASONS = [
  'organised by a colleague',
  'nobody from outside',
  'it is about your own employer',
  'the title refers to a candidate',
];

export function structureSignals(event: CalendarEvent, owner: Owner): Signal[] {
  const signals: Signal[] = [];
  const description = fold(event.description.slice(0, DESCRIPTION_SCAN));
  const title = fold(event.title);
  const organizer = event.organizer?.email?.toLowerCase();
  const ownerEmail = owner.email.toLowerCase();
  const ownerDomain = domainOf(ownerEmail);
  const others = event.attendees.filter(
    (a) => !a.self && a.kind === 'person' && a.email?.toLowerCase() !== ownerEmail,
  );
  const otherDomains = new Set(others.map((a) => domainOf(a.email)).filter((d) => d !== undefined));
  const [company] = [...otherDomains];

  if (/(?:^|\.)group\.calendar\.google\.com$/.test(domainOf(organizer) ?? '') && otherDomains.size === 1) {
    // One company's people, sent from a shared calendar: how ATS tools book candidates.
    if (company && company !== ownerDomain && !isFreeMail(company)) {
      signals.push({
        weight: 1.5,
        reason: `sent from a shared calendar with people at ${company}`,
        hiring: true,
      });
    }
  }
  const agency = agencyOf(domainOf(organizer));
  if (agency && organizer !== ownerEmail) {
    signals.push({ weight: 2, reason: `organised by a recruitment agency (${agency})`, hiring: true });
  }
  const fromOutside =
    organizer !== undefined && organizer !== ownerEmail && domainOf(organizer) !== ownerDomain;
  // "Monzo | Damilola Adeyemi | Take-home debrief": the owner beside the company they meet, not a booking between two people.
  const companies = [...otherDomains, domainOf(organizer)]
    .map((d) => companyFromDomain(d))
    .filter((c) => c !== undefined);
  const namesCompany = companies.some((c) => title.includes(fold(c)));
  if (fromOutside && namesCompany && ownerNamedIn(title, event, ownerEmail) && others.length > 0) {
    signals.push({ weight: 1.5, reason: 'the title names you beside the people you meet', hiring: true });
  }
  if (INTERNAL_MOBILITY.pattern.test(`${title}\n${description}`)) {
    signals.push({
      weight: INTERNAL_MOBILITY.weight,
      reason: `it mentions ${INTERNAL_MOBILITY.label}`,
      hiring: true,
    });
  }
  if (event.allDay && ownNote(event) && SEPARATE_INVITES.test(description)) {
    signals.push({ weight: -4, reason: 'your own day marker; the invitations are separate events' });
  }
  return signals;
}

/** An internal application: drop the signals that read colleagues as the hiring side. */
export function withoutOwnEmployerDoubt(signals: Signal[]): Signal[] {
  if (!signals.some((signal) => signal.reason.startsWith('it mentions an internal application')))
    return signals;
  return signals.filter((signal) => !OWN_EMPLOYER_REASONS.some((reason) => signal.reason.startsWith(reason)));
}
