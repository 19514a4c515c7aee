/**
 * The ground floor of Afterview: every type the core speaks in. Each is a zod
 * schema so that adapters can validate what they read back from storage and
 * the edges can validate what arrives; the TypeScript types are inferred.
 */
import { z } from 'zod';

/** An instant, always stored as an ISO-8601 string in UTC (`...Z`). */
export const Instant = z.iso.datetime({ offset: false });
export type Instant = z.infer<typeof Instant>;

export const ProviderName = z.enum(['google', 'microsoft', 'ics', 'demo']);
export type ProviderName = z.infer<typeof ProviderName>;

/** How the calendar owner (or an attendee) answered the invitation. */
export const Response = z.enum(['accepted', 'tentative', 'declined', 'needsAction', 'organizer', 'none']);
export type Response = z.infer<typeof Response>;

export const Person = z.object({
  email: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
});
export type Person = z.infer<typeof Person>;

export const Attendee = Person.extend({
  response: Response,
  /** Rooms and equipment are `resource`; they are never participants. */
  kind: z.enum(['person', 'resource']),
  /** The calendar owner. */
  self: z.boolean(),
  organizer: z.boolean(),
  optional: z.boolean(),
});
export type Attendee = z.infer<typeof Attendee>;

/** Bounds for hostile calendar content (invariant 6). */
export const LIMITS = { title: 300, description: 8_000, location: 500, attendees: 100 } as const;

/**
 * One calendar event, normalised from whatever the provider returned. Mappers
 * in `adapters/calendar/*` produce it; provider types never leave there.
 */
