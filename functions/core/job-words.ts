/**
 * Cleaning and recognising the words of a job: job titles ("Senior Backend
 * Engineer") and company names ("Acme GmbH" -> "Acme").
 */
import { fold, ROLE_NOUN } from './detection-lexicon.js';

/** Longest company or role we report. */
const MAX_FIELD = 100;

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
  /[,\s]+(?:inc\.?|incorporated|llc|l\.l\.c\.|ltd\.?|limited|gmbh(?: & co\.? kg)?|ag|se|sa|s\.a\.|sas|sarl|s\.l\.|bv|b\.v\.|nv|plc|corp\.?|corporation|co\.|pty\.? ltd\.?|srl|s\.r\.l\.|ltda\.?|kg)$/i;

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
    .replace(/^[\s,.;:!?'"*#-]+|[\s,.;:!?'"*#]+$/g, '')
    .replace(/^(?:the|der|die|das|la|le|les|el|los|o|a|os|l')\s+/i, '')
    .trim();
  for (let i = 0; i < 2; i += 1) value = value.replace(LEGAL_SUFFIX, '').trim();
  const folded = fold(value);
  if (value.length < 2 || value.length > 60) return undefined;
  if (value.split(/\s+/).length > 5) return undefined;
  if (GENERIC.has(folded) || /@|https?:|\d{4,}|^\d[\d:.\s-]*(?:am|pm)?$/i.test(value)) return undefined;
  if (!/\p{L}/u.test(value)) return undefined;
  // "Frau Schulz", "Mr. Lee": a person addressed by title, not a company.
  if (/(?:^|\s)(?:herrn?|frau|mr|mrs|ms|dr|mme|mlle|m|sr|sra|srta)\.?\s/i.test(`${value} `)) return undefined;
  return value;
}

/** Cuts a reported field to `MAX_FIELD` characters. */
export function clipField(value: string): string {
  return value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD - 1).trimEnd()}…` : value;
}

/** "Acme" and "Acme Robotics", "McKinsey & Company" and "mckinsey": the same company. */
export function sameCompany(a: string, b: string): boolean {
  const squash = (value: string) => fold(value).replace(/[^\p{L}\p{N}]/gu, '');
  const x = squash(a);
  const y = squash(b);
  return x.length >= 2 && y.length >= 2 && (x === y || x.startsWith(y) || y.startsWith(x));
}
