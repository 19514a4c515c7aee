import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IcsFetchError, IcsParseError } from '../../functions/adapters/calendar/ics/errors.js';
import { IcsProvider, type IcsProviderOptions } from '../../functions/adapters/calendar/ics/ics-provider.js';
import { sourceUrl } from '../../functions/adapters/calendar/ics/ics-source.js';
import { isNonPublicAddress } from '../../functions/adapters/calendar/ics/public-address.js';
import {
  CalendarUnavailableError,
  CalendarUnreadableError,
  RateLimitedError,
} from '../../functions/core/errors.js';
import type { CalendarEvent, Connection } from '../../functions/core/model.js';
import type { ChangePage } from '../../functions/core/ports.js';
import { MemoryLog } from '../../sim/fakes/log.js';

const FIXTURES = join(import.meta.dirname, '../../events/ics');
const NOW = new Date('2030-03-01T12:00:00.000Z');

function connection(calendarId: string): Connection {
  return { userId: 'u1', id: 'c1', version: 1, provider: 'ics', calendarId, status: 'active' };
}

function provider(overrides: Partial<IcsProviderOptions> = {}) {
  const log = new MemoryLog();
  let now = NOW;
  const ics = new IcsProvider({
    ownerEmail: 'Jo@Example.test',
    ownerTimeZone: 'America/Chicago',
    clock: { now: () => now },
    log,
    ...overrides,
  });
  return { ics, log, setNow: (next: Date) => (now = next) };
}

async function collect(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const result: ChangePage[] = [];
  for await (const page of pages) result.push(page);
  return result;
}

async function listFile(name: string, overrides: Partial<IcsProviderOptions> = {}) {
  const { ics, log } = provider(overrides);
  const pages = await collect(ics.listChanges(connection(join(FIXTURES, name)), undefined));
  const events = pages.flatMap((page) => page.changes) as CalendarEvent[];
  return { pages, events, log, byId: (id: string) => events.find((event) => event.eventId === id) };
}

