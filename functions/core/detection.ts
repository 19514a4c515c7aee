/**
 * Is this calendar event a job interview the owner attends as a candidate?
 * A transparent score: each signal (title words, description phrases, who
 * sent it, how it is shaped) adds or removes log-odds, and each one that
 * counted becomes a short reason the user can read. Pure: no I/O.
 */
import { inferSubject, isOwnEmployer, type Subject } from './company-role.js';
import {
  type AmbiguousCue,
  CANCELLED_TITLE,
  type Cue,
  DESCRIPTION_CONFOUNDERS,
  DESCRIPTION_INTERVIEW,
  fold,
  RECRUITER_TITLE,
  ROLE_NOUN,
  TITLE_AMBIGUOUS,
  TITLE_CONFOUNDERS,
  TITLE_INTERVIEW,
  TITLE_ROUTINE,
} from './detection-lexicon.js';
import { sameCompany } from './job-words.js';
import type { CalendarEvent, Detection, DetectionRules, EventOverride, Owner } from './model.js';
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

/** Log-odds before any evidence: most calendar events are not interviews. */
const PRIOR = -3;
/** Only the start of a long description is read: invitations say it early. */
const DESCRIPTION_SCAN = 4_000;
const MAX_REASONS = 5;

interface Signal {
  weight: number;
  reason: string;
  /** Evidence of a hiring process: it makes ambiguous words ("panel", "colloquio") count. */
  hiring?: boolean;
}

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

/**
 * The title, plus the event type booking tools write into the description
 * ("Event Name: Acme - Recruiter Screen"): for a Calendly invite that line
 * is the real title.
 */
function titleText(event: CalendarEvent): string {
  const description = fold(event.description.slice(0, DESCRIPTION_SCAN));
  const eventName = EVENT_NAME_LINE.exec(description)?.[1];
  return fold(event.title) + (eventName ? ` | ${eventName}` : '');
}

const EVENT_NAME_LINE =
  /^\s*(?:event name|event type|meeting type|nome do evento|nombre del evento|tipo de evento|nom de l'evenement|type d'evenement|veranstaltungsname|terminart)\s*:\s*(.{1,200})$/m;

/**
 * Interview wording, confounders and routine words in the title. Ambiguous
 * words ("panel", "colloquio") weigh in full only with `hiring` context.
 */
