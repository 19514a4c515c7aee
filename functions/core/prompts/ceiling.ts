/**
 * The hourly ceiling on prompt mails. Each mail takes one of the user's slots
 * of the current UTC hour; slot items are created with a conditional write,
 * so concurrent firings can never take more than PROMPTS_PER_HOUR between
 * them. A prompt that finds no slot is held and merged into a digest
 * (`delivery.ts`, `digest.ts`); the sweep removes old slots.
 */
import { ConflictError } from '../errors.js';
import type { Deps } from '../ports.js';
import { toInstant } from '../timing.js';

/**
 * Prompt mails one user gets in an hour at most. Past it a prompt is
 * composed (its tasks exist) but held, and the held ones go out together in
 * one digest when the hour allows: a calendar that floods is merged, never
 * dropped. The broken-connection notice and the digest itself are not held.
 */
export const PROMPTS_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Takes one of the user's mail slots of this (UTC) hour: slot items are
 * created with a conditional write, so concurrent firings can never take
 * more than PROMPTS_PER_HOUR between them. False when all are taken.
 */
export async function takeHourlySlot(deps: Pick<Deps, 'store' | 'clock'>, userId: string): Promise<boolean> {
  const now = deps.clock.now();
  const hour = now.toISOString().slice(0, 13);
  for (let n = 0; n < PROMPTS_PER_HOUR; n++) {
    try {
      await deps.store.put('prompt', {
        userId,
        id: `${SLOT_PREFIX}${hour}#${n}`,
        version: 0,
        kind: 'digest',
        state: 'sent',
        subject: '',
        claimedAt: toInstant(now),
        sentAt: toInstant(now),
        digestId: 'hourly-slot',
        interviewIds: [],
      });
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return false;
}

/** Ids of slot items (not mails): `slot#<UTC hour>#<n>`. */
export const SLOT_PREFIX = 'slot#';

/** The start of the next UTC hour, when new slots open. */
export function nextHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
}
