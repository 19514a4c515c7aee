/**
 * What a new user's settings start from in this deployment: the deploy-time
 * default waiting window (`-c waitingWindowDays=N`, `WAITING_WINDOW_DAYS` on
 * the api function), validated once; the sign-in passes it to
 * `newUserSettings` when it creates a user.
 */
import { z } from 'zod';
import { readConfig } from '../../adapters/config.js';

const NewUserConfig = z.object({
  WAITING_WINDOW_DAYS: z.coerce.number().int().min(1).max(60).optional(),
});

export function newUserDefaults(env: Record<string, string | undefined> = process.env): {
  waitingWindowDays?: number;
} {
  const config = readConfig(NewUserConfig, env);
  return config.WAITING_WINDOW_DAYS !== undefined ? { waitingWindowDays: config.WAITING_WINDOW_DAYS } : {};
}