describe('IcsProvider with a Google Calendar export', () => {
  it('maps a one-off interview with people, a room, a Meet link and its zone', async () => {
    const { byId } = await listFile('google-export.ics');
    expect(byId('7kukuqrfedlm2f9t0vr4t2j8ns@google.com')).toEqual({
      provider: 'ics',
      eventId: '7kukuqrfedlm2f9t0vr4t2j8ns@google.com',
      iCalUID: '7kukuqrfedlm2f9t0vr4t2j8ns@google.com',
      status: 'confirmed',
      title: 'Interview: Acme – Senior Engineer',
      description: expect.stringMatching(
        /^Interview for the Senior Engineer role at Acme\.\nYou will meet Jane Doe \(hiring manager\)\.\n\nJoin with Google Meet: https:\/\/meet\.google\.com\/abc-defg-hij\n/,
      ),
      location: 'NYC-5-Boardroom (10)',
      // 14:00 in New York two days after the switch to daylight time (UTC-4).
      start: '2030-03-12T18:00:00.000Z',
      end: '2030-03-12T19:00:00.000Z',
      allDay: false,
      timeZone: 'America/New_York',
      organizer: { email: 'rita@acme.test', name: 'Rita Recruiter' },
      attendees: [
        {
          email: 'rita@acme.test',
          name: 'Rita Recruiter',
          response: 'accepted',
          kind: 'person',
          self: false,
          organizer: true,
          optional: false,
        },
        {
          email: 'jane.doe@acme.test',
          name: 'Jane Doe',
          response: 'needsAction',
          kind: 'person',
          self: false,
          organizer: false,
          optional: false,
        },
        {
          email: 'elodie@acme.test',
          name: 'Élodie Müller',
          response: 'tentative',
          kind: 'person',
          self: false,
          organizer: false,
          optional: true,
        },
        {
          email: 'jo@example.test',
          name: 'jo@example.test',
          response: 'accepted',
          kind: 'person',
          self: true,
          organizer: false,
          optional: false,
        },
        {
          email: 'c_188abc@resource.calendar.google.com',
          name: 'NYC-5-Boardroom (10)',
          response: 'accepted',
          kind: 'resource',
          self: false,
          organizer: false,
          optional: false,
        },
      ],
      ownerResponse: 'accepted',
      onlineMeetingUrl: 'https://meet.google.com/abc-defg-hij',
      updated: '2030-02-25T10:15:00.000Z',
    });
  });

  it('expands a weekly series across the DST switch, honouring EXDATE, a moved and a cancelled instance', async () => {
    const { events } = await listFile('google-export.ics');
    const series = events
      .filter((event) => event.recurringEventId === '4f0b2c9d8e7a@google.com')
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((event) => [event.eventId, event.start, event.status, event.title]);
    expect(series).toEqual([
      [
        '4f0b2c9d8e7a@google.com_20300305T150000Z',
        '2030-03-05T15:00:00.000Z',
        'confirmed',
        'Job search sync',
      ],
      [
        '4f0b2c9d8e7a@google.com_20300312T140000Z',
        '2030-03-12T14:00:00.000Z',
        'confirmed',
        'Job search sync',
      ],
      // 19 March is an EXDATE; 26 March moved from 10:00 to 11:00, keeping its instance id.
      [
        '4f0b2c9d8e7a@google.com_20300326T140000Z',
        '2030-03-26T15:00:00.000Z',
        'confirmed',
        'Job search sync (moved)',
      ],
      [
        '4f0b2c9d8e7a@google.com_20300402T140000Z',
        '2030-04-02T14:00:00.000Z',
        'cancelled',
        'Job search sync',
      ],
      [
        '4f0b2c9d8e7a@google.com_20300409T140000Z',
        '2030-04-09T14:00:00.000Z',
        'confirmed',
        'Job search sync',
      ],
    ]);
    const first = events.find((event) => event.eventId === '4f0b2c9d8e7a@google.com_20300305T150000Z');
    expect(first).toMatchObject({
      iCalUID: '4f0b2c9d8e7a@google.com',
      ownerResponse: 'organizer',
      attendees: [],
    });
  });

  it('reads all-day dates in the owner zone, keeps cancelled and declined events, drops events outside the window', async () => {
    const { byId, events } = await listFile('google-export.ics');
    expect(byId('allday-offsite-2030@google.com')).toMatchObject({
      allDay: true,
      start: '2030-03-15T05:00:00.000Z',
      end: '2030-03-16T05:00:00.000Z',
      description: '',
    });
    expect(byId('allday-offsite-2030@google.com')?.timeZone).toBeUndefined();
    expect(byId('cancelled-screen@google.com')).toMatchObject({
      status: 'cancelled',
      ownerResponse: 'accepted',
    });
    expect(byId('declined-initech@google.com')).toMatchObject({
      status: 'confirmed',
      ownerResponse: 'declined',
    });
    expect(byId('long-ago@google.com')).toBeUndefined();
    expect(events).toHaveLength(9);
  });

  it('yields full pages with the sync token on the last one only', async () => {
    const { pages } = await listFile('google-export.ics', { pageSize: 4 });
    expect(pages.map((page) => [page.changes.length, page.full, page.nextSyncToken !== undefined])).toEqual([
      [4, true, false],
      [4, true, false],
      [1, true, true],
    ]);
    expect(JSON.parse(pages[2]!.nextSyncToken!)).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      listedAt: NOW.toISOString(),
    });
  });
});

