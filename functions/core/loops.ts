/**
 * Back-to-back interviews with one company on one day form a loop: one
 * thank-you prompt after the last one ends, covering every interviewer.
 */
import type { Interview, Interviewer } from './model.js';
import { localDate } from './timing.js';

/**
 * A thank-you for an interview first seen after it ended waits at most this
 * long for the sync that found it to store the rest of its loop (followup).
 */
export const FOUND_TOGETHER_WAIT_MS = 10 * 60 * 1000;

/** Gaps up to this long (a lunch break) still chain two interviews into a loop. */
export const LOOP_GAP_MS = 90 * 60 * 1000;

/** The loop containing `interview`: same application, same local day, chained by small gaps. */
export function loopOf(interview: Interview, all: Interview[], zone: string): Interview[] {
  const day = localDate(interview.start, zone);
  const candidates = all
    .filter(
      (i) =>
        i.applicationId === interview.applicationId &&
        i.state === 'scheduled' &&
        !i.thankYouWaived &&
        localDate(i.start, zone) === day,
    )
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id));
  const chains: Interview[][] = [];
  for (const candidate of candidates) {
    const chain = chains.at(-1);
    const chainEnd = chain ? Math.max(...chain.map((i) => Date.parse(i.end))) : Number.NEGATIVE_INFINITY;
    if (chain && Date.parse(candidate.start) - chainEnd <= LOOP_GAP_MS) chain.push(candidate);
    else chains.push([candidate]);
  }
  return chains.find((chain) => chain.some((i) => i.id === interview.id)) ?? [interview];
}

/**
 * Who a loop's thank-you covers, in order: each person once (a recruiter on
 * every invitation gets one note, not three), at their first interview of
 * the loop by start. Tasks, the mail and the draft page all use this order.
 */
export function thankYouPeople(loop: Interview[]): Array<{ interview: Interview; person: Interviewer }> {
  const seen = new Set<string>();
  const people: Array<{ interview: Interview; person: Interviewer }> = [];
  const byStart = [...loop].sort(
    (a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id),
  );
  for (const interview of byStart) {
    for (const person of interview.interviewers) {
      if (seen.has(person.key)) continue;
      seen.add(person.key);
      people.push({ interview, person });
    }
  }
  return people;
}

/** The member whose end closes the loop (latest end, then id): names the loop's prompt. */
export function lastOfLoop(loop: Interview[]): Interview {
  return [...loop].sort((a, b) => Date.parse(b.end) - Date.parse(a.end) || b.id.localeCompare(a.id))[0]!;
}
