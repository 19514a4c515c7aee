/**
 * What an email address tells us about who sent or joins an event: a free
 * mailbox, a scheduling or applicant-tracking system, a room, or a company
 * whose name we can read from the domain.
 */

/** Consumer mailbox domains: they say nothing about an employer. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'outlook.fr',
  'outlook.de',
  'outlook.es',
  'outlook.com.br',
  'hotmail.es',
  'hotmail.it',
  'yahoo.com.br',
  'yahoo.in',
  'outlook.in',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'live.com',
  'live.fr',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.es',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.de',
  'gmx.net',
  'gmx.com',
  'gmx.at',
  'web.de',
  't-online.de',
  'freenet.de',
  'posteo.de',
  'mailbox.org',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
  'libero.it',
  'virgilio.it',
  'terra.com.br',
  'uol.com.br',
  'bol.com.br',
  'zoho.com',
  'yandex.ru',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'rediffmail.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'cox.net',
  'charter.net',
  'earthlink.net',
  'btinternet.com',
  'sky.com',
  'virginmedia.com',
  'talktalk.net',
  'ntlworld.com',
  'bigpond.com',
  'optusnet.com.au',
  'shaw.ca',
  'rogers.com',
  'sympatico.ca',
  'videotron.ca',
  'telus.net',
  'naver.com',
  'daum.net',
  'hanmail.net',
  'ziggo.nl',
  'kpnmail.nl',
  'planet.nl',
  'home.nl',
  'telenet.be',
  'skynet.be',
  'interia.pl',
  'onet.pl',
  'op.pl',
  'tlen.pl',
  'alice.it',
  'tiscali.it',
  'tin.it',
  'fastwebnet.it',
  'bluewin.ch',
  'sunrise.ch',
  'telia.com',
  'online.no',
  '126.com',
  'sina.com',
  'foxmail.com',
  'inbox.ru',
  'bk.ru',
  'list.ru',
  'rambler.ru',
  'ukr.net',
  'abv.bg',
  'ig.com.br',
  'globo.com',
  'prodigy.net.mx',
  'hushmail.com',
  'mail.com',
  'email.com',
  'inbox.com',
]);

/** Consumer mailbox brands under any country suffix: yahoo.co.jp, hotmail.nl, outlook.com.au. */
const FREE_MAIL_BRAND =
  /^(?:gmail|googlemail|yahoo|ymail|rocketmail|hotmail|outlook|live|msn|windowslive|aol|gmx|proton(?:mail)?|yandex)\.(?:[a-z]{2,3})(?:\.[a-z]{2})?$/;

/** Applicant-tracking and interview-scheduling systems, by domain (suffix match). */
const HIRING_TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['greenhouse.io', 'Greenhouse'],
  ['greenhouse-mail.io', 'Greenhouse'],
  ['lever.co', 'Lever'],
  ['ashbyhq.com', 'Ashby'],
  ['goodtime.io', 'GoodTime'],
  ['modernloop.io', 'ModernLoop'],
  ['myworkday.com', 'Workday'],
  ['workday.com', 'Workday'],
  ['smartrecruiters.com', 'SmartRecruiters'],
  ['icims.com', 'iCIMS'],
  ['jobvite.com', 'Jobvite'],
  ['workable.com', 'Workable'],
  ['workablemail.com', 'Workable'],
  ['teamtailor.com', 'Teamtailor'],
  ['teamtailor-mail.com', 'Teamtailor'],
  ['personio.de', 'Personio'],
  ['personio.com', 'Personio'],
  ['recruitee.com', 'Recruitee'],
  ['bamboohr.com', 'BambooHR'],
  ['jazzhr.com', 'JazzHR'],
  ['breezy.hr', 'Breezy HR'],
  ['paradox.ai', 'Paradox'],
  ['gem.com', 'Gem'],
  ['successfactors.com', 'SuccessFactors'],
  ['taleo.net', 'Taleo'],
  ['hirevue.com', 'HireVue'],
  ['pinpointhq.com', 'Pinpoint'],
  ['coderpad.io', 'CoderPad'],
  ['codesignal.com', 'CodeSignal'],
  ['hackerrank.com', 'HackerRank'],
  ['karat.com', 'Karat'],
  ['karat.io', 'Karat'],
];

