/**
 * Who the owner meets in an interview: the people on the invitation (minus
 * the owner, rooms and robots) plus people the description names without an
 * address ("You'll meet: Jane Doe (Engineering Manager), Bo Li").
 */

import type { CalendarEvent, Interviewer, Owner } from '../model.js';
import { isSystemAddress, isTeamMailbox, looksLikeRoom } from './participants.js';
import { fold } from './text.js';

const MAX_FROM_DESCRIPTION = 12;

/** Headings that introduce the interviewers in a description (folded). */
const HEADING =
  /^\s*[-*•]?\s*(?:you(?:'ll| will) (?:be )?(?:meet(?:ing)?|speak(?:ing)? with|talk(?:ing)? (?:with|to)|interview(?:ing)? with)(?: with)?|you(?:'ll| will) be meeting with|your interviewers?(?: (?:is|are|will be))?|interviewers?|interview(?:ing)? panel|panel(?:ists)?|panel members?|meeting with|who you(?:'ll| will) meet|schedule|agenda|participants|attendees|gesprachspartner(?:in|innen)?|sie treffen|sie sprechen mit|du triffst|interviewer(?:in|innen)|vous rencontrerez|intervenants?|recruteurs?|entrevistador(?:es|as|a)?|conoceras a|vas a conocer a|voce vai conhecer|voce conhecera|participantes)\b[^:\n]{0,20}:\s*(.*)$/;

/** Lines that are clearly not a person: links, times, dial-in numbers. */
const NOT_A_PERSON =
  /https?:|www\.|@|\d{2,}|\b(?:zoom|teams|meet|dial|phone|password|passcode|meeting id|join|link|agenda|break|lunch|tour|minutes|min|am|pm|interview|call|round|session|overview|q&a|introduction|intro|wrap[- ]up|coding|design|presentation)\b/i;

/**
 * Interviewers of `event` for `owner`. Attendees (and an organiser missing
 * from the list) come first, keyed by lower-cased email, minus team
 * mailboxes such as recruiting@ (nobody to thank there); then people named
 * in the description, keyed by a slug of the name and marked
 * `fromDescription`, unless an attendee already has that name.
 */
export function extractInterviewers(event: CalendarEvent, owner: Owner): Interviewer[] {
  const ownerEmail = owner.email.toLowerCase();
  const result: Interviewer[] = [];
  const seen = new Set<string>();
  const add = (interviewer: Interviewer) => {
    if (seen.has(interviewer.key)) return;
    seen.add(interviewer.key);
    result.push(interviewer);
  };

  const organizer = event.organizer;
  const listed = event.attendees.filter((attendee) => attendee.kind === 'person' && !attendee.self);
  const people = [...listed];
  if (
    organizer?.email &&
    !listed.some((attendee) => attendee.email?.toLowerCase() === organizer.email?.toLowerCase())
  ) {
    people.push({
      ...organizer,
      response: 'organizer',
      kind: 'person',
      self: false,
      organizer: true,
      optional: false,
    });
  }
  for (const person of people) {
    const email = person.email?.toLowerCase();
    if (email === ownerEmail || isSystemAddress(email) || isTeamMailbox(email) || looksLikeRoom(person.name))
      continue;
    const key = email ?? slug(person.name ?? '');
    if (!key) continue;
    add({
      ...(email ? { email } : {}),
      ...(person.name ? { name: person.name } : {}),
      key,
      fromDescription: false,
    });
  }

  const knownNames = result.map((interviewer) => nameKey(interviewer.name ?? ''));
  for (const name of namesInDescription(event.description)) {
    const key = slug(name);
    if (!key || knownNames.some((known) => known !== '' && sameName(known, nameKey(name)))) continue;
    if (ownerNameMatches(name, event, ownerEmail)) continue;
    add({ name, key, fromDescription: true });
  }
  return result;
}

/** People named under an interviewer heading, in order, without duplicates. */
export function namesInDescription(description: string): string[] {
  const lines = description.slice(0, 6_000).split('\n');
  const names: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const heading = HEADING.exec(fold(line));
    if (!heading) {
      // Invitations also name people in running text: "You'll meet with Jane Doe (EM).", "Panel – A, B and C".
      for (const name of namesInSentence(line)) if (!names.includes(name)) names.push(name);
      continue;
    }
    const rest = line.slice(line.indexOf(':') + 1).trim();
    const found = rest ? splitNames(rest) : [];
    // A heading alone on its line is followed by one person per line.
    const scanFollowing = found.length === 0;
    for (let next = index + 1; scanFollowing && next < lines.length && next <= index + 15; next += 1) {
      const following = (lines[next] ?? '').trim();
      if (following === '') {
        if (found.length === 0) continue;
        break;
      }
      const person = personFromLine(following.replace(/^[-*•·\d.)\s]+/, ''));
      if (!person) break;
      found.push(person);
    }
    for (const name of found) if (!names.includes(name)) names.push(name);
    if (names.length >= MAX_FROM_DESCRIPTION) break;
  }
  return names.slice(0, MAX_FROM_DESCRIPTION);
}

