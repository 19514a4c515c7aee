import { describe, expect, it } from 'vitest';
import {
  extractInterviewers,
  namesInDescription,
  slug,
} from '../../functions/core/detection/interviewers.js';
import { type CalendarEvent, Interviewer, type Owner } from '../../functions/core/model.js';
import { person } from '../support/attendees.js';

const owner: Owner = { email: 'jane.doe@gmail.com', timeZone: 'UTC' };

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    provider: 'google',
    eventId: 'e1',
    status: 'confirmed',
    title: 'Interview with Acme',
    description: '',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T16:00:00Z',
    allDay: false,
    attendees: [],
    ownerResponse: 'accepted',
    ...overrides,
  };
}

describe('extractInterviewers', () => {
  it('keeps people and drops the owner, rooms and robots', () => {
    const interviewers = extractInterviewers(
      event({
        organizer: { email: 'rec@acme.com', name: 'Rita Recruiter' },
        attendees: [
          person('JANE.DOE@gmail.com', 'Jane Doe', { self: true }),
          person('rec@acme.com', 'Rita Recruiter', { organizer: true }),
          person('Tom.Becker@acme.com', 'Tom Becker'),
          person('acme.com_1@resource.calendar.google.com', 'Room Mercury', { kind: 'resource' }),
          person('boardroom@acme.com', 'Boardroom 4 (Conf Room)'),
          person('no-reply@greenhouse.io', 'Greenhouse'),
          person('noreply@acme.com'),
          person('notifications@acme.com'),
          person('host@calendly.com'),
          person('scheduling@goodtime.io'),
          person('x@hire.lever.co'),
          person('y@ashbyhq.com'),
          person('z@myworkday.com'),
          person('q@smartrecruiters.com'),
          person('w@icims.com'),
          person('m@modernloop.io'),
          person('recruiting@acme.com', 'Acme Recruiting'),
          person('talent-acquisition@acme.com', 'Acme Talent'),
        ],
      }),
      owner,
    );
    expect(interviewers).toEqual([
      { email: 'rec@acme.com', name: 'Rita Recruiter', key: 'rec@acme.com', fromDescription: false },
      {
        email: 'tom.becker@acme.com',
        name: 'Tom Becker',
        key: 'tom.becker@acme.com',
        fromDescription: false,
      },
    ]);
    for (const interviewer of interviewers) expect(Interviewer.parse(interviewer)).toEqual(interviewer);
  });

  it('adds an organiser missing from the attendee list (Graph leaves them out)', () => {
    const interviewers = extractInterviewers(
      event({
        organizer: { email: 'hm@acme.com', name: 'Hana Manager' },
        attendees: [person('jane.doe@gmail.com', 'Jane', { self: true })],
      }),
      owner,
    );
    expect(interviewers).toEqual([
      { email: 'hm@acme.com', name: 'Hana Manager', key: 'hm@acme.com', fromDescription: false },
    ]);
  });

  it('adds people named in the description, de-duplicated against attendees by name', () => {
    const interviewers = extractInterviewers(
      event({
        attendees: [person('jane.doe@gmail.com', 'Jane Doe', { self: true }), person('bo@acme.com', 'Bo Li')],
        description:
          "Hi Jane,\n\nYou'll meet: Zoë O'Brien (Engineering Manager), Bo Li and Sam Roe\n\nGood luck!",
      }),
      owner,
    );
    expect(interviewers).toEqual([
      { email: 'bo@acme.com', name: 'Bo Li', key: 'bo@acme.com', fromDescription: false },
      { name: "Zoë O'Brien", key: 'zoe-obrien', fromDescription: true },
      { name: 'Sam Roe', key: 'sam-roe', fromDescription: true },
    ]);
  });

  it('never lists the owner found in the description', () => {
    const interviewers = extractInterviewers(
      event({
        attendees: [person('jane.doe@gmail.com', 'Jane Doe', { self: true })],
        description: 'Participants: Jane Doe, Max Mustermann',
      }),
      owner,
    );
    expect(interviewers.map((interviewer) => interviewer.name)).toEqual(['Max Mustermann']);
  });
});

describe('namesInDescription', () => {
  it.each([
    ['Interviewers: Jane Roe, Bo Li', ['Jane Roe', 'Bo Li']],
    ['Your interviewers are: Ana Ruiz (CTO) & Ken Sato (Staff Engineer)', ['Ana Ruiz', 'Ken Sato']],
    [
      'Panel: Helen Price (Head of Data); Mohammed Ali; Sarah Jones (HR)',
      ['Helen Price', 'Mohammed Ali', 'Sarah Jones'],
    ],
    [
      'You will meet with:\n- Adele Vance, Principal Engineer\n- Lee Gu - Senior Engineer\n\nBye',
      ['Adele Vance', 'Lee Gu'],
    ],
    ['Gesprächspartner: Jonas Richter (Teamleiter) und Petra Keller', ['Jonas Richter', 'Petra Keller']],
    ['Vous rencontrerez : Sophie Garnier (Talent Partner), Marc Henry', ['Sophie Garnier', 'Marc Henry']],
    ['Entrevistadores: Diego Paz y Laura Gil.', ['Diego Paz', 'Laura Gil']],
    ['Interviewer: Ludwig van Beethoven', ['Ludwig van Beethoven']],
    // Running text, no colon: how many real invitations name people (found by the simulation).
    ["You'll meet with Jane Doe (Engineering Manager).", ['Jane Doe']],
    [
      'Thanks for your interest in the role at Acme. You will be meeting Kofi O’Brien and Bo Li. Bring questions.',
      ['Kofi O’Brien', 'Bo Li'],
    ],
    ['Panel – Ana Ruiz, Ken Sato and Lee Gu', ['Ana Ruiz', 'Ken Sato', 'Lee Gu']],
    ['Sie treffen Jonas Richter und Petra Keller.', ['Jonas Richter', 'Petra Keller']],
    ['Vous rencontrerez Sophie Garnier (Talent Partner) et Marc Henry.', ['Sophie Garnier', 'Marc Henry']],
    ['Vas a conocer a Diego Paz y Laura Gil.', ['Diego Paz', 'Laura Gil']],
    ['Você vai conhecer Ana Souza e João Lima.', ['Ana Souza', 'João Lima']],
  ])('reads %j', (description, names) => {
    expect(namesInDescription(description)).toEqual(names);
  });

  it('ignores links, times and sentences under a heading', () => {
    expect(
      namesInDescription(
        'Interviewers:\nhttps://zoom.us/j/123\n10:00 - 10:45 coding\nPlease be on time and bring your laptop to the office',
      ),
    ).toEqual([]);
    expect(namesInDescription('The interviewers will be announced later.')).toEqual([]);
    expect(namesInDescription("You'll meet the team and tour the office.")).toEqual([]);
    expect(namesInDescription('You will be meeting with our hiring manager.')).toEqual([]);
  });

  it('bounds how many names it takes', () => {
    const many = Array.from(
      { length: 40 },
      (_, index) => `Person ${String.fromCharCode(65 + (index % 26))}${'x'.repeat(index)}`,
    );
    expect(namesInDescription(`Panel: ${many.join(', ')}`).length).toBeLessThanOrEqual(12);
  });
});

describe('slug', () => {
  it('makes stable ascii keys', () => {
    expect(slug('  Zoë  O’Brien ')).toBe('zoe-obrien');
    expect(slug('José María Pérez-Núñez')).toBe('jose-maria-perez-nunez');
  });
});
