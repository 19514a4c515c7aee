/**
 * Applications group interviews by company (and role, when two different
 * roles at one company are both known). A later interview with the same
 * company joins the same application: that is how a callback cancels the
 * pending status check.
 */
import { digest, slug } from './ids.js';
import type { Application, Interview, Person } from './model.js';
import type { Store } from './ports.js';

export interface ApplicationKey {
  company?: string;
  role?: string;
}

/** Picks the application an interview belongs to, creating its id if new. */
export function applicationIdFor(
  key: ApplicationKey,
  existing: Application[],
  fallbackId: string,
): { id: string; company: string } {
  if (!key.company) return { id: `solo-${digest(fallbackId, 16)}`, company: '' };
  const companySlug = slug(key.company);
  const sameCompany = existing.filter((app) => slug(app.company) === companySlug);
  const open = sameCompany.filter((app) => app.status !== 'closed');
  const match =
    open.find((app) => key.role && app.role && slug(app.role) === slug(key.role)) ??
    open.find((app) => !key.role || !app.role);
  if (match) return { id: match.id, company: match.company };
  const id =
    sameCompany.length === 0
      ? companySlug
      : `${companySlug}--${slug(key.role ?? '')}-${digest(fallbackId, 6)}`;
  return { id, company: key.company };
}

/** Who to ask about status: a recruiter-looking organizer, else the first interviewer with an address. */
export function contactFor(interviews: Interview[]): Person | undefined {
  for (const interview of interviews) {
    const organizer = interview.organizer;
    if (organizer?.email && !isSystemAddress(organizer.email)) return organizer;
  }
  for (const interview of interviews) {
    const person = interview.interviewers.find((p) => p.email);
    if (person) return { email: person.email, name: person.name };
  }
  return undefined;
}

const SYSTEM_ADDRESS =
  /(no-?reply|do-?not-?reply|notifications?|calendar|scheduling|invite)[^@]*@|@(.*\.)?(calendly|greenhouse|lever|goodtime|ashbyhq|myworkday|smartrecruiters|icims|modernloop)\./i;

export function isSystemAddress(email: string): boolean {
  return SYSTEM_ADDRESS.test(email);
}

/** Loads an application, or a fresh unsaved one (version 0). */
export async function loadOrNewApplication(
  store: Store,
  userId: string,
  id: string,
  company: string,
  role: string | undefined,
): Promise<Application> {
  const found = await store.get('application', userId, id);
  if (found) return found;
  return { userId, id, version: 0, company, role, status: 'active', statusCheckWaived: false };
}
