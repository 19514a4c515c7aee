/**
 * Action links in prompt mails. Each is signed, bound to one purpose and one
 * target, expires, and carries a nonce so that a POST can be used only once.
 * GET on such a link only shows a page; acting needs a POST (mail scanners
 * prefetch GETs).
 */
import { z } from 'zod';
import { LinkRejectedError } from '../errors.js';
import type { Deps } from '../ports.js';

export const ActionPurpose = z.enum([
  /** The user sent the thank-you to one interviewer (target: task id). */
  'thank-you-sent',
  /** Remind me tomorrow (target: task id). */
  'snooze',
  /** "They said two weeks" (target: application id). */
  'timeline',
  /** "I heard back" with an outcome (target: application id). */
  'heard-back',
  /** Dismiss: this event is not an interview (target: interview id). */
  'not-interview',
  /** Record notes and the timeline they gave (target: interview id). */
  'notes',
  /** View and edit a draft (target: task id). Acts on nothing. */
  'draft',
  /** Pause all prompts (target: user id). */
  'pause',
  /** Undo "not an interview": track the event again (target: interview id). */
  'track',
]);
export type ActionPurpose = z.infer<typeof ActionPurpose>;

export const ActionClaims = z.object({
  p: ActionPurpose,
  /** User id. */
  u: z.string().min(1),
  /** Target id; meaning depends on the purpose. */
  t: z.string().min(1),
  /** Nonce: one POST per nonce. */
  n: z.string().min(1),
});
export type ActionClaims = z.infer<typeof ActionClaims>;

const DAY = 24 * 60 * 60;
/** Pause links live long: they sit in the footer of every mail. */
const TTL_SECONDS: Record<ActionPurpose, number> = {
  'thank-you-sent': 30 * DAY,
  snooze: 30 * DAY,
  timeline: 60 * DAY,
  'heard-back': 90 * DAY,
  'not-interview': 60 * DAY,
  notes: 60 * DAY,
  draft: 60 * DAY,
  pause: 365 * DAY,
  track: 60 * DAY,
};

/** What signing a link into a mail or page takes. */
export type LinkDeps = Pick<Deps, 'links' | 'clock' | 'ids' | 'baseUrl'>;

/** A signed URL for one action; `/a/<token>` on the web app. */
export async function actionUrl(
  deps: LinkDeps,
  purpose: ActionPurpose,
  userId: string,
  targetId: string,
): Promise<string> {
  const claims: ActionClaims = { p: purpose, u: userId, t: targetId, n: deps.ids.next() };
  const token = await deps.links.sign(claims, TTL_SECONDS[purpose], deps.clock.now());
  return `${deps.baseUrl.replace(/\/$/, '')}/a/${token}`;
}

/** Verifies a token from a link; throws `LinkRejectedError` when it is not ours. */
export async function readAction(deps: Pick<Deps, 'links' | 'clock'>, token: string): Promise<ActionClaims> {
  const claims = await deps.links.verify(token, deps.clock.now());
  const parsed = ActionClaims.safeParse(claims);
  if (!parsed.success) throw new LinkRejectedError('invalid');
  return parsed.data;
}
