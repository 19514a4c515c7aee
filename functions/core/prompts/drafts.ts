/**
 * Drafts the user sends from their own mailbox. Afterview never writes to
 * employers. Every draft greets a person by first name and a team mailbox as
 * a team, is signed with the name the user chose (never a word guessed from
 * their address), and never carries private notes: nothing here reads them.
 * Thank-you notes are composed in `thank-you-drafts.ts`.
 */

import { isTeamMailbox } from '../detection/participants.js';
import type { Application, Person, Settings } from '../model.js';

export interface Draft {
  to?: string;
  toName?: string;
  subject: string;
  body: string;
}

/** Display names that belong to a team, not a person ("Acme Recruiting", "Talent Team"). */
const TEAM_NAME =
  /\b(?:recruit(?:ing|ment|ers)|talent(?: acquisition)?|careers?|jobs|hiring|human resources|hr|people (?:team|ops)|team|staffing|candidates?|no-?reply)\b/i;

function isTeam(person: Person): boolean {
  return isTeamMailbox(person.email) || TEAM_NAME.test(person.name ?? '');
}

/** A person's first name, when there is a person to greet; undefined for teams and unknowns. */
export function firstName(person: Person): string | undefined {
  if (isTeam(person)) return undefined;
  const name = person.name?.trim();
  if (name) {
    if (name.includes('@')) return undefined;
    return name.split(/\s+/)[0];
  }
  // "jane.doe@" names Jane; "jdoe@" or "jane84@" names nobody we could greet.
  const local = person.email?.split('@')[0] ?? '';
  const [first, second] = local.split(/[._-]/);
  if (!second || !first || !/^\p{L}{2,}$/u.test(first)) return undefined;
  return first[0]!.toUpperCase() + first.slice(1).toLowerCase();
}

/**
 * "Hi Jane," for a person, "Hello Contoso team," for a team mailbox (or when
 * nobody is known), else "Hello," for an address with no name to read.
 */
export function greeting(contact: Person | undefined, company: string): string {
  const first = contact ? firstName(contact) : undefined;
  if (first) return `Hi ${first},`;
  const team = !contact || isTeam(contact);
  return team && company ? `Hello ${company} team,` : 'Hello,';
}

/**
 * The name drafts are signed with: the one the user set, else the calendar
 * account's display name. Empty when neither is known: the draft then ends
 * with its closing line, and the pages ask for a name.
 */
export function signatureOf(settings: Pick<Settings, 'signAs' | 'accountName'>): string {
  return settings.signAs?.trim() || settings.accountName?.trim() || '';
}

/** The closing lines: "Best regards," and the name, when there is one. */
export function signOff(closing: string, signature: string): string[] {
  return signature ? [closing, signature] : [closing];
}

export function roleAt(app: Pick<Application, 'company' | 'role'>): string {
  if (app.role && app.company) return `the ${app.role} role at ${app.company}`;
  if (app.role) return `the ${app.role} role`;
  return app.company ? `the role at ${app.company}` : 'the role';
}

/** What the status check says about the wait, when the employer gave a timeline. */
function timelineLine(timeline: Application['timeline'], lastDay: string): string | undefined {
  if (!timeline) return undefined;
  if (timeline.kind === 'date') return `You mentioned I might hear back by ${timeline.date}.`;
  const weeks = timeline.days % 5 === 0 ? timeline.days / 5 : undefined;
  const span =
    weeks === 1
      ? 'a week'
      : weeks
        ? `${weeks} weeks`
        : `${timeline.days} business day${timeline.days === 1 ? '' : 's'}`;
  return `When we spoke on ${lastDay}, you mentioned I would hear back within ${span}.`;
}

/** A polite status check to the recruiter or hiring manager. */
export function statusCheckDraft(
  app: Pick<Application, 'company' | 'role' | 'contact' | 'timeline'>,
  last: { day: string; round?: string },
  signature: string,
): Draft {
  const round = last.round ? `${last.round} ` : '';
  const waited = timelineLine(app.timeline, last.day);
  const lines = [
    greeting(app.contact, app.company),
    '',
    `I hope you are well. I wanted to follow up on my ${round}interview for ${roleAt(app)} on ${last.day}.`,
    ...(waited ? [waited] : []),
    'I am still very interested in the position and would be glad to hear about the next steps and your timeline.',
    'If it would help, I am happy to send additional materials, work samples or references.',
    '',
    'Thank you again for your time and consideration.',
    '',
    ...signOff('Best regards,', signature),
  ];
  return {
    to: app.contact?.email,
    toName: app.contact?.name,
    subject: `Following up – ${app.role ?? 'my interview'}${app.company ? ` at ${app.company}` : ''}`.slice(
      0,
      200,
    ),
    body: lines.join('\n'),
  };
}

/** Asks the recruiter for the addresses of interviewers named without one. */
export function askAddressDraft(
  contact: Person | undefined,
  names: string[],
  app: Pick<Application, 'company' | 'role'>,
  signature: string,
): Draft {
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  const lines = [
    greeting(contact, app.company),
    '',
    `Thank you for arranging my interview for ${roleAt(app)}.`,
    `I would like to send a short thank-you note to ${list}. Could you share ${names.length > 1 ? 'their email addresses' : 'their email address'}, or pass my thanks along?`,
    '',
    ...signOff('Many thanks,', signature),
  ];
  return {
    to: contact?.email,
    toName: contact?.name,
    subject: 'A quick request after my interview',
    body: lines.join('\n'),
  };
}

/** After a rejection: a gracious note that keeps the door open. */
export function stayInTouchDraft(
  app: Pick<Application, 'company' | 'role' | 'contact'>,
  signature: string,
): Draft {
  const lines = [
    greeting(app.contact, app.company),
    '',
    `Thank you for letting me know, and for the time you and the team spent with me on ${roleAt(app)}.`,
    'I enjoyed learning about the work, and I would welcome the chance to be considered for future openings.',
    'I would be glad to stay in touch.',
    '',
    ...signOff('All the best,', signature),
  ];
  return {
    to: app.contact?.email,
    toName: app.contact?.name,
    subject: `Thank you${app.company ? ` – ${app.company}` : ''}`,
    body: lines.join('\n'),
  };
}
