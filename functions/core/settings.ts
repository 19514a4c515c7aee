/**
 * Saving the user's settings, and what follows from them: prep prompts,
 * status-check times and the time zone feed every pending schedule, so those
 * are planned again; new always/never rules need every event judged again,
 * so the next sync of each calendar is a full listing.
 */
import { defaultSettings, type Instant, Settings } from './model.js';
import { planInterview, planStatusCheck } from './planning.js';
import type { Deps } from './ports.js';
import { retryOnConflict } from './retry.js';

export type SettingsPatch = Partial<
  Pick<
    Settings,
    | 'timeZone'
    | 'waitingWindowDays'
    | 'prepEnabled'
    | 'prepMinutesBefore'
    | 'paused'
    | 'pausedUntil'
    | 'rules'
    | 'signAs'
  >
>;

/** Whether prompts are paused now: a pause "for a week" ends by itself. */
export function isPaused(settings: Pick<Settings, 'paused' | 'pausedUntil'>, now: Date): boolean {
  if (!settings.paused) return false;
  return !settings.pausedUntil || Date.parse(settings.pausedUntil) > now.getTime();
}

/** A new user's settings: the deployment's default waiting window when it sets one, else the defaults. */
export function newUserSettings(input: {
  userId: string;
  email: string;
  timeZone: string;
  createdAt: Instant;
  waitingWindowDays?: number | undefined;
}): Settings {
  const { waitingWindowDays, ...user } = input;
  return Settings.parse(defaultSettings(user, waitingWindowDays !== undefined ? { waitingWindowDays } : {}));
}

/** Writes `settings` with `patch` (conditional on its version; throws ConflictError) and replans. */
export async function saveSettings(
  deps: Pick<Deps, 'store' | 'scheduler' | 'clock'>,
  settings: Settings,
  patch: SettingsPatch,
): Promise<Settings> {
  const saved = await deps.store.put('settings', { ...settings, ...patch });
  await replanUser(deps, saved);
  if (JSON.stringify(saved.rules) !== JSON.stringify(settings.rules)) await forceFullSync(deps, saved.userId);
  return saved;
}

/** Plans every pending schedule of the user again, from their current settings. */
export async function replanUser(
  deps: Pick<Deps, 'store' | 'scheduler' | 'clock'>,
  settings: Settings,
): Promise<void> {
  const now = deps.clock.now().getTime();
  const interviews = await deps.store.list('interview', settings.userId);
  for (const interview of interviews) {
    if (interview.state === 'scheduled' && Date.parse(interview.start) > now) {
      await planInterview(deps, interview, settings);
    }
  }
  for (const app of await deps.store.list('application', settings.userId)) {
    if (app.status === 'active') await planStatusCheck(deps, settings.userId, app.id, settings);
  }
}

async function forceFullSync(deps: Pick<Deps, 'store'>, userId: string): Promise<void> {
  for (const connection of await deps.store.list('connection', userId)) {
    await retryOnConflict(async () => {
      const fresh = await deps.store.get('connection', userId, connection.id);
      if (fresh?.syncToken) await deps.store.put('connection', { ...fresh, syncToken: undefined });
    });
  }
}
