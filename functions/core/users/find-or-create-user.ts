/**
 * One account per address, whichever way a person arrives: a sign-in link,
 * a prompt mail's link, or connecting Google or Outlook (the OAuth callbacks
 * pass the provider's verified address). The allow-list is checked here, so
 * no path can create an account for an address the deployment does not allow.
 */
import { ConflictError } from '../errors.js';
import { userIdFor } from '../ids.js';
import { Settings } from '../model.js';
import type { Deps } from '../ports.js';
import { toInstant } from '../timing.js';
import { type AllowList, isAllowed, normalizeAddress } from './allow-list.js';

/** The address is not on the deployment's allow-list. */
export class NotAllowedError extends Error {
  override name = 'NotAllowedError';
  constructor(options?: { cause?: unknown }) {
    super('this address may not use this deployment', options);
  }
}

/** Settings a new account starts with. */
export interface NewUserDefaults {
  timeZone: string;
  waitingWindowDays?: number;
}

export interface FoundUser {
  settings: Settings;
  created: boolean;
}

type UserDeps = Pick<Deps, 'store' | 'clock'>;

/**
 * The account for `email`, created with `defaults` when there is none.
 * Two arrivals at once both end with the same account. No allow-list check:
 * for admin tools and the single-user runner; web paths use
 * `findOrCreateAllowedUser`.
 */
export async function findOrCreateUser(
  deps: UserDeps,
  email: string,
  defaults: NewUserDefaults,
): Promise<FoundUser> {
  const address = normalizeAddress(email);
  const existing = await deps.store.findUserByEmail(address);
  if (existing) return { settings: existing, created: false };
  const userId = userIdFor(address);
  const fresh = Settings.parse({
    userId,
    id: userId,
    version: 0,
    email: address,
    timeZone: defaults.timeZone,
    ...(defaults.waitingWindowDays !== undefined ? { waitingWindowDays: defaults.waitingWindowDays } : {}),
    createdAt: toInstant(deps.clock.now()),
  });
  try {
    return { settings: await deps.store.put('settings', fresh), created: true };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Someone created it a moment ago (a second tab, the other callback).
    const settings =
      (await deps.store.get('settings', userId, userId)) ?? (await deps.store.findUserByEmail(address));
    if (!settings) throw error;
    return { settings, created: false };
  }
}

/** As `findOrCreateUser`, for addresses on `allowList` only; throws `NotAllowedError` otherwise. */
export async function findOrCreateAllowedUser(
  deps: UserDeps,
  email: string,
  allowList: AllowList,
  defaults: NewUserDefaults,
): Promise<FoundUser> {
  if (!isAllowed(email, allowList)) throw new NotAllowedError();
  return findOrCreateUser(deps, email, defaults);
}
