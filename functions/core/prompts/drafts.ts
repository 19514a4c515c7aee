/**
 * Drafts the user sends from their own mailbox. Afterview never writes to
 * employers. Thank-you drafts are unique per interviewer: the person's name,
 * the role, a line from the user's notes for that person, and an opening
 * chosen per person so that two people in one loop never get the same text.
 */
import type { Application, Interview, Interviewer, Person } from '../model.js';

export interface Draft {
  to?: string;
  toName?: string;
  subject: string;
  body: string;
}

/** First name for a greeting; falls back to the full name or a neutral word. */
export function firstName(person: Person): string {
  const name = person.name?.trim();
  if (name) return name.split(/\s+/)[0] ?? name;
  const local = person.email?.split('@')[0] ?? '';
  const guess = local.split(/[._-]/)[0] ?? '';
  return guess.length > 1 ? guess[0]!.toUpperCase() + guess.slice(1) : 'there';
}

function roleAt(app: Pick<Application, 'company' | 'role'>): string {
  if (app.role && app.company) return `the ${app.role} role at ${app.company}`;
  if (app.role) return `the ${app.role} role`;
  return app.company ? `the role at ${app.company}` : 'the role';
}

const OPENINGS = [
  (_who: string, what: string) => `Thank you for taking the time to speak with me about ${what} today.`,
  (who: string, what: string) =>
    `I really enjoyed our conversation today, ${who}, and learning more about ${what}.`,
  (_who: string, what: string) => `Thanks again for meeting with me today to discuss ${what}.`,
  (_who: string, what: string) => `I appreciated the chance to talk with you today about ${what}.`,
];

const CLOSINGS = [
  'Our conversation made me even more excited about the opportunity.',
  'It confirmed my enthusiasm for the team and the work ahead.',
  'I came away with a clear sense of how I could contribute.',
  'I left our talk even more interested in joining the team.',
];

function noteLine(note: string | undefined): string | undefined {
  // Trailing punctuation goes before clipping, so that the ellipsis of a clipped note survives.
  const text = note
    ?.trim()
    .replace(/\s+/g, ' ')
    .replace(/[.!]+$/, '');
  if (!text) return undefined;
  const clipped = text.length > 240 ? `${text.slice(0, 237)}...` : `${text}.`;
  return `I especially appreciated our discussion of ${clipped}`;
}

/**
 * One thank-you draft for one interviewer. `index` is the person's position
 * in the loop: it picks a different opening and closing for each person.
 */
export function thankYouDraft(
  interviewer: Interviewer,
  interview: Pick<Interview, 'title' | 'notes'>,
  app: Pick<Application, 'company' | 'role'>,
  index: number,
  signature: string,
): Draft {
  const who = firstName(interviewer);
  const what = roleAt(app);
  const opening = OPENINGS[index % OPENINGS.length]!(who, what);
  // Shift the closing once per round of openings: loops larger than the list still get distinct texts.
  const closing = CLOSINGS[(index + Math.floor(index / OPENINGS.length)) % CLOSINGS.length]!;
  const note = noteLine(interview.notes[interviewer.key]);
  const lines = [
    `Hi ${who},`,
    '',
    opening,
    ...(note ? [note] : []),
    closing,
    '',
    'Please let me know if there is anything else I can share that would be helpful.',
    '',
    'Best regards,',
    signature,
  ];
  return {
    to: interviewer.email,
    toName: interviewer.name,
    subject: `Thank you – ${app.role || app.company || interview.title}`.slice(0, 200),
    body: lines.join('\n'),
  };
}

/** A polite status check to the recruiter or hiring manager. */
export function statusCheckDraft(
  app: Pick<Application, 'company' | 'role' | 'contact'>,
  lastInterviewText: string,
  signature: string,
): Draft {
  const who = app.contact ? firstName(app.contact) : 'there';
  const lines = [
    `Hi ${who},`,
    '',
    `I hope you are well. I wanted to follow up on my interview for ${roleAt(app)} on ${lastInterviewText}.`,
    'I remain very interested in the position and would be glad to hear about the next steps and your timeline.',
    'If it would help, I am happy to send additional materials, work samples or references.',
    '',
    'Thank you again for your time and consideration.',
    '',
    'Best regards,',
    signature,
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
  const who = contact ? firstName(contact) : 'there';
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  const lines = [
    `Hi ${who},`,
    '',
    `Thank you for arranging my interview for ${roleAt(app)}.`,
    `I would like to send a short thank-you note to ${list}. Could you share ${names.length > 1 ? 'their email addresses' : 'their email address'}, or pass my thanks along?`,
    '',
    'Many thanks,',
    signature,
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
  const who = app.contact ? firstName(app.contact) : 'there';
  const lines = [
    `Hi ${who},`,
    '',
    `Thank you for letting me know, and for the time you and the team spent with me on ${roleAt(app)}.`,
    'I enjoyed learning about the work, and I would welcome the chance to be considered for future openings.',
    'I would be glad to stay in touch.',
    '',
    'All the best,',
    signature,
  ];
  return { to: app.contact?.email, toName: app.contact?.name, subject: 'Thank you', body: lines.join('\n') };
}

/** The name the user signs with: their address' local part, tidied. */
export function signatureFor(email: string): string {
  const local = email.split('@')[0] ?? '';
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');
}
