import { describe, expect, it } from 'vitest';
import { inferSubject } from '../../functions/core/detection/company-role.js';
import { detectInterview } from '../../functions/core/detection/detection.js';
import { companyFromDomain, isSystemAddress } from '../../functions/core/detection/participants.js';
import type { CalendarEvent, Owner } from '../../functions/core/model.js';
import { person } from '../support/attendees.js';

const owner: Owner = { email: 'jane.doe@gmail.com', timeZone: 'UTC' };

function event(title: string, overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    provider: 'microsoft',
    eventId: 'e1',
    status: 'confirmed',
    title,
    description: '',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T16:00:00Z',
    allDay: false,
    attendees: [person('jane.doe@gmail.com', 'Jane Doe', { self: true })],
    ownerResponse: 'accepted',
    ...overrides,
  };
}

describe('company and role from the title', () => {
  it.each([
    ['Interview with Acme', 'Acme', undefined],
    ['Acme <> Jane Doe', 'Acme', undefined],
    ['Acme | Senior Engineer - Onsite', 'Acme', 'Senior Engineer'],
    ['Phone Screen: Backend Engineer at Acme', 'Acme', 'Backend Engineer'],
    ['Acme Interview - Product Manager', 'Acme', 'Product Manager'],
    ['Technical Interview (Senior Data Scientist) - Initech', 'Initech', 'Senior Data Scientist'],
    ['Vorstellungsgespräch bei der Siemens AG', 'Siemens', undefined],
    ['Entretien final - Alan - Product Manager', 'Alan', 'Product Manager'],
    ['Entrevista con Globant - Desarrolladora Backend', 'Globant', 'Desarrolladora Backend'],
    ['Erstgespräch Softwareentwickler (m/w/d) – DATEV', 'DATEV', 'Softwareentwickler (m/w/d)'],
    ['Call with Hannah from N26 about Product Owner position', 'N26', 'Product Owner'],
    [
      'Invitation: Interview with Acme Corp @ Tue Mar 10, 2026 3pm - 4pm (EST) (jane.doe@gmail.com)',
      'Acme',
      undefined,
    ],
  ])('%j -> %s / %s', (title, company, role) => {
    const subject = inferSubject(event(title), owner);
    expect(subject.company).toBe(company);
    expect(subject.role).toBe(role);
  });

  it('does not take a person’s name for a company', () => {
    const subject = inferSubject(
      event('Interview with Sam Lee', { organizer: { email: 'sam@globex.com', name: 'Sam Lee' } }),
      owner,
    );
    expect(subject.company).toBe('Globex');
  });

  it('pairs the owner with the company in "Company <> Owner" titles', () => {
    expect(inferSubject(event('Stripe <> Jane Doe'), owner).pairedWith).toBe('Stripe');
    expect(inferSubject(event('Stripe <> Initech'), owner).pairedWith).toBeUndefined();
  });
});

describe('company and role from description and addresses', () => {
  it('reads labelled lines', () => {
    const subject = inferSubject(
      event('Interview', {
        description: 'Company: Initech Inc.\nPosition: Senior TPS Report Analyst\nLocation: Austin',
      }),
      owner,
    );
    expect(subject).toMatchObject({ company: 'Initech', role: 'Senior TPS Report Analyst' });
  });

  it('reads role phrases in several languages', () => {
    const cases: Array<[string, string]> = [
      ['We are excited to talk about the Staff Data Engineer role.', 'Staff Data Engineer'],
      ['wir laden Sie für die Stelle als Aktuar (m/w/d) ein.', 'Aktuar (m/w/d)'],
      ['Merci pour votre candidature au poste de Product Analyst.', 'Product Analyst'],
      ['Te confirmamos la entrevista para el puesto de Analista de Datos.', 'Analista de Datos'],
      ['Confirmamos sua entrevista para a vaga de Engenheira de Dados.', 'Engenheira de Dados'],
    ];
    for (const [description, role] of cases) {
      expect(inferSubject(event('Interview', { description }), owner).role, description).toBe(role);
    }
  });

  it('falls back to the organiser’s domain, skipping free mail and hiring tools', () => {
    expect(
      inferSubject(event('Interview', { organizer: { email: 'r@acme-robotics.co.uk' } }), owner).company,
    ).toBe('Acme Robotics');
    expect(
      inferSubject(event('Interview', { organizer: { email: 'r@gmail.com' } }), owner).company,
    ).toBeUndefined();
    expect(
      inferSubject(event('Interview', { organizer: { email: 'no-reply@ashbyhq.com' } }), owner).company,
    ).toBeUndefined();
    expect(
      inferSubject(
        event('Interview', {
          organizer: { email: 'no-reply@ashbyhq.com' },
          description: 'Thanks for your interest in Ramp! See you soon.',
        }),
        owner,
      ).company,
    ).toBe('Ramp');
  });

  it('reads the company from the name a hiring tool sends under', () => {
    const subject = inferSubject(
      event('Interview', { organizer: { email: 'acme@teamtailor-mail.com', name: 'Acme Robotics Talent' } }),
      owner,
    );
    expect(subject.company).toBe('Acme Robotics');
  });

  it('prefers the title’s spelling when it matches the domain', () => {
    expect(
      inferSubject(event('Interview - McKinsey & Company', { organizer: { email: 'r@mckinsey.com' } }), owner)
        .company,
    ).toBe('McKinsey & Company');
  });

  it('reports company and role on detected interviews only', () => {
    const rules = { always: [], never: [] };
    expect(detectInterview(event('Acme | Senior Engineer - Phone screen'), owner, rules)).toMatchObject({
      interview: true,
      company: 'Acme',
      role: 'Senior Engineer',
    });
    expect(detectInterview(event('Weekly sync - Acme'), owner, rules).company).toBeUndefined();
  });
});

describe('participants helpers', () => {
  it.each([
    ['acme.com', 'Acme'],
    ['careers.globex-corp.com', 'Globex Corp'],
    ['bbc.co.uk', 'BBC'],
    ['gmail.com', undefined],
    ['greenhouse.io', undefined],
  ])('company of %s is %s', (domain, company) => {
    expect(companyFromDomain(domain)).toBe(company);
  });

  it.each([
    ['no-reply@acme.com', true],
    ['notifications@acme.com', true],
    ['x@resource.calendar.google.com', true],
    ['scheduler@calendly.com', true],
    ['jane@acme.com', false],
  ])('%s is a system address: %s', (email, expected) => {
    expect(isSystemAddress(email)).toBe(expected);
  });
});
