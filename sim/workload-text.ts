/**
 * The words of the simulated calendars: companies, roles, people, and the
 * titles and descriptions of interviews and of everyday meetings. Realistic
 * enough for the real detector, with a share of hostile text (markup,
 * quotes) because calendar content is hostile input.
 */
import type { Random } from './random.js';

const COMPANY_HEADS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Pied Piper',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Aperture',
  'Black Mesa',
  'Monarch',
  'Wonka',
  'Oscorp',
  'Nakatomi',
  'Massive',
  'Dunder',
  'Prestige',
  'Blue Sun',
  'Weyland',
  'Sirius',
  'Octan',
  'Virtucon',
  'Bluth',
  'Stark',
  'Wayne',
  'Gekko',
  'Rekall',
  'Zorin',
  'Müller',
  'Société',
  'Nordlicht',
  'Kaizen',
  'Polaris',
  'Lumen',
  'Quanta',
  'Helix',
  'Vertex',
  'Orbital',
];
const COMPANY_TAILS = [
  'Labs',
  'Systems',
  'Robotics',
  'Health',
  'Analytics',
  'Logistik',
  'Fintech',
  'Energy',
  'Media',
  'Cloud',
];

export const ROLES = [
  'Senior Backend Engineer',
  'Product Designer',
  'Data Analyst',
  'Engineering Manager',
  'Frontend Developer',
  'Site Reliability Engineer',
  'Product Manager',
  'Marketing Manager',
  'Account Executive',
  'Data Scientist',
];

const FIRST = [
  'Ana',
  'Bo',
  'Chen',
  'Dana',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Ruth',
  'Sven',
  'Tomás',
  'Zoë',
];
const LAST = [
  'Okafor',
  'Schmidt',
  'García',
  'Nguyen',
  'Kowalski',
  'Haddad',
  'Silva',
  'Tanaka',
  "O'Brien",
  'Novak',
  'Rossi',
  'Jensen',
  'Ahmed',
  'Dubois',
  'Park',
];

export interface Company {
  name: string;
  domain: string;
}

export interface PersonSpec {
  name: string;
  email?: string;
}

export function company(random: Random): Company {
  const name = `${random.pick(COMPANY_HEADS)} ${random.pick(COMPANY_TAILS)}`;
  const domain = `${name
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()}.example`;
  return { name, domain };
}

export function person(random: Random, domain?: string): PersonSpec {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const name = `${first} ${last}`;
  if (!domain) return { name };
  const local = `${first}.${last}`
    .normalize('NFKD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  return { name, email: `${local}@${domain}` };
}

export type Stage = 'screen' | 'technical' | 'loop' | 'final';

const STAGE_TITLES: Record<Stage, Array<(c: string, r: string) => string>> = {
  screen: [
    (c, r) => `Phone screen: ${c} / ${r}`,
    (c) => `${c} - Recruiter call`,
    (c, r) => `Interview with ${c} - ${r}`,
    (c) => `Screening call with ${c}`,
    (c, r) => `${r} interview (${c})`,
  ],
  technical: [
    (c) => `Technical interview - ${c}`,
    (c, r) => `${c}: Technical interview (${r})`,
    (c) => `Coding interview with ${c}`,
    (c) => `<b>${c}</b> technical interview "take-home review"`,
  ],
  loop: [
    (c) => `${c} onsite interview: System design`,
    (c) => `${c} onsite interview: Behavioural`,
    (c) => `${c} onsite interview: Hiring manager`,
    (c) => `${c} onsite interview: Coding`,
  ],
  final: [(c) => `Final round interview - ${c}`, (c, r) => `Final interview: ${r} at ${c}`],
};

export function interviewTitle(
  random: Random,
  stage: Stage,
  companyName: string,
  role: string,
  index: number,
): string {
  const templates = STAGE_TITLES[stage];
  const template = stage === 'loop' ? templates[index % templates.length] : random.pick(templates);
  return template!(companyName, role);
}

export function interviewDescription(
  random: Random,
  c: Company,
  role: string,
  owner: string,
  interviewers: PersonSpec[],
  recruiter: PersonSpec,
): string {
  return [
    `Hi ${owner},`,
    '',
    `Thanks for your interest in the ${role} role at ${c.name}. ${random.pick(WHO_FORMS)(interviewers)}`,
    'Please join with the video link below. <script>alert("x")</script> & bring questions.',
    '',
    'Best,',
    recruiter.name,
    `Recruiting Coordinator, ${c.name}`,
  ].join('\n');
}

const TITLES = ['Engineering Manager', 'Staff Engineer', 'Product Lead', 'Senior Engineer', 'Head of Data'];

function listed(people: PersonSpec[], and: string): string {
  const names = people.map((p) => p.name);
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}

/** How real invitations name the people you meet, in running text and under headings, in several languages. */
const WHO_FORMS: Array<(people: PersonSpec[]) => string> = [
  (people) => `You will be meeting ${listed(people, 'and')}.`,
  (people) =>
    `You'll meet with ${people.map((p, i) => `${p.name} (${TITLES[i % TITLES.length]})`).join(', ')}.`,
  (people) => `\nInterviewers: ${people.map((p) => p.name).join(', ')}\n`,
  (people) => `\nPanel – ${listed(people, 'and')}\n`,
  (people) => `Sie treffen ${listed(people, 'und')}.`,
  (people) => `Vous rencontrerez ${listed(people, 'et')}.`,
  (people) => `Vas a conocer a ${listed(people, 'y')}.`,
];

/** Everyday events (ground truth: not interviews), some deliberately close to one. */
export const ORDINARY_TITLES = [
  'Lunch with Sam',
  'Dentist',
  'Gym',
  'Coffee with a friend',
  'Call with landlord',
  'Mock interview practice with coach',
  'Customer interview: onboarding feedback',
  'Podcast interview recording',
  'Debrief: candidate interview feedback',
  'Haircut',
  'Flight to Berlin',
  'Book club',
  '1:1 with mentor',
  'Parent-teacher meeting',
];

export const RECURRING_TITLES = [
  'Weekly sync with mentor',
  'Team standup',
  'Volunteer shift',
  'Spanish class',
];
