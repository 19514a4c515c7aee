/**
 * Reading a title for the company and the role: "Interview with Acme",
 * "Acme | Senior Engineer - Onsite", "Phone Screen: Backend Engineer at Acme".
 * Stage words ("phone screen", "round 2") are set aside; names of people on
 * the invitation are never taken for a company.
 */
import { cleanCompany, cleanRole, GENERIC, isRole, sameCompany } from './job-words.js';
import { TITLE_CONFOUNDERS, TITLE_ROUTINE } from './lexicon.js';
import type { Names } from './participant-subject.js';
import { isToolName } from './participants.js';
import { fold } from './text.js';

/** Stage words: what a title segment says about the meeting, not the company. */
const STAGE =
  /\b(?:(?:\d+|thirty|fifteen|sixty|forty-five)[- ]?(?:min(?:ute)?s?|hours?|hr)|interviews?|interviewing|phone|video|zoom|teams|google meet|virtual|screen(?:ing)?|call|chat|conversation|discussion|meeting|intro(?:ductory|duction)?|initial|first|second|third|final|next|last|round|[1-9](?:st|nd|rd|th)?|technical|tech|coding|system design|behaviou?ral|panel|on-?site|loop|hiring manager|recruiter|recruiting|hr|talent|team|fit|culture|values|case study|case|take[- ]home|review|follow[- ]?up|debrief|session|invitation|invite|updated|confirmed|confirmation|rescheduled|scheduled|\d{1,2}(?::\d{2})?\s?(?:am|pm|h|uhr)|bate-papo|conversa|charla|gestora?|prueba|teste|test|en vivo|ao vivo|live|videocall|video-call|(?:teams|zoom|video|meet|phone|telefon)-(?:call|anruf|meeting|interview)|videotelefonat|etapa|stage|diretoria|direccion|audition|probespiel|lehrprobe|telefon|telephone|telefono|telefone|entrevue|vor ort|presencial|presentiel|telefonat|llamada|ligacao|appel|echange|visio|zur|poste|puesto|vaga|position|superday|recrutement|seleccion|selecao|rrhh|job|ruckruf|rueckruf|callback|assessment|cent(?:re|er)|bar raiser|hm|bewerbung|kennenlern(?:-?(?:call|termin|gesprach|gespraech))?|fachinterview|telefoninterview|videointerview|stage|step|etape|vorstellungsgesprach|vorstellungsgespraech|bewerbungsgesprach|bewerbungsgespraech|kennenlerngesprach|kennenlerngespraech|gesprach|gespraech|telefoninterview|erstgesprach|zweitgesprach|fachgesprach|entretien|d'embauche|de recrutement|telephonique|technique|rh|entrevista|de trabajo|de emprego|tecnica|colloquio|di lavoro|conoscitivo|tecnico|di selezione|selezione|sollicitatiegesprek|sollicitatie|gesprek|eerste|tweede|derde|laatste|kennismakingsgesprek|vacature|rozmowa|rekrutacyjna|kwalifikacyjna|painel|dinamica de grupo|processo|programa de trainee|portfolio|presentation|walkthrough|job talk|chalk talk|campus visit|visit|fly-?out|loop|exercise|day|tag|jour|dia|and|&|\+|with|w\/|x|vs\.?|meet|the|a|an|de|du|la|le|el|o)\b/g;

/** Separators between the parts of a title: "A | B", "A - B", "A: B", "A <> B", "A x B". */
const SEPARATOR = /\s*(?:<>|<->|<=>|\|\|?|::|\/\/)\s*|\s+(?:[-–—~/x+]|vs\.?)\s+|:\s+|\s+[-–—]|[-–—]\s+/i;

const CONNECTOR_WITH =
  /^(.*?)\b(?:with|w\/|at|@|bei|mit|avec|chez|con|com|presso|met|bij|aupres de)\s+(.+)$/i;
const CONNECTOR_AT = /^(.+?)\s+(?:at|@|bei|chez|presso|bij|en|na|em)\s+(.+)$/i;
const CONNECTOR_FOR =
  /^(.+?)\s+(?:for|fur|für|pour|para|per|voor)\s+(?:the\s+|a\s+|an\s+|la\s+|le\s+|el\s+|o\s+|a\s+|die\s+|den\s+|das\s+|l')?(.+)$/i;
const ON_BEHALF =
  /\b(?:on behalf of|im auftrag von|pour le compte de|en nombre de|em nome de|per conto di|namens)\s+(.+)$/i;
const CONNECTOR_FROM = /^(.+?)\s+(?:from|of|von|de|da|do)\s+(.+)$/i;

export interface TitleCandidate {
  value: string;
  /** Came from "with X": often a person's name rather than a company. */
  viaWith: boolean;
  /** Shaped like a person's name ("Priya Natarajan"): two or three capitalised words. */
  personLike: boolean;
  /** A hiring tool's name ("Karat Interview - Robinhood"): the vendor, unless nothing else is named. */
  tool: boolean;
}

export interface TitleReading {
  companies: TitleCandidate[];
  roles: string[];
  pairedWithOwner: boolean;
}

export function readTitle(title: string, names: Names): TitleReading {
  const reading: TitleReading = { companies: [], roles: [], pairedWithOwner: false };
  const segments = splitSegments(title);
  let ownerSegment = false;
  for (const segment of segments) {
    readSegment(segment, names, reading);
    if (isOwnerName(segment, names)) ownerSegment = true;
  }
  reading.pairedWithOwner = ownerSegment && reading.companies.length > 0 && segments.length >= 2;
  return reading;
}

function readSegment(segment: string, names: Names, reading: TitleReading): void {
  // "Technical interview on behalf of Indeed" (sent by a vendor such as Karat).
  const behalf = ON_BEHALF.exec(segment);
  if (behalf) {
    addCompany(behalf[1] ?? '', names, reading, false);
    return;
  }
  const aboutMatch =
    /\b(?:about|re:?|regarding|on|for)\s+(?:the\s+|a\s+|an\s+|your\s+|our\s+)?(.+?)\s+(?:role|position|opening|job|vacancy)\b/i.exec(
      segment,
    );
  if (aboutMatch && isRole(aboutMatch[1] ?? '')) {
    addRole(aboutMatch[1] ?? '', reading);
    const fromMatch = /\b(?:from|at|@)\s+(.+?)\s+(?:about|re:?|regarding)\b/i.exec(segment);
    if (fromMatch) addCompany(fromMatch[1] ?? '', names, reading, false);
    return;
  }
  // "Acme's Head of Design": the company owns the role.
  const possessive = /(\p{Lu}[\p{L}\d&.-]*(?:\s\p{Lu}[\p{L}\d&.-]*){0,2})['’]s\s+(.+)$/u.exec(segment);
  if (possessive && isRole(possessive[2] ?? '')) {
    addCompany(possessive[1] ?? '', names, reading, false);
    addRole(possessive[2] ?? '', reading);
    return;
  }
  const withMatch = CONNECTOR_WITH.exec(segment);
  if (withMatch && isStageOnly(withMatch[1] ?? '')) {
    readTarget(
      withMatch[2] ?? '',
      names,
      reading,
      /\b(?:with|w\/|mit|avec|con|com|met)\s+$/i.test(
        segment.slice(0, segment.length - (withMatch[2] ?? '').length),
      ),
    );
    return;
  }
  const atMatch = CONNECTOR_AT.exec(segment);
  if (atMatch && (isRole(atMatch[1] ?? '') || isStageOnly(atMatch[1] ?? ''))) {
    addRole(stripStage(atMatch[1] ?? ''), reading);
    addCompany(atMatch[2] ?? '', names, reading, false);
    return;
  }
  const forMatch = CONNECTOR_FOR.exec(segment);
  if (forMatch && isRole(forMatch[2] ?? '')) {
    addRole(forMatch[2] ?? '', reading);
    const left = stripStage(forMatch[1] ?? '');
    if (left) addCompany(left, names, reading, false);
    return;
  }
  // "Technical Interview for Roblox" (sent by a vendor such as Karat).
  if (forMatch && /\b(?:interview|screen|entretien|entrevista)/.test(fold(forMatch[1] ?? ''))) {
    addCompany(forMatch[2] ?? '', names, reading, false);
  }
  const stripped = stripStage(segment);
  if (!stripped || isPerson(stripped, names)) return;
  if (isRole(stripped)) {
    addRole(stripped, reading);
    return;
  }
  addCompany(stripped, names, reading, false);
}

/** "Acme", "Jane Doe from Acme", "Acme for the Backend Engineer role". */
function readTarget(target: string, names: Names, reading: TitleReading, viaWith: boolean): void {
  const forMatch = CONNECTOR_FOR.exec(target);
  let rest = target;
  if (forMatch && isRole(forMatch[2] ?? '')) {
    addRole(forMatch[2] ?? '', reading);
    rest = forMatch[1] ?? '';
  }
  const fromMatch = CONNECTOR_FROM.exec(rest);
  if (fromMatch && isPerson(fromMatch[1] ?? '', names)) {
    addCompany(fromMatch[2] ?? '', names, reading, false);
    return;
  }
  const atMatch = CONNECTOR_AT.exec(rest);
  if (atMatch) {
    if (isRole(atMatch[1] ?? '')) addRole(atMatch[1] ?? '', reading);
    addCompany(atMatch[2] ?? '', names, reading, false);
    return;
  }
  addCompany(rest, names, reading, viaWith);
}

function addCompany(raw: string, names: Names, reading: TitleReading, viaWith: boolean): void {
  const value = cleanCompany(raw);
  if (
    !value ||
    !/^[\p{Lu}\p{N}]/u.test(value) ||
    isPerson(value, names) ||
    isRole(value) ||
    !isStageFree(value)
  )
    return;
  if (TITLE_ROUTINE.pattern.test(fold(value))) return;
  // "Podcast", "Mock", "Kita": no company, unless an address confirms the name ("Vox Media").
  const confounded = TITLE_CONFOUNDERS.some((cue) => cue.pattern.test(fold(value)));
  if (confounded && !(names.domain && sameCompany(value, names.domain))) return;
  if (!reading.companies.some((candidate) => candidate.value === value)) {
    reading.companies.push({ value, viaWith, personLike: PERSON_SHAPE.test(value), tool: isToolName(value) });
  }
}

/** "Priya Natarajan", "Kenji Watanabe": two or three capitalised words and nothing else. */
const PERSON_SHAPE = /^\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+){1,2}$/u;

/** Connecting words never found inside a job title ("Head of Design" keeps "of"). */
const NOT_IN_ROLE = /\b(?:with|from|about|re|at|and|und|et|con|com|avec|mit|met|z|ze|u|chat|call|intake)\b|@/;

function addRole(raw: string, reading: TitleReading): void {
  const value = cleanRole(stripStage(raw) || raw);
  if (NOT_IN_ROLE.test(fold(value)) || GENERIC.has(fold(value).trim())) return;
  if (value && isRole(value) && !reading.roles.includes(value)) reading.roles.push(value);
}

function splitSegments(title: string): string[] {
  const parts: string[] = [];
  // Parenthesised parts are their own segments: "Jane Doe (Acme)".
  const GENDER = /^\s*(?:[mwfdhx]\s*\/\s*){1,3}[mwfdhx]\s*$/i;
  const outside = title.replace(/[([{]([^)\]}]*)[)\]}]/g, (match, inner: string) => {
    if (GENDER.test(inner)) return match;
    parts.push(inner);
    return ' | ';
  });
  // "Acme/Jane": a slash between a word and a capitalised word separates too.
  return [...outside.replace(/(?<=\p{Ll})\/(?=\p{Lu})/gu, ' / ').split(SEPARATOR), ...parts]
    .map((part) => part.replace(/^[\s,.;:!?'"*#]+|[\s,.;:!?'"*#]+$/g, ''))
    .filter((part) => part.length > 0);
}

export function cleanTitle(title: string): string {
  return (
    title
      .replace(/^\s*(?:(?:re|fw|fwd|wg|tr|aw)\s*:\s*)+/i, '')
      .replace(/^\s*(?:updated )?invitation\s*:\s*/i, '')
      .replace(/^\s*(?:cancel+ed|abgesagt|annul[eé]|cancelad[oa]|annullato)\s*:\s*/i, '')
      // Google's invitation subjects end in "@ Tue Mar 10, 2026 3pm - 4pm (EST) (you@...)", in any locale.
      .replace(/\s+@\s+\p{L}{2,4}\.?,?\s.*\b20\d{2}\b.*$/u, '')
      .trim()
  );
}

function stripStage(text: string): string {
  return fold(text)
    .replace(STAGE, ' ')
    .replace(/[^\p{L}\p{N}&.'\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    ? originalWithoutStage(text)
    : '';
}

/** Removes stage words from the original text, keeping the company's spelling. */
function originalWithoutStage(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const kept = words.filter((word) => {
    // "Teams-Call" is two stage words joined by a hyphen.
    const folded = fold(word)
      .replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&]+$/gu, '')
      .replace(/-/g, ' ');
    if (folded === '') return false;
    return fold(` ${folded} `).replace(STAGE, ' ').trim() !== '';
  });
  // Keep inner stage-like words of multi-word names ("The Home Depot").
  if (kept.length === 0) return '';
  const first = words.indexOf(kept[0] ?? '');
  const last = words.lastIndexOf(kept[kept.length - 1] ?? '');
  return words
    .slice(first, last + 1)
    .join(' ')
    .replace(/^[\s,.;:!?'"*#-]+|[\s,.;:!?'"*#-]+$/g, '');
}

function isStageOnly(text: string): boolean {
  return stripStage(text) === '';
}

function isStageFree(value: string): boolean {
  return !/\b(?:interview|screen|entretien|entrevista|gesprach)\b/.test(fold(value));
}

function isOwnerName(segment: string, names: Names): boolean {
  const folded = fold(segment).trim();
  return names.owner.some(
    (name) => name === folded || (folded.length >= 3 && name.split(/\s+/)[0] === folded),
  );
}

function isPerson(text: string, names: Names): boolean {
  const folded = fold(text).trim();
  if (!folded) return false;
  // "Jane Doe and Sam Lee" (Calendly) is people, not a company.
  const parts = folded.split(/\s+(?:and|&|und|et|y|e|x)\s+/);
  if (parts.length > 1) return parts.every((part) => isPerson(part, names));
  const named = names.people.some((name) => {
    const tokens = name.split(/\s+/);
    return name === folded || (folded.length >= 3 && tokens[0] === folded);
  });
  // "Priya Natarajan" when p.natarajan@ is on the invitation; "Priya" when priya@ is.
  if (named) return true;
  // "Kenji Watanabe" when kwatanabe@ is on the invitation.
  const inMailbox = (word: string) =>
    names.mailboxWords.has(word) || (word.length >= 4 && names.mailboxes.some((box) => box.includes(word)));
  if (PERSON_SHAPE.test(text.trim())) return folded.split(/[\s-]+/).some(inMailbox);
  return /^\p{Lu}\p{Ll}{2,}$/u.test(text.trim()) && names.mailboxFirstWords.has(folded);
}