describe('IcsProvider with an Outlook export', () => {
  it('resolves Windows zone names and custom VTIMEZONEs, and finds the Teams link in the description', async () => {
    const { events, log } = await listFile('outlook-export.ics');
    const interview = events.find((event) => event.title.startsWith('Umbrella'));
    expect(interview).toMatchObject({
      start: '2030-03-14T16:30:00.000Z',
      end: '2030-03-14T17:30:00.000Z',
      timeZone: 'America/Los_Angeles',
      organizer: { email: 'olivia@umbrella.test', name: 'Olivia Umbrella' },
      ownerResponse: 'accepted',
      location: 'Microsoft Teams Meeting',
      onlineMeetingUrl:
        'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTk2%40thread.v2/0?context=%7b%22Tid%22%3a%22abc%22%7d',
    });
    expect(interview?.eventId).toBe(
      '040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6D901000000000000000010000000C0FFEE',
    );
    expect(interview?.description).toContain('Join on your computer, mobile app or room device');
    expect(interview?.attendees.map((a) => [a.name, a.self, a.optional, a.organizer])).toEqual([
      ['Jo Seeker', true, false, false],
      ['Olivia Umbrella', false, false, true],
      ['Peter Parker (Design Lead)', false, true, false],
    ]);
    // "Customized Time Zone" is +02:00 in April by its own rules.
    expect(events.find((event) => event.title.startsWith('On-site'))).toMatchObject({
      start: '2030-04-02T08:00:00.000Z',
      end: '2030-04-02T10:00:00.000Z',
      ownerResponse: 'tentative',
      location: 'Hooli, Unter den Linden 1, Berlin',
    });
    expect(log.entries.filter((entry) => entry.level === 'warn')).toEqual([]);
  });

  it('expands a weekday series with UNTIL and EXDATE, and multi-day all-day events', async () => {
    const { events } = await listFile('outlook-export.ics');
    const prep = events.filter((event) => event.title === 'Interview prep block').map((event) => event.start);
    expect(prep).toEqual([
      '2030-03-04T17:00:00.000Z',
      '2030-03-05T17:00:00.000Z',
      '2030-03-07T17:00:00.000Z',
      '2030-03-08T17:00:00.000Z',
    ]);
    expect(events.find((event) => event.title === 'Vacation')).toMatchObject({
      allDay: true,
      start: '2030-04-08T05:00:00.000Z',
      end: '2030-04-11T05:00:00.000Z',
      ownerResponse: 'organizer',
    });
  });
});

describe('IcsProvider with an iCloud export', () => {
  it('reads floating times in the owner zone, rooms by CUTYPE, and the Zoom link from URL', async () => {
    const { events } = await listFile('icloud-export.ics');
    const interview = events.find((event) => event.iCalUID === '8C2A5C1B-6F0E-4D2B-9A43-1D3E5F7A9B0C');
    expect(interview).toMatchObject({
      title: 'Entretien – Initrode (Développeur)',
      start: '2030-03-13T09:30:00.000Z',
      timeZone: 'Europe/Paris',
      onlineMeetingUrl: 'https://initrode.zoom.us/j/81234567890?pwd=abcDEF',
      ownerResponse: 'accepted',
    });
    expect(interview?.attendees.map((a) => [a.name, a.email, a.kind, a.self])).toEqual([
      ['Camille Initrode', 'camille@initrode.test', 'person', false],
      ['Jo Seeker', 'jo@example.test', 'person', true],
      ['Salle Verte', undefined, 'resource', false],
    ]);
    expect(events.find((event) => event.title.startsWith('Coffee chat'))).toMatchObject({
      start: '2030-03-22T14:00:00.000Z',
      end: '2030-03-22T15:00:00.000Z',
      allDay: false,
    });
  });

  it('expands a monthly series within the window, with an override moved to another day', async () => {
    const { events } = await listFile('icloud-export.ics');
    const meetups = events
      .filter((event) => event.recurringEventId === 'B0A710AD-0000-4000-8000-MONTHLY00001')
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((event) => [event.eventId.split('_')[1], event.start]);
    expect(meetups).toEqual([
      ['20300205T170000Z', '2030-02-05T17:00:00.000Z'],
      ['20300305T170000Z', '2030-03-05T17:00:00.000Z'],
      ['20300405T160000Z', '2030-04-06T17:00:00.000Z'],
      ['20300505T160000Z', '2030-05-05T16:00:00.000Z'],
      ['20300605T160000Z', '2030-06-05T16:00:00.000Z'],
      ['20300705T160000Z', '2030-07-05T16:00:00.000Z'],
      ['20300805T160000Z', '2030-08-05T16:00:00.000Z'],
    ]);
  });
});

