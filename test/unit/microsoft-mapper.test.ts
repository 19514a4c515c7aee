import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ianaZone } from '../../functions/adapters/calendar/microsoft/graph-time.js';
import { mapMicrosoftEvent } from '../../functions/adapters/calendar/microsoft/microsoft-mapper.js';
import { ValidationError } from '../../functions/core/errors.js';
import { CalendarEvent, LIMITS, RemovedEvent } from '../../functions/core/model.js';

const owner = { email: 'chris.nolan@contoso-retail.com', timeZone: 'America/New_York' };

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../events/microsoft', name), 'utf8'));
}

function mapEvent(raw: unknown, who = owner): CalendarEvent {
  const mapped = mapMicrosoftEvent(raw, who);
  if ('removed' in mapped) throw new Error('expected an event');
  return CalendarEvent.parse(mapped);
}

function timed(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'AAMk1',
    subject: 'Meeting',
    start: { dateTime: '2026-03-10T09:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-03-10T10:00:00.0000000', timeZone: 'UTC' },
    ...overrides,
  };
}

describe('mapMicrosoftEvent', () => {
  it('maps a Teams invitation in a Windows time zone', () => {
    const event = mapEvent(fixture('event-interview.json'));
    expect(event).toMatchObject({
      provider: 'microsoft',
      eventId: 'AAMkAGI2TG93AAA=',
      iCalUID: '040000008200E00074C5B7101A82E00800000000D0F5E5',
      status: 'confirmed',
      title: 'Interview: Contoso - Program Manager II',
      start: '2026-03-10T16:00:00Z',
      end: '2026-03-10T17:00:00Z',
      allDay: false,
      timeZone: 'America/Los_Angeles',
      organizer: { email: 'talent@contoso.com', name: 'Contoso Talent Acquisition' },
      ownerResponse: 'tentative',
      onlineMeetingUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA3@thread.v2/0',
      updated: '2026-03-05T11:30:45Z',
      location: 'Microsoft Teams Meeting',
    });
    expect(
      event.attendees.map(({ email, kind, self, optional, response }) => ({
        email,
        kind,
        self,
        optional,
        response,
      })),
    ).toEqual([
      {
        email: 'chris.nolan@contoso-retail.com',
        kind: 'person',
        self: true,
        optional: false,
        response: 'none',
      },
      { email: 'alexw@contoso.com', kind: 'person', self: false, optional: false, response: 'accepted' },
      { email: 'meganb@contoso.com', kind: 'person', self: false, optional: true, response: 'tentative' },
      { email: 'rainier@contoso.com', kind: 'resource', self: false, optional: false, response: 'accepted' },
    ]);
  });

  it('turns an HTML body into text: tags and scripts gone, entities decoded', () => {
    const { description } = mapEvent(fixture('event-interview.json'));
    expect(description).toContain('This confirms your interview for the Program Manager II position.');
    expect(description).toContain('Q&A <script> stays text');
    expect(description).not.toContain('alert(1)');
    expect(description).not.toContain('<div>');
  });

  it('reports a delta @removed entry as removed', () => {
    expect(RemovedEvent.parse(mapMicrosoftEvent(fixture('event-removed.json'), owner))).toEqual({
      provider: 'microsoft',
      eventId: 'AAMkAGI2TG94AAA=',
      removed: true,
    });
  });

  it('reads an all-day event as whole days in the owner’s zone', () => {
    const event = mapEvent(fixture('event-all-day.json'), {
      email: 'lukas.schneider@gmx.de',
      timeZone: 'Europe/Berlin',
    });
    expect(event).toMatchObject({
      allDay: true,
      start: '2026-03-11T23:00:00Z',
      end: '2026-03-12T23:00:00Z',
      ownerResponse: 'organizer',
      recurringEventId: 'AAMkAGI2TG90AAA=',
      timeZone: 'Europe/Berlin',
    });
  });

  it.each([
    ['UTC', '2026-07-01T09:00:00Z'],
    ['W. Europe Standard Time', '2026-07-01T07:00:00Z'],
    ['Europe/Berlin', '2026-07-01T07:00:00Z'],
    ['India Standard Time', '2026-07-01T03:30:00Z'],
    ['Pacific Standard Time', '2026-07-01T16:00:00Z'],
  ])('reads wall time in %s', (timeZone, expected) => {
    const raw = timed({
      start: { dateTime: '2026-07-01T09:00:00.0000000', timeZone },
      end: { dateTime: '2026-07-01T10:00:00.0000000', timeZone },
    });
    expect(mapEvent(raw).start).toBe(expected);
  });

  it('resolves zone names and rejects unknown ones', () => {
    expect(ianaZone('Romance Standard Time')).toBe('Europe/Paris');
    expect(ianaZone('tzone://Microsoft/Utc')).toBe('UTC');
    expect(ianaZone('tzone://Microsoft/Custom')).toBeUndefined();
    expect(() =>
      mapMicrosoftEvent(
        timed({ start: { dateTime: '2026-03-10T09:00:00.0000000', timeZone: 'Mars Standard Time' } }),
        owner,
      ),
    ).toThrow(/unknown time zone 'Mars Standard Time'/);
  });

  it.each([
    ['none', 'none'],
    ['organizer', 'organizer'],
    ['tentativelyAccepted', 'tentative'],
    ['accepted', 'accepted'],
    ['declined', 'declined'],
    ['notResponded', 'needsAction'],
  ])('maps responseStatus %s to %s', (response, expected) => {
    expect(mapEvent(timed({ responseStatus: { response } })).ownerResponse).toBe(expected);
  });

  it('says organizer when isOrganizer, and keeps isCancelled events as cancelled', () => {
    expect(mapEvent(timed({ isOrganizer: true, responseStatus: { response: 'none' } })).ownerResponse).toBe(
      'organizer',
    );
    expect(mapEvent(timed({ isCancelled: true, subject: 'Canceled: Interview' })).status).toBe('cancelled');
  });

  it('uses the plain text body, or the preview when the body is empty, and onlineMeetingUrl as fallback', () => {
    const text = mapEvent(
      timed({ body: { contentType: 'text', content: 'Role: Analyst\n<b>not html</b>' } }),
    );
    expect(text.description).toBe('Role: Analyst\n<b>not html</b>');
    const preview = mapEvent(
      timed({
        body: { contentType: 'html', content: '' },
        bodyPreview: 'Short preview',
        onlineMeetingUrl: 'https://zoom.us/j/1',
      }),
    );
    expect(preview.description).toBe('Short preview');
    expect(preview.onlineMeetingUrl).toBe('https://zoom.us/j/1');
  });

  it('bounds a huge HTML body and long subject', () => {
    const event = mapEvent(
      timed({
        subject: 'S'.repeat(5_000),
        body: { contentType: 'html', content: `<div>${'long text '.repeat(50_000)}</div>` },
      }),
    );
    expect(event.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(event.description.length).toBeLessThanOrEqual(LIMITS.description);
  });

  it('throws ValidationError for input that is not a Graph event', () => {
    expect(() => mapMicrosoftEvent('nope', owner)).toThrow(ValidationError);
    expect(() => mapMicrosoftEvent({ subject: 'x' }, owner)).toThrow(/not a Microsoft Graph event: id/);
    expect(() => mapMicrosoftEvent({ id: 'x' }, owner)).toThrow(/no start or end/);
    expect(() => mapMicrosoftEvent(timed({ start: { dateTime: 'soon', timeZone: 'UTC' } }), owner)).toThrow(
      /start 'soon' is not a valid time/,
    );
  });
});
