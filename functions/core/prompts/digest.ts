/**
 * The digest: prompts held back by the hourly ceiling (`prompts.ts`) go out
 * together in one mail once the hour has room, each named with its subject,
 * their tasks and drafts waiting on the dashboard. Sent once per set of held
 * prompts (its id is derived from them); a crash after sending repeats only
 * the marking.
 */
import { digest } from '../ids.js';
import type { Prompt, Settings } from '../model.js';
import type { Deps, PromptView } from '../ports.js';
import { retryOnConflict } from '../retry.js';
import { formatInZone, toInstant } from '../timing.js';
import { armDigest, deliverPrompt, nextHour, PROMPTS_PER_HOUR, takeHourlySlot } from './delivery.js';
import { commonLinks } from './views.js';

export type DigestOutcome = 'sent' | 'duplicate' | 'not-applicable' | 'paused' | 'deferred';

export async function sendDigest(deps: Deps, settings: Settings): Promise<DigestOutcome> {
  const prompts = await deps.store.list('prompt', settings.userId);
  const held = prompts
    .filter((p) => p.state === 'held')
    .sort(
      (a, b) => (a.heldAt ?? a.claimedAt).localeCompare(b.heldAt ?? b.claimedAt) || a.id.localeCompare(b.id),
    );
  if (held.length === 0) return 'not-applicable';
  if (settings.paused) return 'paused';
  // The digest is a mail too: it waits for a slot like any prompt.
  if (!(await takeHourlySlot(deps, settings.userId))) {
    await armDigest(deps, settings.userId, nextHour(deps.clock.now()));
    return 'deferred';
  }
  const id = `digest#${digest(held.map((p) => p.id).join('\n'), 24)}`;
  const outcome = await deliverPrompt(
    deps,
    { userId: settings.userId, id, kind: 'digest' },
    () => digestView(deps, settings, held),
    (sent) => markMerged(deps, held, sent),
  );
  return outcome === 'held' ? 'deferred' : outcome;
}

async function digestView(deps: Deps, settings: Settings, held: Prompt[]): Promise<PromptView> {
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

async function markMerged(deps: Deps, held: Prompt[], sent: Prompt): Promise<void> {
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