describe('IcsProvider with hostile content', () => {
  function calendar(...vevents: string[]): string {
    return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...vevents, 'END:VCALENDAR'].join('\r\n');
  }
  function vevent(uid: string, lines: string[]): string {
    return ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20300301T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
  }

  it('bounds sizes, ignores non-https and unknown meeting links, and skips what cannot map', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `ATTENDEE;CN=P${i}:mailto:p${i}@x.test`);
    const text = calendar(
      vevent('big', [
        'DTSTART:20300310T100000Z',
        'DTEND:20300310T110000Z',
        `SUMMARY:${'<script>'.repeat(100)}`,
        `DESCRIPTION:${'x'.repeat(20_000)} https://evil.test/phish`,
        `LOCATION:${'L'.repeat(1000)}`,
        'URL:javascript:alert(1)',
        'X-GOOGLE-CONFERENCE:http://meet.google.com/not-https',
        'ATTENDEE;CN="Bad Address":mailto:not an email',
        ...many,
      ]),
      vevent('no-start', ['SUMMARY:No start']),
      vevent('unknown-zone', ['DTSTART;TZID=Mars/Olympus_Mons:20300310T090000', 'SUMMARY:Where?']),
    );
    const { ics, log } = provider();
    const events = ics.events(text, NOW, { userId: 'u1', id: 'c1' });
    expect(events.map((event) => event.eventId)).toEqual(['big', 'unknown-zone']);
    const big = events[0]!;
    expect(big.title.length).toBe(300);
    expect(big.description.length).toBe(8_000);
    expect(big.location?.length).toBe(500);
    expect(big.attendees).toHaveLength(100);
    expect(big.attendees[0]!.name).toBe('Bad Address');
    expect(big.attendees[0]!.email).toBeUndefined();
    expect(big.onlineMeetingUrl).toBeUndefined();
    // An unknown zone reads as the owner's wall clock (CDT, UTC-5), and says so in the log.
    expect(events[1]).toMatchObject({ start: '2030-03-10T14:00:00.000Z', end: '2030-03-10T14:00:00.000Z' });
    const warnings = log.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
    expect(warnings).toEqual([
      'ics: skipped an event that cannot be read',
      'ics: unknown time zones read in the owner zone',
    ]);
    expect(log.entries[0]!.extra).toMatchObject({ uid: 'no-start', reason: 'VEVENT without UID or DTSTART' });
  });

  it('reads a TZID without VTIMEZONE as that zone, on every instance of a series', async () => {
    const text = calendar(
      vevent('nytz', [
        'DTSTART;TZID=America/New_York:20300303T100000',
        'DTEND;TZID=America/New_York:20300303T110000',
        'RRULE:FREQ=WEEKLY;COUNT=2',
      ]),
      vevent('moz', ['DTSTART;TZID=/mozilla.org/20050126_1/Europe/Paris:20300303T100000', 'DURATION:PT30M']),
    );
    const { ics, log } = provider();
    const events = ics.events(text, NOW, { userId: 'u1', id: 'c1' });
    expect(events.map((event) => [event.eventId, event.start, event.end, event.timeZone])).toEqual([
      ['nytz_20300303T150000Z', '2030-03-03T15:00:00.000Z', '2030-03-03T16:00:00.000Z', 'America/New_York'],
      // A week later New York keeps daylight time (UTC-4).
      ['nytz_20300310T140000Z', '2030-03-10T14:00:00.000Z', '2030-03-10T15:00:00.000Z', 'America/New_York'],
      ['moz', '2030-03-03T09:00:00.000Z', '2030-03-03T09:30:00.000Z', 'Europe/Paris'],
    ]);
    expect(log.entries).toEqual([]);
  });

  it('maps any text in summary, description, location and names to bounded, valid events', () => {
    const { ics } = provider();
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.string({ unit: 'binary', maxLength: 9_000 }),
        fc.string({ maxLength: 600 }),
        fc.string({ maxLength: 300 }),
        (summary, description, location, name) => {
          const event = new ICAL.Component('vevent');
          event.addPropertyWithValue('uid', 'prop');
          event.addPropertyWithValue('dtstart', ICAL.Time.fromDateTimeString('2030-03-10T10:00:00Z'));
          event.addPropertyWithValue('summary', summary);
          event.addPropertyWithValue('description', description);
          event.addPropertyWithValue('location', location);
          const attendee = event.addPropertyWithValue('attendee', 'mailto:jane@acme.test');
          attendee.setParameter('cn', name);
          const vcalendar = new ICAL.Component('vcalendar');
          vcalendar.addSubcomponent(event);
          const [mapped] = ics.events(vcalendar.toString(), NOW, { userId: 'u1', id: 'c1' });
          expect(mapped).toBeDefined();
          expect(mapped!.title.length).toBeLessThanOrEqual(300);
          expect(mapped!.description.length).toBeLessThanOrEqual(8_000);
          expect((mapped!.location ?? '').length).toBeLessThanOrEqual(500);
          if (summary.length <= 300) expect(mapped!.title).toBe(summary);
          expect(mapped!.attendees[0]?.email).toBe('jane@acme.test');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects text that is not iCalendar', async () => {
    const { ics } = provider();
    expect(() => ics.events('<html>not a calendar</html>', NOW, { userId: 'u1', id: 'c1' })).toThrow(
      IcsParseError,
    );
    expect(() => ics.events('BEGIN:VCARD\r\nEND:VCARD', NOW, { userId: 'u1', id: 'c1' })).toThrow(
      IcsParseError,
    );
  });

  it('expands a long-running daily series within the window only', async () => {
    const text = calendar(vevent('daily', ['DTSTART:19900101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY']));
    const { ics } = provider();
    const events = ics.events(text, NOW, { userId: 'u1', id: 'c1' });
    expect(events).toHaveLength(210);
    expect(events[0]).toMatchObject({ eventId: 'daily_20300131T090000Z', recurringEventId: 'daily' });
    expect(events.at(-1)?.eventId).toBe('daily_20300828T090000Z');
  });

  it('does not expand a series that repeats more often than daily', async () => {
    const text = calendar(
      vevent('minutely', ['DTSTART:20290101T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=MINUTELY']),
    );
    const { ics, log } = provider();
    const events = ics.events(text, NOW, { userId: 'u1', id: 'c1' });
    expect(events).toEqual([]);
    expect(log.entries.map((entry) => entry.message)).toContain(
      'ics: recurring event repeats more often than daily; not an interview',
    );
  });

  it('yields one empty full page with a token for an empty calendar', async () => {
    const { ics } = provider();
    const server = await serve(() => ({ status: 200, body: calendar() }));
    try {
      const pages = await collect(ics.listChanges(connection(server.url), undefined));
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatchObject({ changes: [], full: true });
      expect(pages[0]!.nextSyncToken).toBeDefined();
    } finally {
      await server.close();
    }
  });
});

