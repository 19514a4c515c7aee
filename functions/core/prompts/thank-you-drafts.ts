/**
 * Thank-you notes, one per interviewer, written the way a person would: they
 * name the round ("the system design interview"), what was discussed with
 * that person (the note the user wrote for the email), the people met
 * together in a panel, and a second meeting as one. Sentences are chosen per
 * person from a seed of the interview and the person, not from their place
 * in the list, and a loop's notes are composed together so that no two read
 * the same once names are taken out.
 */

import type { Application, Interview, Interviewer } from '../model.js';
import { type Draft, firstName, roleAt, signOff } from './drafts.js';
import { type Round, type RoundKind, roundOf } from './round-names.js';

/** One person to thank, and what the note may say about the meeting. */
export interface ThankYouPerson {
  person: Interviewer;
  interview: Pick<Interview, 'id' | 'title' | 'notes' | 'interviewers'>;
  /** The user met this person in an earlier round of the application. */
  metBefore: boolean;
  /** The application had rounds on earlier days. */
  laterRound: boolean;
  /** When the interview was, in words: "today", "yesterday", "on Tuesday". */
  when: string;
}

type App = Pick<Application, 'company' | 'role'>;

interface Parts {
  round?: Round;
  when: string;
  what: string;
  company: string;
  others: string;
  topic?: string;
  again: boolean;
  laterRound: boolean;
}

const the = (round: Round | undefined, fallback: string) => round?.phrase ?? fallback;

function openings(p: Parts): string[] {
  if (p.again) {
    return [
      `It was good to speak with you again ${p.when}.`,
      `Thank you for making time to meet with me again ${p.when}${p.round ? ` for ${p.round.phrase}` : ''}.`,
      `Thanks for another great conversation ${p.when}.`,
    ];
  }
  if (p.others) {
    return [
      `It was a pleasure meeting you and ${p.others} ${p.when}.`,
      `Thank you for ${the(p.round, 'our conversation')} ${p.when}; it was great to meet you and ${p.others}.`,
      `Thanks to you and ${p.others} for your time ${p.when}.`,
    ];
  }
  return [
    `Thank you for ${the(p.round, 'taking the time to speak with me')} ${p.when}.`,
    `Thanks for meeting with me ${p.when}${p.round ? ` for ${p.round.phrase}` : ''}.`,
    `I appreciated the time you spent with me ${p.when}.`,
    `It was a pleasure to speak with you ${p.when} about ${p.what}.`,
    `Thank you for your time ${p.when}; I enjoyed ${the(p.round, 'our conversation')}.`,
  ];
}

const ABOUT_ROUND: Record<RoundKind, string[]> = {
  design: [
    'Working through the design problem with you gave me a good sense of how the team thinks about its systems.',
    'I enjoyed thinking through the design questions together.',
  ],
  technical: [
    'I enjoyed working through the problem together.',
    'Solving the exercise with you gave me a real feel for how the team works.',
  ],
  manager: [
    'Hearing how you see the team and its priorities was very helpful.',
    'It was great to hear where you want to take the team.',
  ],
  values: [
    'I appreciated hearing about the culture and how the team works together.',
    'It was good to hear what the team values in the way it works.',
  ],
  screen: [
    'It was helpful to learn more about the team and the hiring process.',
    'I appreciated you walking me through the role and the next steps.',
  ],
  presentation: [
    'I enjoyed the questions and the discussion after my presentation.',
    'I appreciated your questions about my work.',
  ],
  other: [],
};

const ABOUT_ANY = [
  'It was great to learn more about the team and the work ahead.',
  'I came away with a much clearer picture of the team and its work.',
  'Hearing your perspective on the team was really valuable.',
  'I enjoyed learning about the challenges the team is working on.',
];

function middles(p: Parts): string[] {
  if (p.topic) {
    return [
      `I especially enjoyed our discussion of ${p.topic}.`,
      `Talking through ${p.topic} with you was a highlight for me.`,
      `I have been thinking about our conversation on ${p.topic} since.`,
      `I found our discussion of ${p.topic} especially interesting.`,
    ];
  }
  return [...ABOUT_ROUND[p.round?.kind ?? 'other'], ...ABOUT_ANY];
}

