/**
 * The round an interview was, read from its title in plain words ("system
 * design interview", "introductory call"): thank-you notes and status checks
 * name it, so that the notes of one application's rounds differ.
 */
import { fold } from '../detection/text.js';

export type RoundKind = 'design' | 'technical' | 'manager' | 'values' | 'screen' | 'presentation' | 'other';

export interface Round {
  kind: RoundKind;
  /** Lower-case words for a sentence: "system design interview". */
  name: string;
  /** As the object of "thank you for …": "the system design interview", "our conversation". */
  phrase: string;
}

/** First match wins: the more specific rounds come first. */
const ROUNDS: ReadonlyArray<readonly [RegExp, RoundKind, string]> = [
  [/\bsystems? design\b|\barchitecture\b/, 'design', 'system design interview'],
  // Said to the hiring manager themself: "our conversation".
  [/\bhiring manager\b/, 'manager', 'conversation'],
  [/\bcase (?:study|interview)\b/, 'technical', 'case interview'],
  [/\btake[- ]?home\b/, 'technical', 'take-home review'],
  [/\bpair(?:ing)?(?: programming)?\b/, 'technical', 'pairing session'],
  [/\b(?:coding|live ?cod(?:e|ing)|programming|algorithms?)\b/, 'technical', 'coding interview'],
  [/\btechnical\b|\btech (?:interview|screen|round)\b/, 'technical', 'technical interview'],
  [/\bportfolio\b/, 'presentation', 'portfolio review'],
  [/\bpresentation\b/, 'presentation', 'presentation'],
  [/\b(?:behaviou?ral|culture|values|team fit)\b/, 'values', 'values conversation'],
  [/\bfinal\b/, 'other', 'final interview'],
  [/\bon-?site\b/, 'other', 'onsite interview'],
  [/\bpanel\b/, 'other', 'panel interview'],
  [
    /\b(?:phone|recruiter|intro(?:ductory)?|screen(?:ing)?|first (?:call|chat))\b/,
    'screen',
    'introductory call',
  ],
];

/** The round of an interview by its title; `undefined` when the title names none. */
export function roundOf(title: string): Round | undefined {
  const text = fold(title);
  for (const [pattern, kind, name] of ROUNDS) {
    if (pattern.test(text))
      return { kind, name, phrase: kind === 'manager' ? 'our conversation' : `the ${name}` };
  }
  return undefined;
}
