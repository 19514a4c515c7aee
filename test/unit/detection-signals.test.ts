import { describe, expect, it } from 'vitest';
import { detectInterview } from '../../functions/core/detection/detection.js';
import type { CalendarEvent, Owner } from '../../functions/core/model.js';
import { person } from '../support/attendees.js';

const owner: Owner = { email: 'jane.doe@gmail.com', timeZone: 'America/New_York' };
const noRules = { always: [], never: [] };

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    provider: 'google',
    eventId: 'e1',
    status: 'confirmed',
    title: 'Meeting',
    description: '',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T16:00:00Z',
    allDay: false,
    organizer: { email: 'sam@acme.com', name: 'Sam Lee' },
    attendees: [
      person('jane.doe@gmail.com', 'Jane Doe', { self: true }),
      person('sam@acme.com', 'Sam Lee', { organizer: true }),
    ],
    ownerResponse: 'accepted',
    ...overrides,
  };
}

const detect = (overrides: Partial<CalendarEvent>, who: Owner = owner) =>
  detectInterview(event(overrides), who, noRules);

describe('detectInterview: title wording', () => {
  it.each([
    'Phone screen - Acme',
    'Acme Technical Interview',
    'Recruiter call with Acme',
    'Final round: Acme',
    'Virtual onsite - Acme',
    'System design interview',
    'Vorstellungsgespräch bei Acme',
    'Bewerbungsgespräch Acme GmbH',
    'Kennenlerngespräch Acme',
    "Entretien d'embauche - Acme",
    'Entrevista de trabajo con Acme',
    'Entrevista com a Acme',
    'Hiring manager chat - Acme',
    'Teaching demo lesson - Lakeside School',
    'Call with Acme recruiter',
    'HR round - Acme',
  ])('finds an interview in %j', (title) => {
    const detection = detect({ title });
    expect(detection.interview).toBe(true);
    expect(detection.reasons.some((reason) => reason.startsWith('title mentions'))).toBe(true);
  });

  it.each([
    ['Interview prep for Acme', 'prep or practice'],
    ['Mock interview with Pramp', 'prep or practice'],
    ['Vorbereitung Vorstellungsgespräch', 'prep or practice'],
    ['Podcast interview: Software Engineering Daily', 'media'],
    ['Press interview with Reuters', 'media'],
    ['Customer interview - Globex', 'customer or user research'],
    ['User research interview #3', 'customer or user research'],
    ['Exit interview', 'exit interview'],
    ['Entrevista de salida', 'exit interview'],
    ['Candidate debrief: Backend', 'hiring side'],
    ['Interview training for new interviewers', 'hiring side'],
    ['Visa interview at the consulate', 'not for a job'],
    ['Nanny interview - Maria', 'not for a job'],
    ['College alumni interview (Yale)', 'not for a job'],
    ['Offer call - Acme', 'not an interview'],
    ['Daily standup', 'everyday meeting'],
    ['1:1 Jane / Sam', 'everyday meeting'],
  ])('rejects %j (%s)', (title, why) => {
    const detection = detect({ title });
    expect(detection.interview).toBe(false);
    expect(detection.reasons.join(' | ')).toContain(why);
  });

  it('scores between 0 and 1, higher with more evidence', () => {
    const weak = detect({ title: 'Intro call - Acme' });
    const strong = detect({
      title: 'Phone screen - Acme',
      description: 'Thanks for applying! This interview is about the Backend Engineer role.',
    });
    expect(weak.score).toBeGreaterThanOrEqual(0);
    expect(strong.score).toBeLessThanOrEqual(1);
    expect(strong.score).toBeGreaterThan(weak.score);
  });
});