// ---------------------------------------------------------------------------
// Over HTTP, against a local server.
// ---------------------------------------------------------------------------

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (to exercise the time-out). */
  hang?: boolean;
}

async function serve(handler: (headers: IncomingHttpHeaders, path: string) => Reply) {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    const reply = handler(request.headers, request.url ?? '/');
    if (reply.hang) return;
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/calendar.ics`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('IcsProvider over HTTP', () => {
  let google: string;
  beforeAll(async () => {
    google = await readFile(join(FIXTURES, 'google-export.ics'), 'utf8');
  });

  let server: Awaited<ReturnType<typeof serve>> | undefined;
  beforeEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends If-None-Match from the token and yields one empty non-full page with the same token on 304', async () => {
    server = await serve((headers) =>
      headers['if-none-match'] === '"v1"'
        ? { status: 304 }
        : { status: 200, headers: { etag: '"v1"', 'content-type': 'text/calendar' }, body: google },
    );
    const { ics } = provider();
    const first = await collect(ics.listChanges(connection(server.url), undefined));
    expect(first.flatMap((page) => page.changes)).toHaveLength(9);
    const token = first.at(-1)!.nextSyncToken!;
    expect(JSON.parse(token)).toMatchObject({ etag: '"v1"' });
    expect(server.requests[0]!['if-none-match']).toBeUndefined();

    const second = await collect(ics.listChanges(connection(server.url), token));
    expect(second).toEqual([{ changes: [], nextSyncToken: token, full: false }]);
    expect(server.requests[1]!['if-none-match']).toBe('"v1"');
  });

  it('sends If-Modified-Since from the token', async () => {
    const lastModified = 'Tue, 26 Feb 2030 10:00:00 GMT';
    server = await serve((headers) =>
      headers['if-modified-since'] === lastModified
        ? { status: 304 }
        : { status: 200, headers: { 'last-modified': lastModified }, body: google },
    );
    const { ics } = provider();
    const token = (await collect(ics.listChanges(connection(server.url), undefined))).at(-1)!.nextSyncToken!;
    const second = await collect(ics.listChanges(connection(server.url), token));
    expect(second).toEqual([{ changes: [], nextSyncToken: token, full: false }]);
    expect(server.requests[1]!['if-modified-since']).toBe(lastModified);
  });

  it('lists again when the feed changed, and skips an unchanged body even without validators', async () => {
    let body = google;
    server = await serve(() => ({ status: 200, body }));
    const { ics } = provider();
    const token = (await collect(ics.listChanges(connection(server.url), undefined))).at(-1)!.nextSyncToken!;
    expect(await collect(ics.listChanges(connection(server.url), token))).toEqual([
      { changes: [], nextSyncToken: token, full: false },
    ]);
    body = google.replace('SUMMARY:Career fair', 'SUMMARY:Career fair (rescheduled)');
    const pages = await collect(ics.listChanges(connection(server.url), token));
    expect(pages.every((page) => page.full)).toBe(true);
    const titles = pages.flatMap((page) => page.changes as CalendarEvent[]).map((event) => event.title);
    expect(titles).toContain('Career fair (rescheduled)');
  });

  it('ignores a cursor older than a day so that recurring events roll into the window', async () => {
    server = await serve((headers) =>
      headers['if-none-match'] ? { status: 304 } : { status: 200, headers: { etag: '"v1"' }, body: google },
    );
    const { ics, setNow } = provider();
    const token = (await collect(ics.listChanges(connection(server.url), undefined))).at(-1)!.nextSyncToken!;
    setNow(new Date(NOW.getTime() + 25 * 60 * 60 * 1000));
    const pages = await collect(ics.listChanges(connection(server.url), token));
    expect(server.requests[1]!['if-none-match']).toBeUndefined();
    expect(pages.every((page) => page.full)).toBe(true);
    expect(pages.flatMap((page) => page.changes).length).toBeGreaterThan(0);
  });

  it('treats a token that is not ours as absent', async () => {
    server = await serve(() => ({ status: 200, body: google }));
    const { ics } = provider();
    const pages = await collect(ics.listChanges(connection(server.url), 'garbage-token'));
    expect(pages.every((page) => page.full)).toBe(true);
    expect(server.requests[0]!['if-none-match']).toBeUndefined();
  });

  it('turns 404 into an unreadable calendar and 500 into an unavailable one, with the status', async () => {
    let status = 404;
    server = await serve(() => ({ status, body: 'nope' }));
    const { ics } = provider();
    const notFound = await collect(ics.listChanges(connection(server.url), undefined)).catch(
      (error) => error,
    );
    expect(notFound.cause).toBeInstanceOf(IcsFetchError);
    expect(notFound).toBeInstanceOf(CalendarUnreadableError);
    expect(notFound.cause).toMatchObject({ status: 404, permanent: true });
    expect(notFound.message).toContain('answered 404');
    status = 500;
    const serverError = await collect(ics.listChanges(connection(server.url), undefined)).catch(
      (error) => error,
    );
    expect(serverError.cause).toBeInstanceOf(IcsFetchError);
    expect(serverError).toBeInstanceOf(CalendarUnavailableError);
    expect(serverError.cause).toMatchObject({ status: 500, permanent: false });
  });

  it('turns 429 with Retry-After into RateLimitedError', async () => {
    server = await serve(() => ({ status: 429, headers: { 'retry-after': '120' } }));
    const { ics } = provider();
    const error = await collect(ics.listChanges(connection(server.url), undefined)).catch((caught) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(120);
  });

  it('refuses a feed larger than the bound, declared or streamed', async () => {
    server = await serve(
      (_headers, path): Reply =>
        path === '/calendar.ics'
          ? { status: 200, headers: { 'content-length': String(google.length) }, body: google }
          : { status: 200, headers: { 'transfer-encoding': 'chunked' }, body: google },
    );
    const { ics } = provider({ maxBytes: 1000 });
    const declared = await collect(ics.listChanges(connection(server.url), undefined)).catch(
      (error) => error,
    );
    expect(declared.cause).toBeInstanceOf(IcsFetchError);
    expect(declared.message).toContain('larger than 1000 bytes');
    const streamed = await collect(
      ics.listChanges(connection(server.url.replace('calendar', 'chunked')), undefined),
    ).catch((error) => error);
    expect(streamed.cause).toBeInstanceOf(IcsFetchError);
    expect(streamed.message).toContain('larger than 1000 bytes');
  });

  it('gives up on a server that does not answer', async () => {
    server = await serve(() => ({ status: 200, hang: true }));
    const { ics } = provider({ timeoutMs: 200 });
    const error = await collect(ics.listChanges(connection(server.url), undefined)).catch((caught) => caught);
    expect(error.cause).toBeInstanceOf(IcsFetchError);
    expect(error).toBeInstanceOf(CalendarUnavailableError);
    expect(error.cause.status).toBeUndefined();
  });
});

describe('IcsProvider redirects and server-side guards', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let google: string;
  beforeAll(async () => {
    google = await readFile(join(FIXTURES, 'google-export.ics'), 'utf8');
    server = await serve((_headers, path): Reply => {
      if (path === '/old.ics') return { status: 301, headers: { location: '/calendar.ics' } };
      if (path === '/loop.ics') return { status: 302, headers: { location: '/loop.ics' } };
      if (path === '/ftp.ics') return { status: 302, headers: { location: 'ftp://example.test/x.ics' } };
      return { status: 200, body: google };
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('follows redirects to the feed, but not forever and not to other schemes', async () => {
    const { ics } = provider();
    const pages = await collect(
      ics.listChanges(connection(server.url.replace('calendar', 'old')), undefined),
    );
    expect(pages.flatMap((page) => page.changes)).toHaveLength(9);
    const loop = await collect(
      ics.listChanges(connection(server.url.replace('calendar', 'loop')), undefined),
    ).catch((error) => error);
    expect(loop.cause).toBeInstanceOf(IcsFetchError);
    expect(loop.message).toContain('too many redirects');
    const ftp = await collect(
      ics.listChanges(connection(server.url.replace('calendar', 'ftp')), undefined),
    ).catch((error) => error);
    expect(ftp.cause).toBeInstanceOf(IcsFetchError);
  });

  it('refuses loopback hosts and files when local sources are not allowed', async () => {
    const { ics } = provider({ allowLocalSources: false });
    const before = server.requests.length;
    const loopback = await collect(ics.listChanges(connection(server.url), undefined)).catch(
      (error) => error,
    );
    expect(loopback.cause).toBeInstanceOf(IcsFetchError);
    expect(loopback.message).toContain('not a public address');
    expect(server.requests.length).toBe(before);
    const file = await collect(
      ics.listChanges(connection(join(FIXTURES, 'google-export.ics')), undefined),
    ).catch((error) => error);
    expect(file.cause).toBeInstanceOf(IcsFetchError);
    const localhost = await collect(
      ics.listChanges(connection(server.url.replace('127.0.0.1', 'localhost')), undefined),
    ).catch((error) => error);
    expect(localhost.cause).toBeInstanceOf(IcsFetchError);
  });

  it('classifies addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::ffff:127.0.0.1',
      'fe80::1',
      'fd00:ec2::254',
      'not-an-ip',
    ]) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700::6810:84e5']) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });
});

describe('ICS sources', () => {
  it('maps webcal to https and refuses other schemes', () => {
    expect(sourceUrl('webcal://p01-calendars.icloud.com/published/2/abc')?.href).toBe(
      'https://p01-calendars.icloud.com/published/2/abc',
    );
    expect(sourceUrl('/home/jo/calendar.ics')).toBeUndefined();
    expect(sourceUrl('file:///home/jo/calendar.ics')?.protocol).toBe('file:');
    expect(() => sourceUrl('ftp://example.test/calendar.ics')).toThrow(IcsFetchError);
  });

  it('reports a missing file as an unavailable calendar', async () => {
    const { ics } = provider();
    const error = await collect(ics.listChanges(connection('/nonexistent/calendar.ics'), undefined)).catch(
      (caught) => caught,
    );
    expect(error.cause).toBeInstanceOf(IcsFetchError);
  });

  it('skips an unchanged file by its hash', async () => {
    const { ics } = provider();
    const path = join(FIXTURES, 'icloud-export.ics');
    const token = (await collect(ics.listChanges(connection(path), undefined))).at(-1)!.nextSyncToken!;
    expect(await collect(ics.listChanges(connection(`file://${path}`), token))).toEqual([
      { changes: [], nextSyncToken: token, full: false },
    ]);
  });
});
