/**
 * Connecting a calendar while signed out signs a person up or in: the
 * provider's verified address must be on the deployment's allow-list, and the
 * account is the one `findOrCreateAllowedUser` finds or creates for it (the
 * same one a sign-in link reaches).
 */
import { isValidZone } from '../../core/timing.js';
import type { AllowList } from '../../core/users/allow-list.js';
import {
  findOrCreateAllowedUser,
  type NewUserDefaults,
  NotAllowedError,
} from '../../core/users/find-or-create-user.js';
import type { SessionDeps } from '../auth/sessions.js';
import type { OAuthRouteDeps, SignUpResult } from './oauth-routes.js';

export function signUpByConnecting(
  deps: Pick<SessionDeps, 'store' | 'clock'>,
  allowList: AllowList,
  defaults: NewUserDefaults,
): OAuthRouteDeps['signUpOrIn'] {
  return async (account): Promise<SignUpResult> => {
    // A new account takes the calendar's own zone when the provider tells it.
    const timeZone = account.timeZone && isValidZone(account.timeZone) ? account.timeZone : defaults.timeZone;
    try {
      const { settings } = await findOrCreateAllowedUser(deps, account.email, allowList, {
        ...defaults,
        timeZone,
      });
      return { userId: settings.userId };
    } catch (error) {
      if (error instanceof NotAllowedError) return { refused: 'not-allowed' };
      throw error;
    }
  };
}
