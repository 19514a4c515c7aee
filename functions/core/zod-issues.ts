/**
 * The one way a zod error becomes a message, at every edge: one line naming
 * each problem and where it is ("start.dateTime: expected string; id:
 * required"). Forms show people only the first problem's own sentence.
 */
import type { z } from 'zod';

export interface IssueMessageOptions {
  /** Problems named at most (default 5): the first few say enough. */
  max?: number;
  /** Say where each problem is (default true); forms leave it out, their messages are sentences. */
  paths?: boolean;
}

export function describeIssues(error: z.ZodError, options: IssueMessageOptions = {}): string {
  const { max = 5, paths = true } = options;
  const described = error.issues
    .slice(0, max)
    .map((issue) =>
      paths && issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
  return described || 'invalid input';
}
