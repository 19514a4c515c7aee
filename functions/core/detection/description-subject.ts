/**
 * What an invitation's description says about the employer and the job:
 * labelled lines ("Role: ..."), invitation phrases ("your interest in
 * Acme", "pour le poste de ..."), and booking tools' "Event Name:" lines.
 */

import { cleanCompany, cleanRole, isRole } from './job-words.js';
import { fold } from './text.js';

/** Booking tools put the real title in the description: "Event Name: Acme - Recruiter Screen". */
export function eventNameSuffix(description: string): string {
  const match =
    /^\s*(?:event name|event type|meeting type|nome do evento|nombre del evento|tipo de evento|nom de l'événement|veranstaltungsname|terminart)\s*:\s*(.{1,200})$/im.exec(
      description.slice(0, 4000),
    );
  return match?.[1] ? ` | ${match[1].trim()}` : '';
}

/** Company and role named on labelled lines. */
export interface Labelled {
  company?: string;
  role?: string;
}

const ROLE_LABEL =
  /^(?:role|position|job title|job|opening|title|stelle|position|poste|puesto|vaga|cargo|rolle|ruolo|functie|vacature)$/;
const COMPANY_LABEL =
  /^(?:company|employer|organi[sz]ation|unternehmen|firma|entreprise|societe|empresa|azienda|bedrijf)$/;

/** "Role: Senior Engineer", "Company: Acme" lines in the description. */
export function labelledLines(description: string): Labelled {
  const found: Labelled = {};
  for (const line of description.slice(0, 4000).split('\n')) {
    const match = /^\s*[-*•]?\s*([\p{L} ]{2,20}?)\s*[:：]\s*(.{2,120})$/u.exec(line);
    if (!match) continue;
    const label = fold(match[1] ?? '').trim();
    const value = (match[2] ?? '').trim();
    if (!found.role && ROLE_LABEL.test(label) && !/https?:/.test(value)) {
      const role = cleanRole(value);
      if (role && role.split(/\s+/).length <= 10) found.role = role;
    } else if (!found.company && COMPANY_LABEL.test(label)) {
      const company = cleanCompany(value);
      if (company) found.company = company;
    }
  }
  return found;
}

// A name stays on one line, and a dot belongs to it only inside ("Booking.com"), never at a sentence end.
const WORD = "[\\p{Lu}\\d](?:[\\p{L}\\d&'’-]|\\.(?=\\p{L}))*";
const NAME = `${WORD}(?:[ \\t]+(?:&[ \\t]+)?${WORD}){0,3}`;
const DESCRIPTION_COMPANY = new RegExp(
  `(?:interest in|applying (?:to|with)|applied (?:to|with)|interview(?:ing)? (?:with|at)|position at|role at|team at|opportunity at|career at|join(?:ing)?|welcome to|bei der|bei|chez|en|na|com a|con|(?:[Rr]ecruiter|[Ss]ourcer|[Tt]alent (?:[Pp]artner|[Aa]cquisition(?: [Pp]artner)?)|[Rr]ecruiting (?:[Pp]artner|[Ll]ead|[Cc]oordinator)|[Pp]eople [Pp]artner)[ \\t]*(?:,|\\||@|at|–|-))[ \\t]+(${NAME})`,
  'gu',
);

/** Companies named in invitation phrases ("thank you for your interest in Acme"). */
export function descriptionCompanies(description: string): string[] {
  const found: string[] = [];
  for (const match of description.slice(0, 4000).matchAll(DESCRIPTION_COMPANY)) {
    const company = cleanCompany(match[1] ?? '');
    if (company && !isRole(company) && !found.includes(company)) found.push(company);
  }
  return found;
}

const ROLE_TEXT = "[\\p{L}\\d/&,.'()+ -]{2,80}?";

/**
 * Phrases that introduce a job title in an invitation. Those that end in
 * "role"/"position" or follow "Stelle als" name a job by their shape; the
 * looser ones must also contain a job noun.
 */
