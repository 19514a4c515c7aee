/**
 * The demo calendar: a realistic week of a job seeker, seeded relative to the
 * moment the demo was first started (kept in the connection's calendar id,
 * so a restart sees the same events and nothing twice). Events are written
 * as the model's `CalendarEvent`s: the demo is a calendar of its own, not
 * another provider's format.
 */
import { DateTime } from 'luxon';
import type { Attendee, CalendarEvent, Connection, Owner } from '../../../core/model.js';
import type { CalendarProvider, ChangePage } from '../../../core/ports.js';
import { statusCheckDue, toInstant } from '../../../core/timing.js';

const DEMO_PREFIX = 'demo:';
const SYNC_TOKEN = 'demo-synced';

/** Calendar id for a demo seeded at `now`. */
export function demoCalendarId(now: Date): string {
  return `${DEMO_PREFIX}${now.toISOString()}`;
}

function seedOf(connection: Connection): Date {
  const seed = connection.calendarId.startsWith(DEMO_PREFIX)
    ? connection.calendarId.slice(DEMO_PREFIX.length)
    : '';
  const date = new Date(seed);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

interface DemoPerson {
  email: string;
  name?: string;
  self?: boolean;
  response?: Attendee['response'];
  resource?: boolean;
  organizer?: boolean;
}

/** Addresses compare in lower case, as every mapper stores them. */
function address(email: string): string {
  return email.trim().toLowerCase();
}

function attendee(person: DemoPerson): Attendee {
  return {
    email: address(person.email),
    ...(person.name ? { name: person.name } : {}),
    response: person.response ?? 'needsAction',
    kind: person.resource ? 'resource' : 'person',
    self: person.self ?? false,
    organizer: person.organizer ?? false,
    optional: false,
  };
}

function event(
  id: string,
  title: string,
  start: DateTime,
  minutes: number,
  people: DemoPerson[],
  extra: Partial<Pick<CalendarEvent, 'description' | 'onlineMeetingUrl' | 'status'>> = {},
): CalendarEvent {
  const organizer = people.find((p) => p.organizer) ?? people[0];
  const self = people.find((p) => p.self);
  return {
    provider: 'demo',
    eventId: id,
    iCalUID: `${id}@demo.afterview.local`,
    status: 'confirmed',
    title,
    description: '',
    start: toInstant(start.toJSDate()),
    end: toInstant(start.plus({ minutes }).toJSDate()),
    allDay: false,
    timeZone: start.zoneName ?? undefined,
    organizer: organizer && {
      email: address(organizer.email),
      ...(organizer.name ? { name: organizer.name } : {}),
    },
    attendees: people.map(attendee),
    ownerResponse: self?.response ?? 'none',
    ...(extra.onlineMeetingUrl ? { onlineMeetingUrl: extra.onlineMeetingUrl } : {}),
    updated: toInstant(start.minus({ days: 3 }).toJSDate()),
    ...(extra.description !== undefined ? { description: extra.description } : {}),
    ...(extra.status ? { status: extra.status } : {}),
  };
}

/** An end time about a week back whose status check fell due within the last day or two. */
function staleInterviewEnd(seed: Date, zone: string, windowDays: number): DateTime {
  for (let back = 6; back < 14; back++) {
    const end = DateTime.fromJSDate(seed, { zone }).minus({ days: back }).set({ hour: 15, minute: 0 });
    const due = statusCheckDue(end.toJSDate(), zone, undefined, windowDays).getTime();
    if (due <= seed.getTime() && due > seed.getTime() - 2 * 24 * 3600 * 1000) return end;
  }
  return DateTime.fromJSDate(seed, { zone }).minus({ days: 8 });
}

/** The demo's events for an owner, relative to the seed instant. */
export function demoEvents(seed: Date, owner: Owner, windowDays = 5): CalendarEvent[] {
  const zone = owner.timeZone;
  const now = DateTime.fromJSDate(seed, { zone }).set({ second: 0, millisecond: 0 });
  const me: DemoPerson = { email: owner.email, self: true, response: 'accepted' };
  const inTwoDays = now.plus({ days: 2 }).set({ hour: 10, minute: 0 });
  const stale = staleInterviewEnd(seed, zone, windowDays);
  return [
    event(
      'demo-phone-screen',
      'Phone screen – Northwind Traders (Data Analyst)',
      now.minus({ minutes: 31 }),
      30,
      [
        {
          email: 'priya.raman@northwind.example',
          name: 'Priya Raman',
          organizer: true,
          response: 'accepted',
        },
        me,
      ],
      { description: 'Recruiter call about the Data Analyst role. Priya will walk you through the process.' },
    ),
    event(
      'demo-contoso',
      'Interview: Product Designer at Contoso',
      stale.minus({ minutes: 45 }),
      45,
      [
        {
          email: 'talent@contoso.example',
          name: 'Contoso Talent Team',
          organizer: true,
          response: 'accepted',
        },
        { email: 'luis.ortega@contoso.example', name: 'Luis Ortega', response: 'accepted' },
        me,
      ],
      { description: 'Portfolio review with Luis Ortega, Head of Design.' },
    ),
    event(
      'demo-fabrikam',
      'Technical interview – Fabrikam (Frontend Engineer)',
      now.plus({ minutes: 45 }),
      60,
      [
        {
          email: 'scheduling@fabrikam.example',
          name: 'Fabrikam Recruiting',
          organizer: true,
          response: 'accepted',
        },
        { email: 'mei.chen@fabrikam.example', name: 'Mei Chen', response: 'accepted' },
        me,
        {
          email: 'room-4b@fabrikam.example',
          name: 'Room 4B',
          resource: true,
          response: 'accepted',
        },
      ],
      {
        onlineMeetingUrl: 'https://meet.google.com/abc-defg-hij',
        description: 'Live coding (JavaScript) with Mei Chen.',
      },
    ),
    ...['Coding', 'System design', 'Hiring manager'].map((part, i) =>
      event(
        `demo-tailspin-${i}`,
        `Onsite: Tailspin Toys – Backend Engineer (${part})`,
        inTwoDays.plus({ hours: i }),
        55,
        [
          {
            email: 'recruiting@tailspin.example',
            name: 'Tailspin Recruiting',
            organizer: true,
            response: 'accepted',
          },
          ...(i === 2
            ? []
            : [
                {
                  email: `interviewer${i + 1}@tailspin.example`,
                  name: ['Ana Souza', 'Tom Becker'][i],
                  response: 'accepted' as const,
                },
              ]),
          me,
        ],
        {
          description:
            i === 2
              ? "You'll meet: Grace Okafor (Engineering Manager)"
              : `Backend Engineer onsite, ${part} round.`,
        },
      ),
    ),
    event('demo-standup', 'Team standup', now.plus({ days: 1 }).set({ hour: 9, minute: 30 }), 15, [
      {
        email: 'lead@mycompany.example',
        name: 'Team Lead',
        organizer: true,
        response: 'accepted',
      },
      me,
    ]),
    event(
      'demo-mock',
      'Mock interview with my career coach',
      now.plus({ days: 1 }).set({ hour: 16, minute: 0 }),
      45,
      [
        {
          email: 'coach@careers.example',
          name: 'Sam Career Coach',
          organizer: true,
          response: 'accepted',
        },
        me,
      ],
    ),
    event(
      'demo-globex',
      'Interview – Globex (Sales Engineer)',
      now.plus({ days: 3 }).set({ hour: 14, minute: 0 }),
      45,
      [
        { email: 'hr@globex.example', name: 'Globex HR', organizer: true, response: 'accepted' },
        { ...me, response: 'declined' },
      ],
    ),
    event(
      'demo-initech',
      'Final round – Initech',
      now.plus({ days: 4 }).set({ hour: 11, minute: 0 }),
      60,
      [
        {
          email: 'jobs@initech.example',
          name: 'Initech Jobs',
          organizer: true,
          response: 'accepted',
        },
        me,
      ],
      { status: 'cancelled' },
    ),
  ];
}

/** `CalendarProvider` serving the demo: one full listing, then no changes. */
export class DemoCalendar implements CalendarProvider {
  constructor(
    private readonly owner: Owner,
    private readonly windowDays = 5,
  ) {}

  async *listChanges(connection: Connection, syncToken: string | undefined): AsyncIterable<ChangePage> {
    if (syncToken === SYNC_TOKEN) {
      yield { changes: [], nextSyncToken: SYNC_TOKEN, full: false };
      return;
    }
    const changes = demoEvents(seedOf(connection), this.owner, this.windowDays);
    yield { changes, nextSyncToken: SYNC_TOKEN, full: true };
  }
}
