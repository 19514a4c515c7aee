/**
 * PROVISIONAL — for the lead to replace with the sign-in work of issue 8.
 *
 * Connecting a calendar is how a person signs up on a deployment: the
 * verified email must pass the allow-list (`ALLOW_LIST`, from the `allowList`
 * context: exact addresses and `@domain` entries), and the user is found or
 * created by that email. Issue 8 builds the allow-list check and the session
 * for the whole app; when it lands, `signUpOrIn` and `startSession` in
 * `functions/handlers/api.ts` should come from there and this file go.
 */
import { userIdFor } from '../../core/ids.js';
import type { Settings } from '../../core/model.js';
import type { Clock, Store } from '../../core/ports.js';
import { isValidZone, toInstant } from '../../core/timing.js';
import type { SignUpResult } from '../../web/oauth/oauth-routes.js';

/** True when `email` is listed, or its domain is (`@example.com`). Case-insensitive. */
export function allowedBy(allowList: string, email: string): boolean {
  const address = email.trim().toLowerCase();
  const domain = address.slice(address.lastIndexOf('@'));
  return allowList
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => (entry.startsWith('@') ? entry === domain : entry === address));
}

export function provisionalSignUp(deps: {
  store: Pick<Store, 'findUserByEmail' | 'put'>;
  clock: Clock;
  allowList: string;
  waitingWindowDays?: number;
}) {
  return async (account: { email: string; timeZone?: string | undefined }): Promise<SignUpResult> => {
    if (!allowedBy(deps.allowList, account.email)) return { refused: 'not-allowed' };
    const existing = await deps.store.findUserByEmail(account.email);
    if (existing) return { userId: existing.userId };
    const userId = userIdFor(account.email);
    const settings: Settings = {
      userId,
      id: userId,
      version: 0,
      email: account.email,
      timeZone: account.timeZone && isValidZone(account.timeZone) ? account.timeZone : 'UTC',
      waitingWindowDays: deps.waitingWindowDays ?? 5,
      prepEnabled: true,
      prepMinutesBefore: 60,
      paused: false,
      rules: { always: [], never: [] },
      createdAt: toInstant(deps.clock.now()),
    };
    try {
      await deps.store.put('settings', settings);
    } catch (error) {
      // Two callbacks at once for a new address: the other one created the user.
      if (!(await deps.store.findUserByEmail(account.email))) throw error;
    }
    return { userId };
  };
}