/** Tools whose sessions are themselves interviews: a title naming one is an interview. */
const INTERVIEW_TOOL_NAME =
  /\b(?:hirevue|karat|codesignal|hackerrank|coderpad|codility|testgorilla|spark hire|modern hire|willo)\b/i;

/** The interviewing tool a text names ("HireVue – Unilever"), or undefined. */
export function interviewToolNamedIn(text: string): string | undefined {
  const match = INTERVIEW_TOOL_NAME.exec(text)?.[0];
  if (!match) return undefined;
  return [...HIRING_TOOLS].find(([, name]) => name.toLowerCase() === match.toLowerCase())?.[1] ?? match;
}

/** General booking tools: used for interviews, but for sales calls and coffee chats too. */
const BOOKING_TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['calendly.com', 'Calendly'],
  ['cal.com', 'Cal.com'],
  ['youcanbook.me', 'YouCanBook.me'],
  ['doodle.com', 'Doodle'],
  ['hubspot.com', 'HubSpot Meetings'],
  ['chilipiper.com', 'Chili Piper'],
  ['savvycal.com', 'SavvyCal'],
  ['zcal.co', 'zcal'],
  ['acuityscheduling.com', 'Acuity'],
];

/** Platforms for practising interviews: what they book is never the real thing. */
const PRACTICE_TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['interviewing.io', 'interviewing.io'],
  ['pramp.com', 'Pramp'],
  ['tryexponent.com', 'Exponent'],
  ['interviewkickstart.com', 'Interview Kickstart'],
  ['hellointerview.com', 'Hello Interview'],
  ['igotanoffer.com', 'IGotAnOffer'],
  ['formation.dev', 'Formation'],
  ['leetcode.com', 'LeetCode'],
  ['biginterview.com', 'Big Interview'],
];

/** Mailbox names of robots: they never sit in an interview. */
const SYSTEM_LOCAL_PART =
  /^(?:no-?reply|do-?not-?reply|donotreply|notifications?|notify|mailer-daemon|postmaster|calendar|calendars|scheduling|scheduler|invites?|invitations?|bounce[s]?|automated|system|robot|bot|recruiting-?noreply|jobs-?noreply)(?:[+.-].*)?$/;

/** Google resource calendars, group calendars and Exchange room mailboxes. */
const ROOM_DOMAIN = /(?:^|\.)resource\.calendar\.google\.com$|(?:^|\.)group\.calendar\.google\.com$/;
const ROOM_NAME =
  /\b(?:room|raum|salle|sala|conf(?:erence)?\s*room|meeting\s*room|besprechungsraum|boardroom|huddle|phone\s*booth)\b/i;

/** Two-part public suffixes common enough to matter for company names. */
const SECOND_LEVEL = /^(?:co|com|org|net|ac|gov|edu|ltd|plc)\.[a-z]{2}$/;

/** The domain of an address, lower-cased, or undefined. */
export function domainOf(email: string | undefined): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return undefined;
  return email
    .slice(at + 1)
    .toLowerCase()
    .replace(/[>.\s]+$/, '');
}

function matchesDomain(domain: string, suffix: string): boolean {
  return domain === suffix || domain.endsWith(`.${suffix}`);
}

/** True for consumer mailboxes (gmail.com, outlook.com, web.de...). */
export function isFreeMail(domain: string | undefined): boolean {
  return domain !== undefined && (FREE_MAIL.has(domain) || FREE_MAIL_BRAND.test(domain));
}

/** True for the brand name of a hiring, booking or practice tool ("Karat", "HireVue"). */
export function isToolName(name: string): boolean {
  const squash = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
  const target = squash(name);
  return [...HIRING_TOOLS, ...BOOKING_TOOLS, ...PRACTICE_TOOLS].some(([, tool]) => squash(tool) === target);
}

/** The name of the applicant-tracking or interview-scheduling system behind a domain. */
export function hiringToolOf(domain: string | undefined): string | undefined {
  if (!domain) return undefined;
  return HIRING_TOOLS.find(([suffix]) => matchesDomain(domain, suffix))?.[1];
}

