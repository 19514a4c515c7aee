import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapGoogleEvent } from '../../functions/adapters/calendar/google/google-mapper.js';
import { ValidationError } from '../../functions/core/errors.js';
import { CalendarEvent, LIMITS, RemovedEvent } from '../../functions/core/model.js';

const owner = { email: 'jane.doe@gmail.com', timeZone: 'America/New_York' };

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../events/google', name), 'utf8'));
}

function mapEvent(raw: unknown, who = owner): CalendarEvent {
  const mapped = mapGoogleEvent(raw, who);
  if ('removed' in mapped) throw new Error('expected an event');
  return CalendarEvent.parse(mapped);
}

describe('mapGoogleEvent', () => {
  it('maps a timed invitation with attendees, room, organiser and Meet link', () => {
    const event = mapEvent(fixture('event-interview.json'));
    expect(event).toMatchObject({
      provider: 'google',
      eventId: '5k2h8d0q3vj1t6m9ab7c4e2f1g',
      iCalUID: '5k2h8d0q3vj1t6m9ab7c4e2f1g@google.com',
      status: 'confirmed',
      title: 'Interview with Stripe',
      location: 'Zoom',
      start: '2026-03-10T14:00:00Z',
      end: '2026-03-10T14:45:00Z',
      allDay: false,
      timeZone: 'America/New_York',
      organizer: { email: 'malvarez@stripe.com', name: 'Megan Alvarez' },
      ownerResponse: 'accepted',
      onlineMeetingUrl: 'https://meet.google.com/abc-defg-hij',
      updated: '2026-03-03T09:12:45Z',
    });
    expect(event.attendees).toEqual([
      {
        email: 'malvarez@stripe.com',
        name: 'Megan Alvarez',
        response: 'accepted',
        kind: 'person',
        self: false,
        organizer: true,
        optional: false,
      },
      {
        email: 'jane.doe@gmail.com',
        response: 'accepted',
        kind: 'person',
        self: true,
        organizer: false,
        optional: false,
      },
      {
        email: 'tbecker@stripe.com',
        name: 'Tom Becker',
        response: 'needsAction',
        kind: 'person',
        self: false,
        organizer: false,
        optional: false,
      },
      {
        email: 'stripe.com_3132@resource.calendar.google.com',
        name: 'SF-4-Redwood (6)',
        response: 'accepted',
        kind: 'resource',
        self: false,
        organizer: false,
        optional: false,
      },
      {
        email: 'abello@stripe.com',
        name: 'Aisha Bello',
        response: 'tentative',
        kind: 'person',
        self: false,
        organizer: false,
        optional: true,
      },
    ]);
  });

  it('turns an HTML description into plain text with entities decoded', () => {
    const event = mapEvent(fixture('event-interview.json'));
    expect(event.description).toContain("You'll meet:\nTom Becker (Engineering Manager)\nAisha Bello");
    expect(event.description).toContain('Greenhouse & more');
    expect(event.description).not.toMatch(/<[a-z]/i);
  });

  it('reads an all-day event in the owner’s zone, end date exclusive', () => {
    const event = mapEvent(fixture('event-all-day.json'), {
      email: 'jane.doe@gmail.com',
      timeZone: 'Europe/Berlin',
    });
    expect(event).toMatchObject({
      allDay: true,
      start: '2026-03-11T23:00:00Z',
      end: '2026-03-13T23:00:00Z',
      ownerResponse: 'organizer',
      attendees: [],
    });
  });

  it('reports a cancelled event that carries only its id as removed', () => {
    const removed = mapGoogleEvent(fixture('event-cancelled.json'), owner);
    expect(RemovedEvent.parse(removed)).toEqual({
      provider: 'google',
      eventId: '7q8r9s0t1u2v3w4x5y6z7a8b9c_20260310T140000Z',
      removed: true,
    });
  });

  it('keeps a fully described cancelled event as an event with status cancelled', () => {
    const raw = { ...fixture('event-interview.json'), status: 'cancelled' };
    expect(mapEvent(raw).status).toBe('cancelled');
  });

  it('carries the recurring series id and reads a dateTime without offset in the event zone', () => {
    const raw = {
      id: 'inst_20260310',
      recurringEventId: 'series1',
      summary: 'Weekly sync',
      start: { dateTime: '2026-03-10T09:00:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2026-03-10T09:30:00', timeZone: 'Europe/Paris' },
    };
    expect(mapEvent(raw)).toMatchObject({
      recurringEventId: 'series1',
      start: '2026-03-10T08:00:00Z',
      end: '2026-03-10T08:30:00Z',
    });
  });

  it('takes the owner’s answer from the attendee with their address when self is missing', () => {
    const raw = {
      id: 'e1',
      summary: 'Call',
      start: { dateTime: '2026-03-10T10:00:00Z' },
      end: { dateTime: '2026-03-10T11:00:00Z' },
      organizer: { email: 'rec@acme.com' },
      attendees: [{ email: 'JANE.DOE@gmail.com', responseStatus: 'declined' }],
    };
    const event = mapEvent(raw);
    expect(event.ownerResponse).toBe('declined');
    expect(event.attendees[0]?.self).toBe(true);
  });

  it('says organizer when the owner organised the event', () => {
    const raw = {
      id: 'e2',
      summary: 'Lunch',
      start: { dateTime: '2026-03-10T10:00:00Z' },
      end: { dateTime: '2026-03-10T11:00:00Z' },
      organizer: { email: 'jane.doe@gmail.com', self: true },
      attendees: [
        { email: 'jane.doe@gmail.com', self: true, organizer: true, responseStatus: 'accepted' },
        { email: 'sam@x.com', responseStatus: 'accepted' },
      ],
    };
    expect(mapEvent(raw).ownerResponse).toBe('organizer');
  });

  it('bounds hostile sizes instead of failing', () => {
    const attendees = Array.from({ length: 150 }, (_, index) => ({
      email: `p${index}@x.com`,
      responseStatus: 'accepted',
    }));
    const raw = {
      id: 'big',
      summary: `${'A'.repeat(1_000)}\u0000\n<script>`,
      description: 'word '.repeat(10_000),
      location: 'L'.repeat(2_000),
      start: { dateTime: '2026-03-10T10:00:00Z' },
      end: { dateTime: '2026-03-10T11:00:00Z' },
      attendees,
    };
    const event = mapEvent(raw);
    expect(event.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(event.title.endsWith('…')).toBe(true);
    expect(event.description.length).toBeLessThanOrEqual(LIMITS.description);
    expect(event.location?.length).toBeLessThanOrEqual(LIMITS.location);
    expect(event.attendees).toHaveLength(LIMITS.attendees);
  });

  it('drops meeting links that are not http(s)', () => {
    const raw = {
      id: 'js',
      summary: 'x',
      start: { dateTime: '2026-03-10T10:00:00Z' },
      end: { dateTime: '2026-03-10T11:00:00Z' },
      hangoutLink: 'javascript:alert(1)',
    };
    expect(mapEvent(raw).onlineMeetingUrl).toBeUndefined();
  });

  it('throws ValidationError with a clear message for input that is not an event', () => {
    expect(() => mapGoogleEvent(null, owner)).toThrow(ValidationError);
    expect(() => mapGoogleEvent({ summary: 'no id' }, owner)).toThrow(/not a Google Calendar event: id/);
    expect(() => mapGoogleEvent({ id: 'x', start: { dateTime: '2026-03-10T10:00:00Z' } }, owner)).toThrow(
      /no start or end/,
    );
    expect(() =>
      mapGoogleEvent(
        { id: 'x', start: { dateTime: 'yesterday' }, end: { dateTime: '2026-03-10T10:00:00Z' } },
        owner,
      ),
    ).toThrow(/start 'yesterday' is not a valid time/);
    expect(() => mapGoogleEvent({ id: 'x', start: {}, end: {} }, owner)).toThrow(/neither date nor dateTime/);
  });
});
