/**
 * Rules learned from a person's own answers. Each answer ("not an
 * interview", "track this", the ask mail's Yes/No) becomes one rule about
 * the kind of event it was: the ATS or group calendar that sent it, a
 * recurring title, or the organizer's company domain. Pure: no I/O.
 */
import type { CalendarEvent, LearnedRule, Owner } from '../model.js';
import { bookingToolOf, domainOf, hiringToolOf, isFreeMail } from './participants.js';
import { fold } from './text.js';

/** The most rules kept; the oldest make room for a new one. */
export const MAX_LEARNED = 200;

/**
 * A domain rule is strong evidence, not a verdict: one company can send both
 * a coffee chat and, later, an interview. Calendar and title rules decide.
 */
export const DOMAIN_RULE_WEIGHT = 4.5;

type Verdict = LearnedRule['verdict'];

/** A title with its dates, numbers and punctuation removed: "Weekly sync #12" ~ "Weekly sync #13". */
export function titleKey(title: string): string {
  return fold(title)
    .replace(/[\p{N}]+/gu, ' ')
    .replace(/[^\p{L}\p{M}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

/** Google group calendars and ATS scheduling mailboxes send for many events of one kind. */
function sharedCalendar(email: string | undefined): boolean {
  const domain = domainOf(email);
  if (!domain) return false;
  return (
    /(?:^|\.)(?:group|resource)\.calendar\.google\.com$/.test(domain) || hiringToolOf(domain) !== undefined
  );
}

/** The rule one answer teaches, or nothing when the event gives no handle. */
export function learnRule(
  event: Pick<CalendarEvent, 'title' | 'organizer' | 'recurringEventId'>,
  owner: Owner,
  verdict: Verdict,
  now: Date,
): LearnedRule | undefined {
  const base = { verdict, from: event.title.slice(0, 300), createdAt: now.toISOString() };
  const organizer = event.organizer?.email?.toLowerCase();
  const own = organizer === owner.email.toLowerCase();
  if (organizer && !own && sharedCalendar(organizer)) return { ...base, kind: 'calendar', value: organizer };
  const key = titleKey(event.title);
  if (event.recurringEventId && key) return { ...base, kind: 'title', value: key };
  const domain = domainOf(organizer);
  const ownDomain = domainOf(owner.email);
  // The owner's own employer hosts internal-transfer interviews and ordinary work alike: no domain rule.
  if (domain && !own && domain !== ownDomain && !isFreeMail(domain) && !bookingToolOf(domain)) {
    return { ...base, kind: 'domain', value: domain };
  }
  return key ? { ...base, kind: 'title', value: key } : undefined;
}

/** `rules` with `rule` added; an older rule for the same thing is replaced. */
export function addLearned(rules: LearnedRule[] | undefined, rule: LearnedRule): LearnedRule[] {
  const kept = (rules ?? []).filter((r) => !(r.kind === rule.kind && r.value === rule.value));
  return [...kept, rule].slice(-MAX_LEARNED);
}

/** The learned rules that match `event`, most specific first (calendar, title, domain). */
export function matchingLearned(event: CalendarEvent, rules: LearnedRule[] | undefined): LearnedRule[] {
  if (!rules?.length) return [];
  const organizer = event.organizer?.email?.toLowerCase();
  const domain = domainOf(organizer);
  const key = titleKey(event.title);
  const order = { calendar: 0, title: 1, domain: 2 } as const;
  return rules
    .filter(
      (rule) =>
        (rule.kind === 'calendar' && rule.value === organizer) ||
        (rule.kind === 'title' && rule.value === key) ||
        (rule.kind === 'domain' &&
          domain !== undefined &&
          (domain === rule.value || domain.endsWith(`.${rule.value}`))),
    )
    .sort((a, b) => order[a.kind] - order[b.kind]);
}

/** How a rule reads in Settings and in reasons. */
export function describeRule(rule: LearnedRule): string {
  const what =
    rule.kind === 'calendar'
      ? `events from the calendar ${rule.value}`
      : rule.kind === 'domain'
        ? `events organised from ${rule.value}`
        : `events titled like '${rule.value}'`;
  return `${what} ${rule.verdict === 'interview' ? 'are interviews' : 'are not interviews'}`;
}