function titleSignals(title: string, subject: Subject, context: Context, backed: boolean): Signal[] {
  const signals: Signal[] = [];
  const clear = matching(TITLE_INTERVIEW, title);
  const counts = (cue: AmbiguousCue) => context === 'hiring' || (context === 'named' && cue.named);
  const ambiguous = matching(TITLE_AMBIGUOUS, title)
    .map((cue) => ({ ...cue, weight: counts(cue) ? cue.weight : cue.alone }))
    // "rozmowa" adds nothing to "rozmowa rekrutacyjna".
    .filter((cue) => cue.weight > 0 && !clear.some((hit) => hit.label.includes(cue.label)));
  const hits = [...clear, ...ambiguous].sort((a, b) => b.weight - a.weight);
  hits.forEach((cue, index) => {
    // The strongest phrase counts in full; more of them add a little.
    signals.push({
      weight: index === 0 ? cue.weight : Math.min(1, cue.weight),
      reason: `title mentions '${cue.label}'`,
      hiring: true,
    });
  });
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

/** Topic words that also qualify job titles: "Social Media Manager", "Head of Research". */
const TOPIC =
  'investor|fundraising|volunteer|social|media|press|podcast|radio|tv|television|newspaper|magazine|blog|newsletter|broadcast|content|conference|events?|research|ux|user|customer|client|community|communications?|pr|editorial|video|partnerships?';
const JOB_TITLE = new RegExp(
  `\\b(?:${TOPIC})\\s+(?:(?!interview)[\\p{L}&/-]+\\s+)?(?:${ROLE_NOUN.source})|\\b(?:head|director|manager|vp|lead|chief)\\s+(?:of\\s+)?(?:${TOPIC})\\b`,
  'gu',
);

/** The title with job titles blanked out. */
function withoutJobTitles(title: string, role: string | undefined): string {
  const known = role ? title.replaceAll(fold(role), ' role ') : title;
  return known.replace(JOB_TITLE, ' role ');
}

/**
 * `hiring` when something besides an ambiguous word says so: an interview
 * phrase, a hiring tool, a recruiter, a role in the title, or a company the
 * owner wrote into a note of their own ("Stripe onsite"). `named` when the
 * title names a company that the invitation's addresses confirm.
 */
type Context = 'hiring' | 'named' | 'none';

function hiringContext(title: string, evidence: Signal[], event: CalendarEvent, subject: Subject): Context {
  if (matching(TITLE_INTERVIEW, title).length > 0) return 'hiring';
  if (evidence.some((signal) => signal.hiring && signal.weight > 0)) return 'hiring';
  if (ownNote(event) && notedCompany(subject)) return 'hiring';
  return subject.companyFrom === 'title' && subject.companyConfirmed ? 'named' : 'none';
}

/** The owner's note names a company, in its title or as the premises it is at ("Databricks HQ"). */
function notedCompany(subject: Subject): boolean {
  return subject.companyFrom === 'title' || subject.companyFrom === 'location';
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

/** An event the owner made alone: a reminder or a note to self. */
function ownNote(event: CalendarEvent): boolean {
  const others = event.attendees.filter((attendee) => !attendee.self);
  return event.ownerResponse === 'organizer' && others.length === 0;
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

function participantSignals(event: CalendarEvent, owner: Owner, subject: Subject): Signal[] {
  const signals: Signal[] = [];
  const ownerEmail = owner.email.toLowerCase();
  const ownerDomain = domainOf(ownerEmail);
  const workAccount =
    ownerDomain !== undefined && !isFreeMail(ownerDomain) && !isPersonalDomain(event, ownerEmail);
  const organizerEmail = event.organizer?.email?.toLowerCase();
  const organizerDomain = domainOf(organizerEmail);
  const ownerOrganises =
    event.ownerResponse === 'organizer' ||
    organizerEmail === ownerEmail ||
    event.attendees.some((a) => a.self && a.organizer);
  const everyone = [
    organizerEmail,
    ...event.attendees.map((attendee) => attendee.email?.toLowerCase()),
  ].filter((email): email is string => email !== undefined);

  // A named person at greenhouse.io is a Greenhouse employee (a sales demo), not its scheduler.
  const hiringTool = everyone
    .filter((email) => !isPersonalMailbox(email))
    .map((email) => hiringToolOf(domainOf(email)))
    .find(Boolean);
  // Likewise a named person at hubspot.com is selling HubSpot, not booking through it.
  const bookingTool = everyone
    .filter((email) => !isPersonalMailbox(email))
    .map((email) => bookingToolOf(domainOf(email)))
    .find(Boolean);
  const named = toolsNamedIn(event.description.slice(0, DESCRIPTION_SCAN));
  if (hiringTool) signals.push({ weight: 3, reason: `invited by ${hiringTool} scheduling`, hiring: true });
  else if (named.hiring[0])
    signals.push({ weight: 2, reason: `sent through ${named.hiring[0]}`, hiring: true });
  const recruiter = recruiterOrganiser(event, owner);
  if (recruiter) signals.push({ weight: 2.5, reason: recruiter, hiring: true });
  const practice =
    everyone.map((email) => practiceToolOf(domainOf(email))).find(Boolean) ?? named.practice[0];
  if (practice) signals.push({ weight: -6, reason: `booked on ${practice}, an interview-practice platform` });
  const booking = bookingTool ?? named.booking[0];
  if (booking) signals.push({ weight: 1, reason: `booked through ${booking}` });

  const people = event.attendees.filter(
    (attendee) =>
      attendee.kind === 'person' &&
      !attendee.self &&
      attendee.email !== ownerEmail &&
      !isSystemAddress(attendee.email),
  );
  if (workAccount) {
    const colleagues = people.filter((attendee) => domainOf(attendee.email) === ownerDomain);
    if (!ownerOrganises && organizerDomain === ownerDomain) {
      signals.push({
        weight: -5,
        reason: `organised by a colleague at ${ownerDomain} (you are likely interviewing)`,
      });
    } else if (ownerOrganises && colleagues.length > 0) {
      signals.push({ weight: -4, reason: `you organised it with colleagues at ${ownerDomain}` });
    } else if (ownerOrganises && people.length > 0) {
      signals.push({ weight: -2.5, reason: 'you organised it from your work address' });
    }
    const outsiders = [organizerEmail, ...people.map((attendee) => attendee.email)].filter(
      (email) => email !== undefined && email !== ownerEmail && domainOf(email) !== ownerDomain,
    );
    // A note of one's own that names another company ("Fly-out: Carnegie Mellon") is about that company.
    if (outsiders.length === 0 && !(people.length === 0 && namesAnotherCompany(subject, ownerDomain))) {
      signals.push({ weight: -2.5, reason: `nobody from outside ${ownerDomain} is invited` });
    }
  }
  if (
    !ownerOrganises &&
    organizerDomain !== ownerDomain &&
    organizerDomain &&
    !isFreeMail(organizerDomain) &&
    !isSystemAddress(organizerEmail)
  ) {
    // A company writing to one person's private address is how a recruiter reaches a candidate.
    const oneCompany = people.every((attendee) => domainOf(attendee.email) === organizerDomain);
    const personal = !workAccount && oneCompany && people.length <= 4;
    signals.push({
      weight: personal ? 1 : 0.5,
      reason: personal
        ? `invited by someone at ${organizerDomain} to your personal address`
        : `invited by someone at ${organizerDomain}`,
    });
  }
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
      reason: `the title names another guest, ${namedGuest.name} (likely the candidate)`,
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
  if (RECRUITER_TITLE.test(name) || /\b(?:recruit\w*|talent|hiring)\b/.test(name))
    return 'the organiser works in recruiting';
  if (isTeamMailbox(organizer.email)) return `sent from a hiring mailbox (${organizer.email})`;
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
function ownerNamedIn(title: string, event: CalendarEvent, ownerEmail: string): boolean {
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

/** What the company and role read from the event say. */
function subjectSignals(event: CalendarEvent, owner: Owner, subject: Subject): Signal[] {
  const signals: Signal[] = [];
  if (subject.company && isOwnEmployer(subject.company, owner, event)) {
    signals.push({ weight: -7, reason: `it is about your own employer, ${subject.company}` });
  }
  if (subject.pairedWith) signals.push({ weight: 2, reason: `title pairs you with ${subject.pairedWith}` });
  if (subject.roleInTitle && subject.role)
    signals.push({ weight: 1.5, reason: `title names a role ('${subject.role}')`, hiring: true });
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
  if (namedNote) return [{ weight: 1, reason: `your own note names ${subject.company} and a stage` }];
  if (event.allDay)
    return strongTitle && subject.companyFrom === 'title'
      ? []
      : [{ weight: -2, reason: 'it is an all-day event' }];
  if (minutes > 10 * 60) return [{ weight: -1.5, reason: 'it lasts more than ten hours' }];
  if (minutes < 10) return [{ weight: -1, reason: 'it lasts under ten minutes' }];
  return [];
}

function matching<T extends Cue>(cues: T[], text: string): T[] {
  return cues.filter((cue) => cue.pattern.test(text));
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