export const CalendarEvent = z.object({
  provider: ProviderName,
  /** The provider's id of the event (for recurring events: the instance id). */
  eventId: z.string().min(1).max(1024),
  iCalUID: z.string().max(1024).optional(),
  recurringEventId: z.string().max(1024).optional(),
  /** For an instance of a recurring event: the start it has in the series (before any move). */
  originalStart: Instant.optional(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']),
  title: z.string().max(LIMITS.title),
  description: z.string().max(LIMITS.description),
  location: z.string().max(LIMITS.location).optional(),
  start: Instant,
  end: Instant,
  allDay: z.boolean(),
  /** IANA zone the event was scheduled in, when the provider says. */
  timeZone: z.string().optional(),
  organizer: Person.optional(),
  attendees: z.array(Attendee).max(LIMITS.attendees),
  /** The owner's own answer; `organizer` when the owner organised it. */
  ownerResponse: Response,
  onlineMeetingUrl: z.string().max(2048).optional(),
  /** Provider's last-modified instant, when given. */
  updated: Instant.optional(),
});
export type CalendarEvent = z.infer<typeof CalendarEvent>;

/** A deleted or cancelled event as incremental sync reports it: often only an id. */
export const RemovedEvent = z.object({
  provider: ProviderName,
  eventId: z.string().min(1),
  removed: z.literal(true),
});
export type RemovedEvent = z.infer<typeof RemovedEvent>;

export const EventChange = z.union([CalendarEvent, RemovedEvent]);
export type EventChange = z.infer<typeof EventChange>;

/** Who owns the calendar: their address is "you" in attendee lists. */
export const Owner = z.object({ email: z.string().email(), timeZone: z.string().min(1) });
export type Owner = z.infer<typeof Owner>;

/**
 * A rule Afterview learned from the user's own answers ("not an interview",
 * "track this", the ask mail's Yes/No): the same kind of event is decided
 * the same way next time. Shown and removable in Settings.
 */
export const LearnedRule = z.object({
  /** What it matches: the organizer's domain, one (ATS or group) calendar's address, or a title. */
  kind: z.enum(['domain', 'calendar', 'title']),
  /** Lower-cased domain or address; a folded title with dates and numbers removed. */
  value: z.string().min(1).max(300),
  verdict: z.enum(['interview', 'not-interview']),
  /** The event title it was learned from, shown in Settings. */
  from: z.string().max(300),
  createdAt: z.iso.datetime({ offset: false }),
});
export type LearnedRule = z.infer<typeof LearnedRule>;

/** User rules that override the detector's score. */
export const DetectionRules = z.object({
  always: z.array(z.string().min(1).max(100)).max(50).default([]),
  never: z.array(z.string().min(1).max(100)).max(50).default([]),
  /** Rules learned from answers; the oldest go first when the list is full. */
  learned: z.array(LearnedRule).max(200).optional(),
});
export type DetectionRules = z.infer<typeof DetectionRules>;

/**
 * `interview` starts the follow-ups; `ask` mails one question after the event
 * ("Was it an interview?"); `ignore` does nothing.
 */
export const Decision = z.enum(['interview', 'ask', 'ignore']);
export type Decision = z.infer<typeof Decision>;

export const Detection = z.object({
  /** True only when `decision` is `interview`. */
  interview: z.boolean(),
  /** Absent on records stored before the ask tier: read `interview` there. */
  decision: Decision.optional(),
  /** 0..1, higher is more sure. */
  score: z.number().min(0).max(1),
  company: z.string().max(200).optional(),
  role: z.string().max(200).optional(),
  /** Human-readable, shown to the user ("title says 'phone screen'"). */
  reasons: z.array(z.string()),
});
export type Detection = z.infer<typeof Detection>;

/** Per-event override a user gave from a prompt or the dashboard. */
export const EventOverride = z.enum(['interview', 'not-interview']);
export type EventOverride = z.infer<typeof EventOverride>;

// ---------------------------------------------------------------------------
// Stored entities. Every one carries `userId`, an `id` unique within its kind
// for that user, and a `version` (0 = not yet stored) for optimistic
// concurrency: writes succeed only when the stored version is the one read.
// ---------------------------------------------------------------------------

const Stored = z.object({
  userId: z.string().min(1),
  id: z.string().min(1),
  version: z.number().int().min(0),
});

/** What a new user starts with (the schema fills them in too, for older items). */
const SETTINGS_DEFAULTS = {
  waitingWindowDays: 5,
  prepEnabled: true,
  prepMinutesBefore: 60,
  paused: false,
} as const;

export const Settings = Stored.extend({
  email: z.string().email(),
  timeZone: z.string().min(1),
  /** Business days to wait for news before the status-check prompt. */
  waitingWindowDays: z.number().int().min(1).max(60).default(SETTINGS_DEFAULTS.waitingWindowDays),
  prepEnabled: z.boolean().default(SETTINGS_DEFAULTS.prepEnabled),
  prepMinutesBefore: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(SETTINGS_DEFAULTS.prepMinutesBefore),
  paused: z.boolean().default(SETTINGS_DEFAULTS.paused),
  /** A pause with an end ("for a week"); absent while paused means until resumed. */
  pausedUntil: Instant.optional(),
  rules: DetectionRules.default({ always: [], never: [] }),
  /** The name drafts are signed with, as the user typed it. */
  signAs: z.string().max(100).optional(),
  /** The calendar account's display name, learned from sync: the default for `signAs`. */
  accountName: z.string().max(200).optional(),
  createdAt: Instant,
  /** Set while prompts are held by the hourly ceiling: the next sync arms their digest. */
  promptsHeldSince: Instant.optional(),
});
export type Settings = z.infer<typeof Settings>;

/** A new user's settings (not yet stored): the defaults, then `overrides`. */
export function defaultSettings(
  user: Pick<Settings, 'userId' | 'email' | 'timeZone' | 'createdAt'>,
  overrides: Partial<Settings> = {},
): Settings {
  return {
    userId: user.userId,
    id: user.userId,
    version: 0,
    email: user.email,
    timeZone: user.timeZone,
    ...SETTINGS_DEFAULTS,
    rules: { always: [], never: [] },
    createdAt: user.createdAt,
    ...overrides,
  };
}

export const ConnectionStatus = z.enum(['active', 'broken', 'deleted']);
export const Connection = Stored.extend({
  provider: ProviderName,
  /** Provider calendar id ("primary"), ICS URL, or "demo". */
  calendarId: z.string().min(1),
  status: ConnectionStatus,
  /** Opaque incremental cursor: Google syncToken, Graph deltaLink, ICS ETag. */
  syncToken: z.string().optional(),
  /**
   * The grant, encrypted by the TokenVault; never stored in clear. Google: the
   * refresh token; Microsoft: MSAL's serialized token cache, which holds it.
   */
  encryptedRefreshToken: z.string().optional(),
  /** The provider account (Google, Microsoft) the calendar belongs to, as shown to the user. */
  accountEmail: z.string().max(320).optional(),
  /** Push channel (Google) or subscription (Graph) and when it lapses. */
  channelId: z.string().optional(),
  channelResourceId: z.string().optional(),
  channelToken: z.string().optional(),
  channelExpiresAt: Instant.optional(),
  lastSyncAt: Instant.optional(),
  brokenReason: z.string().optional(),
  brokenNotifiedAt: Instant.optional(),
  /** Reads that failed in a row for a transient reason, since when, the last reason, and the next try. */
  failures: z.number().int().min(0).optional(),
  failingSince: Instant.optional(),
  failureReason: z.string().max(500).optional(),
  retryAt: Instant.optional(),
});
export type Connection = z.infer<typeof Connection>;

/**
 * `duplicate`: the same invitation seen in another connected calendar (same
 * iCalUID and occurrence); it never prompts, and its cancellation cancels
 * the interview it duplicates (`twinOf`).
 */
export const InterviewState = z.enum([
  'scheduled',
  'cancelled',
  'declined',
  'dismissed',
  'duplicate',
  'asking',
]);
export type InterviewState = z.infer<typeof InterviewState>;

/** A person met in an interview, as named in the invitation. */
export const Interviewer = Person.extend({
  /** Stable within the interview: lower-cased email, else a slug of the name. */
  key: z.string().min(1),
  /** Found only in the description: no address known. */
  fromDescription: z.boolean().default(false),
});
export type Interviewer = z.infer<typeof Interviewer>;

export const Interview = Stored.extend({
  /** `connectionId` + provider event id; also the entity id. */
  connectionId: z.string(),
  eventId: z.string(),
  iCalUID: z.string().optional(),
  /** Set for instances of a recurring series: a learned rule may key on its title. */
  recurringEventId: z.string().max(1024).optional(),
  /** A recurring instance's start in its series: with the iCalUID it names the occasion. */
  originalStart: Instant.optional(),
  state: InterviewState,
  /** For a `duplicate`: the interview (from another calendar) that stands for this occasion. */
  twinOf: z.string().optional(),
  title: z.string().max(LIMITS.title),
  /** Trimmed to what the drafts need (least data). */
  description: z.string().max(2_000),
  location: z.string().optional(),
  onlineMeetingUrl: z.string().optional(),
  start: Instant,
  end: Instant,
  company: z.string().optional(),
  role: z.string().optional(),
  applicationId: z.string(),
  interviewers: z.array(Interviewer),
  organizer: Person.optional(),
  detection: Detection,
  override: EventOverride.optional(),
  firstSeenAt: Instant,
  /** Set when first seen long after it ended: recorded, never thanked. */
  thankYouWaived: z.boolean().default(false),
  /** The thank-you prompt that covered this interview, once sent. */
  thankYouPromptId: z.string().optional(),
  /** The ask prompt ("Was it an interview?") once sent, for `asking` events. */
  askPromptId: z.string().optional(),
  /**
   * What the user discussed with each interviewer, per interviewer key: it
   * goes into that person's thank-you draft.
   */
  notes: z.record(z.string(), z.string().max(2_000)).default({}),
  /** The user's own reminders about the interview: never in any draft. */
  privateNotes: z.string().max(2_000).optional(),
});
export type Interview = z.infer<typeof Interview>;

export const Outcome = z.enum(['next-round', 'offer', 'rejected']);
export type Outcome = z.infer<typeof Outcome>;

/** One thing the user did about an application, for its history. */
export const HistoryEntry = z.object({
  at: Instant,
  what: z.enum(['heard-back', 'timeline', 'snoozed', 'not-interview', 'tracked']),
  /** Short words about it ("rejected", "2 weeks", an event title). */
  detail: z.string().max(300).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
/** Older entries are dropped past this many. */
export const HISTORY_LIMIT = 50;

export const Application = Stored.extend({
  company: z.string(),
  role: z.string().optional(),
  status: z.enum(['active', 'heard-back', 'closed']),
  outcome: Outcome.optional(),
  /** Timeline the employer gave: a number of business days or a date. */
  timeline: z
    .union([
      z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(365) }),
      z.object({ kind: z.literal('date'), date: z.iso.date() }),
    ])
    .optional(),
  /** When the status-check prompt is due, once computed. */
  statusCheckAt: Instant.optional(),
  statusCheckPromptId: z.string().optional(),
  /** First seen too late for a status check to be useful. */
  statusCheckWaived: z.boolean().default(false),
  /** Who to ask about status: the recruiter or hiring manager. */
  contact: Person.optional(),
  closedAt: Instant.optional(),
  /** What the user told Afterview about it, oldest first (shown as its history). */
  history: z.array(HistoryEntry).max(HISTORY_LIMIT).optional(),
});
export type Application = z.infer<typeof Application>;

export const TaskKind = z.enum(['thank-you', 'ask-address', 'status-check', 'stay-in-touch']);
export type TaskKind = z.infer<typeof TaskKind>;

export const Task = Stored.extend({
  kind: TaskKind,
  applicationId: z.string(),
  interviewId: z.string().optional(),
  interviewer: Interviewer.optional(),
  state: z.enum(['open', 'done', 'dropped']),
  dueAt: Instant,
  createdAt: Instant,
  doneAt: Instant.optional(),
  /** Dropped because the user said its event is not an interview: "undo" reopens it. */
  droppedFor: z.literal('not-interview').optional(),
  /** The draft as the user edited it; shown instead of the generated one. */
  draft: z
    .object({ subject: z.string().max(300), body: z.string().max(10_000), savedAt: Instant })
    .optional(),
});
export type Task = z.infer<typeof Task>;

export const PromptKind = z.enum(['prep', 'thank-you', 'status-check', 'connection-broken', 'digest', 'ask']);
export type PromptKind = z.infer<typeof PromptKind>;

/** A prompt mail: claimed before sending so each is sent once. */
export const Prompt = Stored.extend({
  kind: PromptKind,
  /** `held`: composed while the user's hourly ceiling was reached; sent later in a digest. */
  state: z.enum(['claimed', 'sent', 'held']),
  subject: z.string(),
  claimedAt: Instant,
  sentAt: Instant.optional(),
  heldAt: Instant.optional(),
  /** The digest a held prompt went out in. */
  digestId: z.string().optional(),
  applicationId: z.string().optional(),
  interviewIds: z.array(z.string()).default([]),
});
export type Prompt = z.infer<typeof Prompt>;

/**
 * A signed-in browser. The cookie holds `<userId>.<secret>`; the entity's id
 * is the secret's SHA-256, so a read of the table never yields a cookie.
 * Sessions rotate: a new one replaces an old one every few minutes of use,
 * and the old one answers only for a short grace (requests in flight).
 */
export const Session = Stored.extend({
  /** When this session (this rotation) began. */
  createdAt: Instant,
  /** When the person signed in: rotation never extends a session past its absolute end. */
  signedInAt: Instant,
  /** The session ends at this instant (idle end, absolute end or end of grace). */
  validUntil: Instant,
  /** Set once a newer session replaced this one. */
  replacedAt: Instant.optional(),
  /** The session this one replaced: sign-out ends both. */
  previousId: z.string().optional(),
  /** Anti-CSRF token for this sign-in; carried over on rotation so open pages keep working. */
  csrf: z.string().min(32),
});
export type Session = z.infer<typeof Session>;

/** What a schedule fires: one union shared by infra, scheduler and handler. */
export const FollowupPayload = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('prep'),
    userId: z.string().min(1),
    interviewId: z.string().min(1),
    version: z.number().int(),
  }),
  z.object({
    kind: z.literal('interview-ended'),
    userId: z.string().min(1),
    interviewId: z.string().min(1),
    version: z.number().int(),
  }),
  z.object({
    kind: z.literal('status-check'),
    userId: z.string().min(1),
    applicationId: z.string().min(1),
    version: z.number().int(),
  }),
  /** Sends the prompts held back by the hourly ceiling, as one mail. */
  z.object({
    kind: z.literal('digest'),
    userId: z.string().min(1),
  }),
]);
export type FollowupPayload = z.infer<typeof FollowupPayload>;

/** A one-time schedule as the core asks for it. */
export const ScheduleRequest = z.object({
  /** Deterministic from what it is for; see `core/schedule-names.ts`. */
  name: z.string().regex(/^[0-9A-Za-z_.-]{1,64}$/),
  at: Instant,
  payload: FollowupPayload,
});
export type ScheduleRequest = z.infer<typeof ScheduleRequest>;

/** A mail as the core composes it; adapters turn it into MIME or SES calls. */
export const MailMessage = z.object({
  to: z.string().email(),
  subject: z.string().max(300),
  html: z.string(),
  text: z.string(),
  /** One-click unsubscribe (RFC 8058): pauses prompts. */
  unsubscribeUrl: z.string().url().optional(),
  /** Stable id so that a re-send of the same prompt can be recognised. */
  idempotencyKey: z.string(),
  /** Tags for logs and SES configuration sets. */
  tags: z.record(z.string(), z.string()).default({}),
});
export type MailMessage = z.infer<typeof MailMessage>;
