/**
 * The digest: prompts held back by the hourly ceiling (`prompts.ts`) go out
 * together in one mail once the hour has room, each named with its subject,
 * their tasks and drafts waiting on the dashboard. Sent once per set of held
 * prompts (its id is derived from them); a crash after sending repeats only
 * the marking.
 */
import { digest } from '../ids.js';
import type { Prompt, Settings } from '../model.js';
import type { PromptView } from '../ports.js';
import { retryOnConflict } from '../retry.js';
import { formatInZone, toInstant } from '../timing.js';
import { PROMPTS_PER_HOUR, takeHourlySlot } from './ceiling.js';
import { deliverPrompt, type PromptDeps } from './delivery.js';
import { commonLinks } from './views.js';

export type DigestOutcome = 'sent' | 'duplicate' | 'not-applicable' | 'paused' | 'deferred';

export async function sendDigest(deps: PromptDeps, settings: Settings): Promise<DigestOutcome> {
  const prompts = await deps.store.list('prompt', settings.userId);
  const held = prompts
    .filter((p) => p.state === 'held')
    .sort(
      (a, b) => (a.heldAt ?? a.claimedAt).localeCompare(b.heldAt ?? b.claimedAt) || a.id.localeCompare(b.id),
    );
  if (held.length === 0) {
    await clearHeld(deps, settings.userId);
    return 'not-applicable';
  }
  if (settings.paused) return 'paused';
  // The digest is a mail too: it waits for a slot like any prompt (the next sync arms it again).
  if (!(await takeHourlySlot(deps, settings.userId))) return 'deferred';
  const id = `digest#${digest(held.map((p) => p.id).join('\n'), 24)}`;
  const outcome = await deliverPrompt(
    deps,
    { userId: settings.userId, id, kind: 'digest' },
    () => digestView(deps, settings, held),
    async (sent) => {
      await markMerged(deps, held, sent);
      await clearHeld(deps, settings.userId);
    },
  );
  return outcome === 'held' ? 'deferred' : outcome;
}

async function digestView(deps: PromptDeps, settings: Settings, held: Prompt[]): Promise<PromptView> {
  const links = await commonLinks(deps, settings.userId);
  return {
    kind: 'digest',
    to: settings.email,
    subject: `${held.length} more Afterview ${held.length === 1 ? 'prompt' : 'prompts'}`,
    headline: `${held.length} ${held.length === 1 ? 'prompt' : 'prompts'} you have not seen yet`,
    why: `Sent because more than ${PROMPTS_PER_HOUR} prompts fell due within an hour. Afterview holds the rest and sends them together, so your inbox is not flooded; their tasks and drafts are on your dashboard.`,
    facts: [],
    items: held.map((prompt) => ({
      heading: prompt.subject || prompt.kind,
      body: `Due ${formatInZone(prompt.heldAt ?? prompt.claimedAt, settings.timeZone)}`,
      actions: [],
    })),
    actions: [{ label: 'Open Afterview', url: links.dashboardUrl }, links.pause],
    unsubscribeUrl: links.unsubscribeUrl,
    dashboardUrl: links.dashboardUrl,
  };
}

/** Nothing is held any more: the next sync arms no digest. Prompts held meanwhile set it again. */
async function clearHeld(deps: PromptDeps, userId: string): Promise<void> {
  await retryOnConflict(async () => {
    const settings = await deps.store.get('settings', userId, userId);
    if (!settings?.promptsHeldSince) return;
    const held = (await deps.store.list('prompt', userId)).some((p) => p.state === 'held');
    if (held) return;
    const { promptsHeldSince: _held, ...rest } = settings;
    await deps.store.put('settings', rest);
  });
}

async function markMerged(deps: PromptDeps, held: Prompt[], sent: Prompt): Promise<void> {
  for (const prompt of held) {
    await retryOnConflict(async () => {
      const fresh = await deps.store.get('prompt', prompt.userId, prompt.id);
      if (fresh?.state !== 'held') return;
      await deps.store.put('prompt', {
        ...fresh,
        state: 'sent',
        sentAt: sent.sentAt ?? toInstant(deps.clock.now()),
        digestId: sent.id,
      });
    });
  }
}
