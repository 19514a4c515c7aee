/**
 * Cleaning and recognising the words of a job: job titles ("Senior Backend
 * Engineer") and company names ("Acme GmbH" -> "Acme").
 */
import { ROLE_NOUN } from './lexicon.js';
import { fold } from './text.js';

/** Words that are never a company or a role on their own (folded). */
export const GENERIC = new Set([
  'you',
  'me',
  'us',
  'team',
  'hiring team',
  'talent team',
  'recruiting team',
  'people team',
  'recruiter',
  'hr',
  'zoom',
  'teams',
  'google meet',
  'microsoft teams',
  'phone',
  'video',
  'tbd',
  'tba',
  'candidate',
  'interviewer',
  'hiring manager',
  'manager',
  'call',
  'chat',
  'meeting',
  'interview',
]);

const LEGAL_SUFFIX =
  /[,\s]+(?:&\s*)?(?:inc\.?|incorporated|llc|l\.l\.c\.|ltd\.?|limited|gmbh(?: & co\.? kg)?|ag|se|sa|s\.a\.|sas|sarl|s\.l\.|bv|b\.v\.|nv|plc|corp\.?|corporation|co\.?|pty\.? ltd\.?|srl|s\.r\.l\.|ltda\.?|kg)$/i;

/** True when the text reads like a job title (it holds a job noun). */
export function isRole(text: string): boolean {
  const folded = fold(text);
  const words = folded.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 8 && ROLE_NOUN.test(folded);
}

/** A job title without articles, filler words and trailing "role"/"position". */
export function cleanRole(raw: string): string {
  return raw
    .replace(
      /^\s*(?:the|a|an|our|your|vaga(?: de)?|vacante(?: de)?|puesto(?: de)?|poste(?: de)?|stelle(?: als)?|position(?: als)?|role|job)\s+/i,
      '',
    )
    .replace(/\s+(?:role|position|opening|job|vacancy|stelle|poste|puesto|vaga)\s*$/i, '')
    .replace(/\s*\((?:req|job|id)[^)]*\)\s*$/i, '')
    .replace(/^[\s,.;:!?'"*#-]+|[\s,.;:!?'"*#-]+$/g, '')
    .trim();
}

/** A plausible company name without legal suffix, or undefined. */
export function cleanCompany(raw: string): string | undefined {
  let value = raw
    // "Dept. of Chemistry, Duke": the university, not the department.
    .replace(/^(?:dept\.?|department|school|faculty|division|institute) of [^,]+,\s*/i, '')
    // "PwC Graduate Scheme", "Ambev 2026": the company, not its programme or year.
    .replace(
      /(?:\s+(?:future leaders|graduate|trainee|internship|summer|early careers|leadership))*\s+(?:programme|program|scheme)$/i,
      '',
    )
    .replace(/\s+20\d{2}$/, '')
    .replace(/^[\s,.;:!?'"*#-]+|[\s,.;:!?'"*#]+$/g, '')
    .replace(/^(?:the|der|die|das|la|le|les|el|los|o|a|os|l')\s+/i, '')
    .trim();
  for (let i = 0; i < 2; i += 1) value = value.replace(LEGAL_SUFFIX, '').trim();
  const folded = fold(value);
  if (value.length < 2 || value.length > 60) return undefined;
  if (value.split(/\s+/).length > 5) return undefined;
  if (GENERIC.has(folded) || /@|https?:|\d{4,}|^\d[\d:.\s-]*(?:am|pm)?$/i.test(value)) return undefined;
  if (NOT_A_COMPANY.test(folded) || STREET_ADDRESS.test(folded) || !isNameShaped(value)) return undefined;
  if (!/\p{L}/u.test(value)) return undefined;
  // "Frau Schulz", "Mr. Lee": a person addressed by title, not a company.
  if (/(?:^|\s)(?:herrn?|frau|mr|mrs|ms|dr|mme|mlle|m|sr|sra|srta)\.?\s/i.test(`${value} `)) return undefined;
  return value;
}

/** Calendar verbs and labels ("Schedule", "Reminder") and pay grades ("Grade 7", "Band 6"). */
const NOT_A_COMPANY =
  /^(?:schedule[ds]?|re-?schedule[ds]?|confirm(?:ed|ation)?|reminder|invitation|invite|updated?|new event|booking|booked|appointment|action required|please|join|rsvp|accepted|tentative|declined|save the date|hold|placeholder|tbc|tbd|block(?:ed)?|focus|busy|quick|short|brief|one|two|three|four|five)$|^(?:grade|band|level|pay ?band|scale|salary grade)\b/;

/** "101 California St", "Rue de Rivoli 12": a place, not a company. */
const STREET_ADDRESS =
  /^\d+\w?\s.*\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|lane|ln|way|drive|dr|place|pl|square|sq)\.?$|\b(?:strasse|str\.|rue|calle|avenida|via|straat|ulica|ul\.)\s/;

/** Small words allowed in lower case inside a name ("Bank of America", "Banco do Brasil"). */
const NAME_LINK =
  /^(?:of|and|the|for|de|del|des|du|da|do|dos|das|di|der|den|van|von|y|e|et|und|&|-|la|le|los|las|au|aux|zu|im|am|a|on|in)$/;

/**
 * A name, not a phrase: after the first word, every word is capitalised, a
 * number or a linking word. "Ultrafast spectroscopy of photocatalysts" is
 * a talk's title; "Bank of America" is a name.
 */
function isNameShaped(value: string): boolean {
  const words = value.split(/\s+/).slice(1);
  return words.every((word) => !/^\p{Ll}/u.test(word) || NAME_LINK.test(word) || /[.]/.test(word));
}

/**
 * "Acme" and "Acme Robotics", "McKinsey & Company" and "mckinsey", and a
 * domain's short form of a name ("Jpmchase" for JPMorgan Chase, "BCG" for
 * Boston Consulting Group): the same company.
 */
export function sameCompany(a: string, b: string): boolean {
  const squash = (value: string) => fold(value).replace(/[^\p{L}\p{N}]/gu, '');
  const x = squash(a);
  const y = squash(b);
  if (x.length < 2 || y.length < 2) return false;
  return x === y || x.startsWith(y) || y.startsWith(x) || abbreviates(x, y) || abbreviates(y, x);
}

/** `short` keeps the first letter of `long` and the rest of its letters in order. */
function abbreviates(short: string, long: string): boolean {
  if (short.length >= long.length || short[0] !== long[0]) return false;
  let at = 0;
  for (const char of long) if (char === short[at]) at += 1;
  return at >= short.length;
}
