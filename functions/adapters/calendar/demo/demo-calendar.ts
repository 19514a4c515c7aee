/**
 * The demo calendar: a realistic week of a job seeker, seeded relative to the
 * moment the demo was first started (kept in the connection's calendar id,
 * so a restart sees the same events and nothing twice). Events are raw
 * Google Calendar resources, mapped by the real Google mapper.
 */
import { DateTime } from 'luxon';
import type { Connection, Owner } from '../../../core/model.js';
import type { CalendarProvider, ChangePage } from '../../../core/ports.js';
import { statusCheckDue } from '../../../core/timing.js';
import { mapGoogleEvent } from '../google/google-mapper.js';

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
  displayName?: string;
  self?: boolean;
  responseStatus?: string;
  resource?: boolean;
  organizer?: boolean;
}

function event(
  id: string,
  title: string,
  start: DateTime,
  minutes: number,
  people: DemoPerson[],
  extra: object = {},
) {
  return {
    kind: 'calendar#event',
    id,
    iCalUID: `${id}@demo.afterview.local`,
    status: 'confirmed',
    summary: title,
    start: { dateTime: start.toISO(), timeZone: start.zoneName },
    end: { dateTime: start.plus({ minutes }).toISO(), timeZone: start.zoneName },
    organizer: people.find((p) => p.organizer) ?? people[0],
    attendees: people,
    updated: start.minus({ days: 3 }).toUTC().toISO(),
    ...extra,
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

/** The demo's raw Google events for an owner, relative to the seed instant. */
export function demoEvents(seed: Date, owner: Owner, windowDays = 5): object[] {
  const zone = owner.timeZone;
  const now = DateTime.fromJSDate(seed, { zone }).set({ second: 0, millisecond: 0 });
  const me: DemoPerson = { email: owner.email, self: true, responseStatus: 'accepted' };
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
          displayName: 'Priya Raman',
          organizer: true,
          responseStatus: 'accepted',
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
          displayName: 'Contoso Talent Team',
          organizer: true,
          responseStatus: 'accepted',
        },
        { email: 'luis.ortega@contoso.example', displayName: 'Luis Ortega', responseStatus: 'accepted' },
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
          displayName: 'Fabrikam Recruiting',
          organizer: true,
          responseStatus: 'accepted',
        },
        { email: 'mei.chen@fabrikam.example', displayName: 'Mei Chen', responseStatus: 'accepted' },
        me,
        {
          email: 'room-4b@fabrikam.example',
          displayName: 'Room 4B',
          resource: true,
          responseStatus: 'accepted',
        },
      ],
      {
        hangoutLink: 'https://meet.google.com/abc-defg-hij',
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
            displayName: 'Tailspin Recruiting',
            organizer: true,
            responseStatus: 'accepted',
          },
          ...(i === 2
            ? []
            : [
                {
                  email: `interviewer${i + 1}@tailspin.example`,
                  displayName: ['Ana Souza', 'Tom Becker'][i],
                  responseStatus: 'accepted',
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
        displayName: 'Team Lead',
        organizer: true,
        responseStatus: 'accepted',
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
          displayName: 'Sam Career Coach',
          organizer: true,
          responseStatus: 'accepted',
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
        { email: 'hr@globex.example', displayName: 'Globex HR', organizer: true, responseStatus: 'accepted' },
        { ...me, responseStatus: 'declined' },
      ],
    ),
    {
      ...event(
        'demo-initech',
        'Final round – Initech',
        now.plus({ days: 4 }).set({ hour: 11, minute: 0 }),
        60,
        [
          {
            email: 'jobs@initech.example',
            displayName: 'Initech Jobs',
            organizer: true,
            responseStatus: 'accepted',
          },
          me,
        ],
      ),
      status: 'cancelled',
    },
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
    const changes = demoEvents(seedOf(connection), this.owner, this.windowDays).map((raw) =>
      mapGoogleEvent(raw, this.owner),
    );
    yield { changes, nextSyncToken: SYNC_TOKEN, full: true };
  }
}