describe('detectInterview: description and participants', () => {
  it('counts invitation phrasing in the description', () => {
    const plain = detect({ title: 'Acme <> Sam Lee' });
    const invited = detect({
      title: 'Acme <> Sam Lee',
      description:
        'Thank you for your interest in Acme. This interview is the next step in our hiring process.',
    });
    expect(plain.interview).toBe(false);
    expect(invited.interview).toBe(true);
    expect(invited.reasons.join(' | ')).toContain('description mentions');
  });

  it('finds an interview that only the description names, addressed to the owner', () => {
    const detection = detect({
      title: 'Meeting with Acme',
      description: 'Hi Jane, this is your first-round interview with the platform team.',
    });
    expect(detection.interview).toBe(true);
    expect(detection.reasons).toContain('description mentions your interview');
  });

  it('names the hiring tool that sent the invitation', () => {
    const detection = detect({
      title: 'Conversation with Acme',
      organizer: { email: 'no-reply@greenhouse.io', name: 'Acme Recruiting' },
      attendees: [person('jane.doe@gmail.com', 'Jane Doe', { self: true })],
      description: 'The team looks forward to speaking with you about the role.',
    });
    expect(detection.interview).toBe(true);
    expect(detection.reasons).toContain('invited by Greenhouse scheduling');
  });

  it('reads the event type booking tools put in the description', () => {
    const booked = detect({
      title: 'Jane Doe and Sam Lee',
      description: 'Event Name: Acme - Recruiter Screen\n\nPowered by Calendly.com',
    });
    const plain = detect({ title: 'Jane Doe and Sam Lee', description: 'Powered by Calendly.com' });
    expect(booked.interview).toBe(true);
    expect(booked.reasons).toContain("title mentions 'screening call'");
    expect(plain.interview).toBe(false);
  });

  it('counts a Calendly booking as a small sign', () => {
    const withTool = detect({
      title: 'Jane Doe and Sam Lee',
      description: 'Looking forward to it.\nPowered by Calendly.com',
    });
    const without = detect({ title: 'Jane Doe and Sam Lee', description: 'Looking forward to it.' });
    expect(withTool.score).toBeGreaterThan(without.score);
  });

  it('recognises the owner interviewing at their own company', () => {
    const employee: Owner = { email: 'dan@northwind.io', timeZone: 'UTC' };
    const detection = detect(
      {
        title: 'Interview: Maria Garcia - Backend',
        organizer: { email: 'recruiter@northwind.io' },
        attendees: [
          person('dan@northwind.io', 'Dan', { self: true }),
          person('maria.g@gmail.com', 'Maria Garcia'),
        ],
      },
      employee,
    );
    expect(detection.interview).toBe(false);
    expect(detection.reasons.join(' | ')).toContain('organised by a colleague at northwind.io');
  });

  it('recognises interviewer notes in the description', () => {
    const detection = detect({
      title: 'Technical interview',
      description: 'Candidate: Maria Garcia\nPlease submit your scorecard within 24 hours.',
    });
    expect(detection.interview).toBe(false);
    expect(detection.reasons.join(' | ')).toContain('notes for interviewers');
  });

  it('notices when the title names another guest with a personal address', () => {
    const detection = detect({
      title: 'Interview - Maria Garcia',
      attendees: [
        person('jane.doe@gmail.com', 'Jane Doe', { self: true }),
        person('maria.g@gmail.com', 'Maria Garcia'),
      ],
    });
    expect(detection.interview).toBe(false);
    expect(detection.reasons.join(' | ')).toContain('Maria Garcia');
  });

  it('recognises an interview about the owner’s own employer', () => {
    const recruiter: Owner = { email: 'lina@northwind.io', timeZone: 'UTC' };
    const detection = detect(
      {
        title: 'Phone screen - Backend Engineer',
        description: 'Looking forward to our call about the Backend Engineer role at Northwind.',
        organizer: { email: 'lina@northwind.io' },
        ownerResponse: 'organizer',
        attendees: [
          person('lina@northwind.io', 'Lina', { self: true, organizer: true }),
          person('carlos@protonmail.com', 'Carlos'),
        ],
      },
      recruiter,
    );
    expect(detection.interview).toBe(false);
    expect(detection.reasons).toContain('it is about your own employer, Northwind');
  });

  it('does not take a hiring tool’s salesperson for its scheduler', () => {
    const demo = detect({
      title: 'Greenhouse product walkthrough',
      description: 'We look forward to discussing the role.',
      organizer: { email: 'leah.kim@greenhouse.io', name: 'Leah Kim' },
      attendees: [person('jane.doe@gmail.com', 'Jane Doe', { self: true })],
    });
    expect(demo.interview).toBe(false);
    const robot = detect({
      title: 'Greenhouse product walkthrough',
      description: 'We look forward to discussing the role.',
      organizer: { email: 'no-reply@greenhouse.io' },
      attendees: [person('jane.doe@gmail.com', 'Jane Doe', { self: true })],
    });
    expect(robot.interview).toBe(true);
    expect(robot.reasons).toContain('invited by Greenhouse scheduling');
  });

  it('reads a title that refers to a candidate as the hiring side, unless it names the owner', () => {
    expect(detect({ title: 'Interview candidate John Smith' }).interview).toBe(false);
    expect(detect({ title: 'Candidate interview: Jane Doe - Acme' }).interview).toBe(true);
  });

  it('knows interview-practice platforms', () => {
    const detection = detect({
      title: 'Technical interview',
      organizer: { email: 'hello@interviewing.io', name: 'interviewing.io' },
      attendees: [person('jane.doe@gmail.com', 'Jane Doe', { self: true })],
    });
    expect(detection.interview).toBe(false);
    expect(detection.reasons).toContain('booked on interviewing.io, an interview-practice platform');
  });

  it('doubts all-day events and crowds', () => {
    expect(
      detect({ title: 'Onsite', allDay: true, start: '2026-03-10T05:00:00Z', end: '2026-03-11T05:00:00Z' })
        .interview,
    ).toBe(false);
    const crowd = Array.from({ length: 20 }, (_, index) => person(`p${index}@acme.com`));
    const detection = detect({ title: 'Panel', attendees: crowd });
    expect(detection.interview).toBe(false);
    expect(detection.reasons.join(' | ')).toContain('20 guests');
  });
});