function interests(p: Parts): string[] {
  return [
    `I am even more excited about ${p.what} now.`,
    `I am very interested in ${p.what}, and I would love to contribute to the team.`,
    `I left even more enthusiastic about joining ${p.company || 'the team'}.`,
    `The conversation confirmed my interest in ${p.what}.`,
    ...(p.laterRound ? [`I am looking forward to the next steps for ${p.what}.`] : []),
  ];
}

const OFFERS = [
  'Please let me know if there is anything else I can share.',
  'If any other questions come up, I would be happy to answer them.',
  '',
  'I look forward to hearing from you.',
];

const CLOSINGS = [
  'Best regards,',
  'Best,',
  'Kind regards,',
  'Many thanks,',
  'All the best,',
  'Warm regards,',
];

/** Words that start a phrase in lower case inside a sentence ("Their migration" -> "their migration"). */
const LOWER_START =
  /^(?:The|Their|Our|Your|My|His|Her|Its|This|That|These|Those|How|What|Why|When|Where|Which|A|An|Some|Any|Team|Plans?|Ideas?)\b/;

/** The topic the user noted for a person, as a phrase for the middle of a sentence. */
export function topicPhrase(note: string | undefined): string | undefined {
  let text = note
    ?.trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:we |i )?(?:talked|spoke|discussed|chatted)(?: about| on)?\s+/i, '')
    .replace(/[.!;:,\s]+$/, '');
  if (!text) return undefined;
  if (LOWER_START.test(text)) text = text[0]!.toLowerCase() + text.slice(1);
  return text.length > 240 ? `${text.slice(0, 237).trimEnd()}...` : text;
}

/** A small stable hash (FNV-1a): the same person in the same interview always starts from the same text. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function nameOf(person: Interviewer): string {
  return firstName(person) ?? person.name ?? '';
}

function othersIn(entry: ThankYouPerson): string {
  const names = entry.interview.interviewers
    .filter((p) => p.key !== entry.person.key)
    .map(nameOf)
    .filter(Boolean);
  if (names.length > 3) return 'the rest of the panel';
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** The text with every name of the loop taken out: what must differ between two notes. */
function skeleton(body: string, names: string[]): string {
  let text = body;
  for (const name of names) if (name) text = text.split(name).join('\u0000');
  return text;
}

function compose(entry: ThankYouPerson, app: App, signature: string, choice: number): string {
  const p: Parts = {
    round: roundOf(entry.interview.title),
    when: entry.when,
    what: roleAt(app),
    company: app.company,
    others: othersIn(entry),
    topic: topicPhrase(entry.interview.notes[entry.person.key]),
    again: entry.metBefore,
    laterRound: entry.laterRound,
  };
  const slots = [openings(p), middles(p), interests(p), OFFERS, CLOSINGS];
  let rest = choice;
  const picked = slots.map((options) => {
    const value = options[rest % options.length]!;
    rest = Math.floor(rest / options.length);
    return value;
  });
  const [opening, middle, interest, offer, closing] = picked as [string, string, string, string, string];
  const first = firstName(entry.person);
  return [
    first ? `Hi ${first},` : 'Hello,',
    '',
    `${opening} ${middle}`,
    '',
    [interest, offer].filter(Boolean).join(' '),
    '',
    ...signOff(closing, signature),
  ].join('\n');
}

/** How many distinct combinations the slots give; the search for a unique text stops there. */
const MAX_TRIES = 2_000;

/**
 * The thank-you notes for one prompt, in the order given: each person's
 * text starts from their own seed and moves on until no earlier note of the
 * loop reads the same with names taken out.
 */
export function thankYouDrafts(people: ThankYouPerson[], app: App, signature: string): Draft[] {
  const names = people.flatMap(({ person }) => [person.name ?? '', ...(person.name ?? '').split(/\s+/)]);
  const longestFirst = [...new Set(names.filter((n) => n.length > 1))].sort((a, b) => b.length - a.length);
  const seen = new Set<string>();
  return people.map((entry) => {
    const seed = seedOf(`${entry.interview.id}#${entry.person.key}`);
    let body = compose(entry, app, signature, seed);
    for (let step = 1; step < MAX_TRIES && seen.has(skeleton(body, longestFirst)); step += 1) {
      body = compose(entry, app, signature, seed + step);
    }
    seen.add(skeleton(body, longestFirst));
    return {
      to: entry.person.email,
      toName: entry.person.name,
      subject: `Thank you – ${app.role || app.company || entry.interview.title}`.slice(0, 200),
      body,
    };
  });
}
