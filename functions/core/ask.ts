/**
 * The "ask" tier: an event the detector was unsure about gets one short
 * question after it ends ("Was '<title>' an interview?" Yes / No). The
 * answer links are the ordinary signed action links (`track`, `not-interview`):
 * GET shows a page, POST acts. Yes starts the thank-you flow from that
 * moment; No is remembered. Either answer, like any correction, becomes a
 * learned rule (see `detection/learned.ts`). At most `ASKS_PER_WEEK` asks a
 * week per person; never for an event already decided.
 */
import { addLearned, learnRule } from './detection/learned.js';
import type { Interview, LearnedRule, Settings } from './model.js';
import type { Deps, PromptView } from './ports.js';
import { actionUrl } from './prompts/action-links.js';
import { type DeliveryOutcome, deliverPrompt, type PromptDeps } from './prompts/delivery.js';
import { commonLinks } from './prompts/views.js';
import { retryOnConflict } from './retry.js';
import { formatInZone } from './timing.js';

/** No more questions than this in any seven days: asking is a cost to the person. */
export const ASKS_PER_WEEK = 3;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export function askPromptId(interviewId: string): string {
  return `ask#${interviewId}`;
}

/** Sends the one question for an `asking` event that has ended, within the weekly limit. */
export async function sendAsk(
  deps: PromptDeps,
  settings: Settings,
  interview: Interview,
): Promise<DeliveryOutcome | 'not-applicable' | 'limited'> {
  if (interview.state !== 'asking' || interview.askPromptId || interview.override) return 'not-applicable';
  const id = askPromptId(interview.id);
  const since = deps.clock.now().getTime() - WEEK_MS;
  const recent = (await deps.store.list('prompt', settings.userId)).filter(
    (prompt) => prompt.kind === 'ask' && prompt.id !== id && Date.parse(prompt.claimedAt) >= since,
  );
  if (recent.length >= ASKS_PER_WEEK) return 'limited';
  return deliverPrompt(
    deps,
    { userId: settings.userId, id, kind: 'ask', interviewIds: [interview.id] },
    () => askView(deps, settings, interview),
    async () => {
      await retryOnConflict(async () => {
        const fresh = await deps.store.get('interview', settings.userId, interview.id);
        if (fresh && !fresh.askPromptId) await deps.store.put('interview', { ...fresh, askPromptId: id });
      });
    },
  );
}

async function askView(deps: PromptDeps, settings: Settings, interview: Interview): Promise<PromptView> {
  const links = await commonLinks(deps, settings.userId);
  const yes = await actionUrl(deps, 'track', settings.userId, interview.id);
  const no = await actionUrl(deps, 'not-interview', settings.userId, interview.id);
  const question = `Was '${interview.title}' an interview?`;
  return {
    kind: 'ask',
    to: settings.email,
    subject: question,
    headline: question,
    why: `Afterview was not sure about "${interview.title}" (${formatInZone(interview.start, settings.timeZone)}). Your answer also teaches it about events like this one.`,
    facts: [{ label: 'When', value: formatInZone(interview.start, settings.timeZone) }],
    items: [],
    actions: [{ label: 'Yes, it was an interview', url: yes }, { label: 'No', url: no }, links.pause],
    unsubscribeUrl: links.unsubscribeUrl,
    dashboardUrl: links.dashboardUrl,
  };
}

/**
 * Remembers an answer or correction as a learned rule in the person's
 * settings. The detector reads it on the next sync of the same kind of event.
 */
export async function learnFromAnswer(
  deps: Pick<Deps, 'store' | 'clock'>,
  userId: string,
  interview: Interview,
  verdict: LearnedRule['verdict'],
): Promise<LearnedRule | undefined> {
  return retryOnConflict(async () => {
    const settings = await deps.store.get('settings', userId, userId);
    if (!settings) return undefined;
    const owner = { email: settings.email, timeZone: settings.timeZone };
    const event = {
      title: interview.title,
      organizer: interview.organizer,
      recurringEventId: interview.recurringEventId,
    };
    const rule = learnRule(event, owner, verdict, deps.clock.now());
    if (!rule) return undefined;
    const learned = addLearned(settings.rules.learned, rule);
    await deps.store.put('settings', { ...settings, rules: { ...settings.rules, learned } });
    return rule;
  });
}

/** Settings without the learned rule at `index` (Settings' "remove"). */
export function withoutLearned(settings: Settings, index: number): Settings['rules'] {
  const learned = (settings.rules.learned ?? []).filter((_, i) => i !== index);
  return { ...settings.rules, learned };
}
