/**
 * Deterministic ids and names. Ids derived from what a thing is for make
 * every write idempotent: a retry computes the same id and finds its own work.
 */
import { createHash } from 'node:crypto';
import type { Connection, FollowupPayload } from './model.js';

export function digest(text: string, length = 20): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

/** One user per email address, so a restart or a second connect finds them. */
export function userIdFor(email: string): string {
  return `u-${digest(email.trim().toLowerCase(), 16)}`;
}

export function connectionIdFor(provider: string, calendarId: string): string {
  return `${provider}-${digest(calendarId, 12)}`;
}

export function interviewIdFor(connectionId: string, eventId: string): string {
  return `${connectionId}~${digest(eventId)}`;
}

/** Lower-case, ASCII, dash-separated; keeps ids readable in the table. */
export function slug(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return (
    ascii
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x'
  );
}

const KIND_PREFIX: Record<FollowupPayload['kind'], string> = {
  prep: 'prep',
  'interview-ended': 'ended',
  'status-check': 'status',
  digest: 'digest',
};

/**
 * EventBridge schedule names: 1-64 of [0-9A-Za-z-_.]. Named from what the
 * schedule is for, so "upsert" replaces and a moved interview keeps one schedule.
 */
export function scheduleName(payload: FollowupPayload): string {
  const target =
    payload.kind === 'status-check'
      ? payload.applicationId
      : payload.kind === 'digest'
        ? 'digest'
        : payload.interviewId;
  return `av-${KIND_PREFIX[payload.kind]}-${digest(`${payload.userId}/${target}`, 40)}`;
}

/*
 * Prompt ids: a prompt is claimed under its id before it is sent and the id
 * is the mail's idempotency key, so each names exactly what it is about.
 */

/** Prep before one interview at one start time (a moved interview gets a new prep). */
export function prepPromptId(interviewId: string, start: string): string {
  return `prep#${interviewId}#${start}`;
}

/** The thank-you for a loop, named by its last interview. */
export function thankYouPromptId(lastInterviewId: string): string {
  return `thank-you#${lastInterviewId}`;
}

/** The status check of an application, due at one instant. */
export function statusPromptId(applicationId: string, dueAt: string): string {
  return `status-check#${applicationId}#${dueAt}`;
}

/** "We lost your calendar", once per version of the broken connection. */
export function brokenPromptId(connection: Pick<Connection, 'id' | 'version'>): string {
  return `broken#${connection.id}#${connection.version}`;
}

/* Task ids: one task per interviewer and purpose, so a retry finds its own task. */

export function thankYouTaskId(interviewId: string, personKey: string): string {
  return `thank-you#${interviewId}#${personKey}`;
}

export function askAddressTaskId(interviewId: string, personKey: string): string {
  return `ask-address#${interviewId}#${personKey}`;
}

export function statusTaskId(applicationId: string, dueAt: string): string {
  return `status#${applicationId}#${dueAt}`;
}

/** After a rejection: one stay-in-touch note per application. */
export function stayInTouchTaskId(applicationId: string): string {
  return `stay-in-touch#${applicationId}`;
}