/** The name of a general booking tool (Calendly and the like) behind a domain. */
export function bookingToolOf(domain: string | undefined): string | undefined {
  if (!domain) return undefined;
  return BOOKING_TOOLS.find(([suffix]) => matchesDomain(domain, suffix))?.[1];
}

/** The name of an interview-practice platform behind a domain. */
export function practiceToolOf(domain: string | undefined): string | undefined {
  if (!domain) return undefined;
  return PRACTICE_TOOLS.find(([suffix]) => matchesDomain(domain, suffix))?.[1];
}

/** Every hiring or booking tool named by a domain in free text (links, footers). */
export function toolsNamedIn(text: string): { hiring: string[]; booking: string[]; practice: string[] } {
  const hiring = new Set<string>();
  const booking = new Set<string>();
  const practice = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)+)\b/g)) {
    const host = match[1] ?? '';
    const tool = hiringToolOf(host);
    if (tool) hiring.add(tool);
    const booker = bookingToolOf(host);
    if (booker) booking.add(booker);
    const practiser = practiceToolOf(host);
    if (practiser) practice.add(practiser);
  }
  return { hiring: [...hiring], booking: [...booking], practice: [...practice] };
}

/**
 * True for addresses no human reads: no-reply senders, scheduling robots,
 * hiring tools, rooms and group calendars.
 */
export function isSystemAddress(email: string | undefined): boolean {
  if (!email) return false;
  const lower = email.toLowerCase();
  const domain = domainOf(lower);
  const local = lower.slice(0, lower.lastIndexOf('@'));
  if (SYSTEM_LOCAL_PART.test(local)) return true;
  if (domain && (ROOM_DOMAIN.test(domain) || hiringToolOf(domain) || bookingToolOf(domain))) return true;
  return false;
}

/** "leah.kim@", "jane_doe@": a person's mailbox rather than a robot's or a team's. */
export function isPersonalMailbox(email: string | undefined): boolean {
  const lower = email?.toLowerCase() ?? '';
  return /^[a-z]{2,}[._][a-z]{2,}$/.test(lower.slice(0, lower.lastIndexOf('@')));
}

/** Shared team mailboxes: they organise interviews but nobody there gets a thank-you. */
const TEAM_LOCAL_PART =
  /^(?:recruit(?:ing|ment|er|ers)?|talent(?:-?acquisition)?|careers?|jobs?|hr|people|hiring|candidates?|interviews?|recrutement|recrutamento|karriere|bewerbung(?:en)?|personal|rrhh|rh|seleccion|selecao|selezione|talentos?|staffing|campus(?:-?recruiting)?|werving|rekrutacja|sollicitaties?)(?:[._+-].*)?$/;

/** True for team mailboxes such as recruiting@acme.com or talent@acme.com. */
export function isTeamMailbox(email: string | undefined): boolean {
  if (!email) return false;
  const lower = email.toLowerCase();
  return TEAM_LOCAL_PART.test(lower.slice(0, lower.lastIndexOf('@')));
}

/** True when a participant's name reads like a room or equipment. */
export function looksLikeRoom(name: string | undefined): boolean {
  return name !== undefined && ROOM_NAME.test(name);
}

/**
 * The company a domain most likely belongs to, for domains that are
 * neither free mail nor tools: `careers.acme-robotics.co.uk` -> "Acme Robotics".
 */
export function companyFromDomain(domain: string | undefined): string | undefined {
  if (!domain || isFreeMail(domain) || hiringToolOf(domain) || bookingToolOf(domain)) return undefined;
  if (ROOM_DOMAIN.test(domain)) return undefined;
  const labels = domain.split('.').filter(Boolean);
  if (labels.length < 2) return undefined;
  const lastTwo = labels.slice(-2).join('.');
  const nameLabel = SECOND_LEVEL.test(lastTwo) ? labels[labels.length - 3] : labels[labels.length - 2];
  if (!nameLabel || nameLabel.length < 2) return undefined;
  return nameLabel
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => (word.length <= 3 && !/[aeiouy]/.test(word) ? word.toUpperCase() : capitalise(word)))
    .join(' ');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
