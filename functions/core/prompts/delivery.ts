/**
 * Prompt delivery, exactly once per prompt id as far as our side can make it
 * (invariant 1): claim with a conditional create, send, mark sent. A second
 * firing finds the claim: "sent" means done, a fresh claim means another
 * worker is sending (retry later), a stale claim means that worker crashed
 * and this one takes over. The mail's idempotency key is the prompt id.
 * Writes that would make the firing look stale (version bumps) go in
 * `afterSent`, so a failed send is retried rather than dropped.
 */
import { ConflictError } from '../errors.js';
import { brokenPromptId, scheduleName } from '../ids.js';
import type { Connection, Prompt, PromptKind, Settings } from '../model.js';
import type { Deps, PromptView } from '../ports.js';
import { retryOnConflict } from '../retry.js';
import { toInstant } from '../timing.js';
import type { LinkDeps } from './action-links.js';
import { nextHour, takeHourlySlot } from './ceiling.js';
import { connectionBrokenView } from './views.js';

/** A claim younger than this belongs to a worker that may still be sending. */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;

/** Another worker holds a fresh claim on this prompt: retry later. */
export class PromptInProgressError extends Error {
  override name = 'PromptInProgressError';
}

export interface PromptSpec {
  userId: string;
  id: string;
  kind: PromptKind;
  applicationId?: string;
  interviewIds?: string[];
}

export type DeliveryOutcome = 'sent' | 'duplicate' | 'held';

const NEVER_HELD: ReadonlySet<PromptKind> = new Set(['connection-broken', 'digest']);

/** What claiming, rendering, sending and marking a prompt takes. */
export type DeliveryDeps = Pick<Deps, 'store' | 'mailer' | 'renderer' | 'clock' | 'log'>;

/** Delivering a prompt whose view carries signed links. */
export type PromptDeps = DeliveryDeps & LinkDeps;

export async function deliverPrompt(
  deps: DeliveryDeps,
  spec: PromptSpec,
  compose: (claim: Prompt) => Promise<PromptView>,
  afterSent: (claim: Prompt) => Promise<void> = async () => {},
): Promise<DeliveryOutcome> {
  const claim = await claimPrompt(deps, spec);
  if (claim.state !== 'claimed') {
    // A crash may have come between sending (or holding) and the follow-up writes: repeat them.
    await afterSent(claim);
    return 'duplicate';
  }
  const view = await compose(claim);
  const mail = deps.renderer.render(view);
  if (!NEVER_HELD.has(spec.kind) && !(await takeHourlySlot(deps, spec.userId))) {
    const held = await deps.store.put('prompt', {
      ...claim,
      state: 'held',
      subject: mail.subject,
      heldAt: toInstant(deps.clock.now()),
    });
    await markHeld(deps, spec.userId, held.heldAt!);
    await afterSent(held);
    return 'held';
  }
  try {
    await deps.mailer.send({
      to: view.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      unsubscribeUrl: view.unsubscribeUrl,
      idempotencyKey: spec.id,
      tags: { kind: spec.kind },
    });
  } catch (error) {
    await releaseClaim(deps, claim);
    throw error;
  }
  const sent = await deps.store.put('prompt', {
    ...claim,
    state: 'sent',
    subject: mail.subject,
    sentAt: toInstant(deps.clock.now()),
  });
  await afterSent(sent);
  return 'sent';
}

async function claimPrompt(deps: DeliveryDeps, spec: PromptSpec): Promise<Prompt> {
  const now = deps.clock.now();
  const fresh: Prompt = {
    userId: spec.userId,
    id: spec.id,
    version: 0,
    kind: spec.kind,
    state: 'claimed',
    subject: '',
    claimedAt: toInstant(now),
    applicationId: spec.applicationId,
    interviewIds: spec.interviewIds ?? [],
  };
  try {
    return await deps.store.put('prompt', fresh);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const existing = await deps.store.get('prompt', spec.userId, spec.id);
  if (!existing) throw new PromptInProgressError(`prompt ${spec.id} vanished while claiming`);
  if (existing.state !== 'claimed') return existing;
  if (now.getTime() - Date.parse(existing.claimedAt) < CLAIM_LEASE_MS) {
    throw new PromptInProgressError(`prompt ${spec.id} is being sent by another worker`);
  }
  // The previous worker crashed mid-way: take the claim over (conditional on its version).
  return deps.store.put('prompt', { ...existing, claimedAt: toInstant(now) });
}

/**
 * The send failed (throttled, say): free the claim so the next retry sends at
 * once instead of waiting out the lease. Best effort: if this write fails too,
 * the lease still expires.
 */
async function releaseClaim(deps: DeliveryDeps, claim: Prompt): Promise<void> {
  try {
    await deps.store.put('prompt', { ...claim, claimedAt: RELEASED });
  } catch (error) {
    deps.log.warn('could not release a prompt claim', { promptId: claim.id, error: String(error) });
  }
}

/**
 * Notes on the user's settings that prompts are held: the next sync (which
 * may plan schedules; a firing may not) arms the digest from it.
 */
async function markHeld(deps: DeliveryDeps, userId: string, at: string): Promise<void> {
  await retryOnConflict(async () => {
    const settings = await deps.store.get('settings', userId, userId);
    if (!settings || settings.promptsHeldSince) return;
    await deps.store.put('settings', { ...settings, promptsHeldSince: at });
  });
}

/** Plans the digest for the hour after the first hold (at once when that is past); idempotent. */
export async function armDigest(deps: Pick<Deps, 'scheduler' | 'clock'>, settings: Settings): Promise<void> {
  if (!settings.promptsHeldSince) return;
  const soonest = deps.clock.now().getTime() + 60_000;
  const at = new Date(Math.max(nextHour(new Date(settings.promptsHeldSince)).getTime(), soonest));
  const payload = { kind: 'digest' as const, userId: settings.userId };
  await deps.scheduler.upsert({ name: scheduleName(payload), at: toInstant(at), payload });
}

/** A claim time older than any lease: free for the next worker. */
const RELEASED = '1970-01-01T00:00:00Z';

/** Tells the user once that a calendar connection stopped working. */
export async function notifyConnectionBroken(
  deps: PromptDeps,
  settings: Settings,
  connection: Connection,
): Promise<void> {
  await deliverPrompt(
    deps,
    { userId: settings.userId, id: brokenPromptId(connection), kind: 'connection-broken' },
    () => connectionBrokenView(deps, settings, connection),
  );
}