const DESCRIPTION_ROLES: ReadonlyArray<{ pattern: RegExp; needsNoun: boolean }> = [
  {
    pattern: new RegExp(
      `\\bfor (?:the|our|a|an) (${ROLE_TEXT}) (?:role|position|opening|job|vacancy)\\b`,
      'iu',
    ),
    needsNoun: false,
  },
  {
    pattern: new RegExp(`\\b(?:the|our) (${ROLE_TEXT}) (?:role|position|opening|vacancy)\\b`, 'iu'),
    needsNoun: true,
  },
  { pattern: new RegExp(`\\bposition of (${ROLE_TEXT})(?:[.,;!\\n]| at | with |$)`, 'iu'), needsNoun: false },
  {
    pattern: new RegExp(
      `\\b(?:candidature|candidacy|application) (?:for|to) (?:the |a |an )?(${ROLE_TEXT})(?: role| position)?(?: at |[.,;!\\n]|$)`,
      'iu',
    ),
    needsNoun: true,
  },
  {
    pattern: new RegExp(
      `\\bapplied (?:for|to) (?:the |a |an )?(${ROLE_TEXT})(?: role| position)?(?: at |[.,;!\\n])`,
      'iu',
    ),
    needsNoun: true,
  },
  {
    // German capitalises nouns: the job title ends at the first lower-case word.
    pattern: new RegExp(
      `\\b(?:[Bb]ewerbung als|[Ss]telle als|[Ss]telle|zur [Pp]osition|[Pp]osition als|die [Pp]osition) (${ROLE_TEXT})(?:[.,;!\\n]|\\s+(?=\\p{Ll}))`,
      'u',
    ),
    needsNoun: false,
  },
  {
    pattern: new RegExp(`\\b(?:le|au|du) poste d[e'] ?(${ROLE_TEXT})(?:[.,;!\\n]| chez | au sein)`, 'iu'),
    needsNoun: false,
  },
  {
    pattern: new RegExp(
      `\\b(?:el puesto|la posici[oó]n|la vacante) de (${ROLE_TEXT})(?:[.,;!\\n]| en | con )`,
      'iu',
    ),
    needsNoun: false,
  },
  {
    pattern: new RegExp(`\\b(?:a vaga|a posi[cç][aã]o) de (${ROLE_TEXT})(?:[.,;!\\n]| na | no | em )`, 'iu'),
    needsNoun: false,
  },
  {
    // Polish titles abbreviate "do spraw" as "ds.": that dot does not end the title.
    pattern: new RegExp(`\\bna stanowisk\\p{L}* (${ROLE_TEXT})(?:(?<!\\bds)[.,;!\\n]| w | we )`, 'iu'),
    needsNoun: false,
  },
  {
    pattern: new RegExp(`\\bposizione di (${ROLE_TEXT})(?:[.,;!\\n]| presso | nella | nel | in )`, 'iu'),
    needsNoun: false,
  },
  {
    pattern: new RegExp(`\\bfunctie(?: van| als)? (${ROLE_TEXT})(?:[.,;!\\n]| bij )`, 'iu'),
    needsNoun: true,
  },
  { pattern: new RegExp(`\\b(?:the|an?) (${ROLE_TEXT}) (?:search|hire)\\b`, 'iu'), needsNoun: true },
];

/** The job title an invitation names ("for the Backend Engineer role"). */
export function descriptionRole(description: string): string | undefined {
  const text = description.slice(0, 4000);
  for (const { pattern, needsNoun } of DESCRIPTION_ROLES) {
    const raw = pattern.exec(text)?.[1];
    if (!raw) continue;
    // The lazy match can start at an earlier "the": keep what follows the last article.
    const role = cleanRole(raw.split(/\b(?:the|our|about|a|an)\s+/i).pop() ?? raw);
    const words = role.split(/\s+/).length;
    if (role.length >= 2 && words <= 8 && (!needsNoun || isRole(role))) return role;
  }
  return undefined;
}
