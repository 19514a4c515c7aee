/** How tasks and applications are named to people: plain words, never the code's. */
import type { Application, Task } from '../model.js';

/** "Acme · Backend Engineer", or the company alone. */
export function applicationLine(app: Pick<Application, 'company' | 'role'>): string {
  return [app.company, app.role].filter(Boolean).join(' · ');
}

/** "Thank-you note to Jane Doe", "Status check with Acme". */
export function taskTitle(task: Task, app: Pick<Application, 'company'> | undefined): string {
  const who = task.interviewer?.name ?? task.interviewer?.email;
  const company = app?.company;
  switch (task.kind) {
    case 'thank-you':
      return `Thank-you note to ${who ?? 'your interviewer'}`;
    case 'ask-address':
      return who ? `Ask for ${who}'s email address` : 'Ask for an email address';
    case 'status-check':
      return company ? `Status check with ${company}` : 'Status check';
    case 'stay-in-touch':
      return company ? `Stay-in-touch note to ${company}` : 'Stay-in-touch note';
  }
}
