/**
 * Zod schemas for what browsers post. Every field is bounded; messages are
 * written for people, since they are shown on the page as they are.
 */

import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { describeIssues } from '../core/zod-issues.js';

/** A signed-link token as it appears in `/a/:token`: URL-safe, bounded. */
export const Token = z.string().regex(/^[A-Za-z0-9._~-]{1,2048}$/);

/** An outbox file name: no paths, no dots at the start. */
export const OutboxFile = z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/);

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === ''
    ? undefined
    : typeof value === 'string'
      ? value.trim()
      : value;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** Per-person notes are posted as `note:<interviewer key>`. */
export const NOTE_PREFIX = 'note:';
const NOTE_KEY = /^note:[^\s]{1,320}$/;
const KNOWN_FIELDS = new Set([
  'amount',
  'unit',
  'wait',
  'date',
  'outcome',
  'notes',
  'private',
  'subject',
  'body',
  'length',
  'List-Unsubscribe',
]);
const Note = z.string().max(2000, { error: 'Notes can be at most 2,000 characters each.' });

/**
 * Fields an action form may carry (the names `core/actions.ts` reads).
 * Which ones are required is the action's business; here we only make sure
 * each is sane and drop anything else. `List-Unsubscribe` is the RFC 8058
 * one-click body.
 */
export const ActionForm = z.preprocess(
  (value) =>
    value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value).filter(([key]) => KNOWN_FIELDS.has(key) || NOTE_KEY.test(key)),
        )
      : value,
  z
    .object({
      amount: optional(
        z.string().regex(/^\d{1,3}$/, { error: 'Enter the timeline as a whole number, like 5.' }),
      ).refine((v) => v === undefined || (Number(v) >= 1 && Number(v) <= 365), {
        error: 'The timeline must be between 1 and 365.',
      }),
      unit: optional(z.enum(['days', 'weeks'], { error: 'Choose business days or weeks.' })),
      date: optional(z.iso.date({ error: 'Enter the date as a calendar date, like 2026-03-17.' })),
      wait: optional(z.enum(['1w', '2w'], { error: 'Choose 1 week or 2 weeks, or pick a date.' })),
      outcome: optional(z.enum(['next-round', 'offer', 'rejected'], { error: 'Choose what you heard.' })),
      notes: optional(Note),
      private: Note.optional(),
      // Drafts keep their line breaks and spacing: not trimmed here.
      subject: z.string().max(300, { error: 'The subject can be at most 300 characters.' }).optional(),
      body: z.string().max(10_000, { error: 'The note can be at most 10,000 characters.' }).optional(),
      length: optional(z.enum(['week', 'resume'], { error: 'Choose how long to pause.' })),
      'List-Unsubscribe': optional(z.literal('One-Click', { error: 'Unknown unsubscribe request.' })),
    })
    .catchall(Note),
);
export type ActionForm = z.infer<typeof ActionForm>;

/** Keywords typed one per line (or comma separated). */
const Keywords = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(/[\n,]/)
          .map((k) => k.trim())
          .filter(Boolean)
      : [],
  z
    .array(z.string().max(100, { error: 'Each keyword can be at most 100 characters.' }))
    .max(50, { error: 'At most 50 keywords per list.' }),
);

const Checkbox = z.preprocess((value) => value === 'on' || value === 'true', z.boolean());

const WholeNumber = (min: number, max: number, what: string) =>
  z.coerce
    .number({ error: `${what} must be a number.` })
    .int({ error: `${what} must be a whole number.` })
    .min(min, { error: `${what} must be between ${min} and ${max}.` })
    .max(max, { error: `${what} must be between ${min} and ${max}.` });

const SignAsText = z
  .string({ error: 'Write your name as you sign your emails, like Sam Rivera.' })
  .max(100, { error: 'Your name can be at most 100 characters.' })
  .refine((name) => !/[\r\n<>@]/.test(name), { error: 'Write your name as you sign it, like Sam Rivera.' });

/** The name drafts are signed with; blank means the calendar account's name. */
const SignAs = z.preprocess(blankToUndefined, SignAsText.optional());

/** The first-run question: how drafts are signed. */
export const SignAsForm = z.object({ signAs: z.preprocess(blankToUndefined, SignAsText) });

/** The settings form. */
export const SettingsForm = z.object({
  version: z.coerce.number().int().min(0),
  timeZone: z
    .string()
    .trim()
    .min(1, { error: 'Enter your time zone, like Europe/Berlin.' })
    .max(64)
    .refine((zone) => IANAZone.isValidZone(zone), {
      error: 'That is not a time zone we know. Use a name like Europe/Berlin or America/New_York.',
    }),
  waitingWindowDays: WholeNumber(1, 60, 'The waiting window'),
  prepEnabled: Checkbox,
  prepMinutesBefore: WholeNumber(5, 24 * 60, 'Minutes before an interview'),
  paused: Checkbox,
  always: Keywords,
  never: Keywords,
  signAs: SignAs,
});
export type SettingsForm = z.infer<typeof SettingsForm>;

/** Typing the word is the confirmation for deleting all data. */
export const DeleteForm = z.object({
  confirm: z
    .string()
    .trim()
    .refine((v) => v.toLowerCase() === 'delete', { error: 'Type DELETE to confirm.' }),
});

/** The first problem, as a sentence for the page. */
export function firstProblem(error: z.ZodError): string {
  return describeIssues(error, { max: 1, paths: false });
}

/** Only the string fields of a parsed body (files are ignored). */
export function stringFields(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** The string fields of a posted form; a body that is no form is the sender's mistake (400). */
export async function readForm(request: {
  parseBody(): Promise<Record<string, unknown>>;
}): Promise<Record<string, string>> {
  try {
    return stringFields(await request.parseBody());
  } catch (error) {
    throw new ValidationError('The form could not be read. Please send it again from the page.', {
      cause: error,
    });
  }
}
