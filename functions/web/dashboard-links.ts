/**
 * Signed links for the dashboard's buttons: they open the same one-button
 * pages as the links in mails, so every change goes through one path.
 */
import type { Dashboard } from '../core/dashboard.js';
import type { LinkView } from '../core/ports.js';
import { type ActionPurpose, actionUrl, type LinkDeps } from '../core/prompts/action-links.js';

/** Links per entity: `task:<id>`, `app:<id>`, `interview:<id>`. */
export type DashboardLinks = ReadonlyMap<string, LinkView[]>;

export async function dashboardLinks(
  core: LinkDeps,
  userId: string,
  dashboard: Dashboard,
): Promise<DashboardLinks> {
  const links = new Map<string, LinkView[]>();
  const add = async (key: string, id: string, label: string, purpose: ActionPurpose) => {
    const url = await actionUrl(core, purpose, userId, id);
    links.set(key, [...(links.get(key) ?? []), { label, url }]);
  };
  for (const view of dashboard.applications) {
    const app = view.application;
    if (app.status !== 'closed') {
      await add(`app:${app.id}`, app.id, 'I heard back', 'heard-back');
      await add(`app:${app.id}`, app.id, 'They said when…', 'timeline');
    }
    for (const interview of view.interviews) {
      const key = `interview:${interview.id}`;
      if (interview.state === 'dismissed' || interview.override === 'not-interview') {
        await add(key, interview.id, 'Undo: it is an interview', 'track');
      } else if (interview.state === 'scheduled') {
        await add(key, interview.id, 'Notes', 'notes');
        await add(key, interview.id, 'Not an interview', 'not-interview');
      }
    }
    for (const { task, draft } of view.openTasks) {
      const key = `task:${task.id}`;
      if (draft) await add(key, task.id, 'Edit and send', 'draft');
      await add(key, task.id, 'I sent it', 'thank-you-sent');
      await add(key, task.id, 'Remind me tomorrow', 'snooze');
    }
  }
  return links;
}