describe('detectInterview: hard stops, rules and overrides', () => {
  it('never calls a declined or cancelled event an interview', () => {
    const declined = detect({ title: 'Interview with Acme', ownerResponse: 'declined' });
    expect(declined).toMatchObject({ interview: false, score: 0, reasons: ['you declined it'] });
    const cancelled = detect({ title: 'Interview with Acme', status: 'cancelled' });
    expect(cancelled).toMatchObject({ interview: false, reasons: ['it was cancelled'] });
    expect(detect({ title: 'Canceled: Interview with Acme' }).reasons).toEqual(['it was cancelled']);
  });

  it('applies always and never keywords, never first', () => {
    const always = detectInterview(event({ title: 'Chat with Sam' }), owner, {
      always: ['chat with sam'],
      never: [],
    });
    expect(always).toMatchObject({
      interview: true,
      score: 1,
      reasons: ["matches your rule: always 'chat with sam'"],
    });
    const never = detectInterview(event({ title: 'Interview with Acme' }), owner, {
      always: ['acme'],
      never: ['ACME'],
    });
    expect(never).toMatchObject({ interview: false, score: 0, reasons: ["matches your rule: never 'ACME'"] });
  });

  it('lets the user override everything', () => {
    expect(
      detectInterview(
        event({ title: 'Interview with Acme', ownerResponse: 'declined' }),
        owner,
        noRules,
        'interview',
      ),
    ).toMatchObject({ interview: true, score: 1, reasons: ['you marked it as an interview'] });
    expect(
      detectInterview(
        event({ title: 'Interview with Acme' }),
        owner,
        { always: ['acme'], never: [] },
        'not-interview',
      ),
    ).toMatchObject({ interview: false, score: 0, reasons: ['you marked it as not an interview'] });
  });

  it('handles hostile text without breaking', () => {
    const detection = detect({
      title: `<script>${'interview '.repeat(30)}`.slice(0, 300),
      description: '\u0000'.repeat(8000),
    });
    expect(detection.interview).toBe(true);
    expect(detection.score).toBeLessThanOrEqual(1);
  });
});