/**
 * A lead phrase with no colon, then the names up to the end of the sentence.
 * Only capitalised words count as names, so "You'll meet the team." names nobody.
 */
const SENTENCE =
  /(?:^|[\s.!?])(?:you(?:'ll|’ll| will) (?:be )?(?:meet(?:ing)?|speak(?:ing)?|talk(?:ing)?|interview(?:ing)?)(?: (?:with|to))?|your interviewers? (?:is|are|will be)|(?:interview )?panel\s*[–—-]|sie treffen|sie sprechen mit|ihre gesprächspartner(?:innen)? (?:sind|ist)|vous rencontrerez|vous échangerez avec|conocerás a|vas a conocer a|te reunirás con|você vai conhecer|você conhecerá|você vai conversar com)\s+(.+)$/iu;

function namesInSentence(line: string): string[] {
  const match = SENTENCE.exec(line);
  if (!match?.[1]) return [];
  // The sentence ends at a full stop that follows a lower-case letter or a bracket, not an initial.
  const sentence = match[1].split(/(?<=[\p{Ll})\]])[.!?](?:\s|$)/u)[0] ?? '';
  return splitNames(sentence);
}

/** "Jane Doe (Engineering Manager), Bo Li and Sam Roe" -> three names. */
function splitNames(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(' || char === '[') depth += 1;
    if (char === ')' || char === ']') depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === ',' || char === ';')) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts
    .flatMap((part) => part.split(/\s+(?:and|&|und|et|y|e)\s+/i))
    .map((part) => personFromLine(part))
    .filter((name): name is string => name !== undefined);
}

/** The name at the start of "Jane Doe, Engineering Manager" or "Bo Li - Staff Engineer". */
function personFromLine(line: string): string | undefined {
  const name = line
    .split(/\s*[([|]|\s+[-–—]\s+|,\s*|:\s*|\s+\/\s+/)[0]
    ?.replace(/^[\s*•·-]+|[\s.*]+$/g, '')
    .trim();
  if (!name || name.length > 60 || NOT_A_PERSON.test(name)) return undefined;
  const words = name.split(/\s+/);
  if (words.length > 4) return undefined;
  // A name is words that start with a capital letter (particles like "van" allowed).
  const isName = words.every(
    (word) =>
      /^\p{Lu}[\p{L}'’.-]*$/u.test(word) || /^(?:van|von|de|da|del|der|den|la|le|di|du|bin|al)$/.test(word),
  );
  return isName && /^\p{Lu}/u.test(name) ? name : undefined;
}

function ownerNameMatches(name: string, event: CalendarEvent, ownerEmail: string): boolean {
  const self = event.attendees.find((attendee) => attendee.self || attendee.email === ownerEmail);
  return Boolean(self?.name && sameName(nameKey(self.name), nameKey(name)));
}

function nameKey(name: string): string {
  return fold(name)
    .replace(/[^\p{L}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "jane doe" matches "jane doe" and "jane" (first name only) matches "jane doe". */
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const first = (value: string) => value.split(' ')[0] ?? '';
  const shorter = a.length <= b.length ? a : b;
  const longer = a.length <= b.length ? b : a;
  return !shorter.includes(' ') && shorter.length >= 2 && first(longer) === shorter;
}

/** "Zoë O'Brien" -> "zoe-obrien". */
export function slug(name: string): string {
  return fold(name)
    .replace(/['’.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
