/**
 * The rules that make the detector generalise: ambiguous words need hiring
 * context, talks about interviews are not interviews, terse titles are read
 * from who sent them, all-day notes, roles that sound like media, whose
 * employer it is, and whose company an interview is for.
 */
import { describe, expect, it } from 'vitest';
import { inferSubject } from '../../functions/core/detection/company-role.js';
import { detectInterview } from '../../functions/core/detection/detection.js';
import { sameCompany } from '../../functions/core/detection/job-words.js';
import { isFreeMail } from '../../functions/core/detection/participants.js';
import type { CalendarEvent, Owner } from '../../functions/core/model.js';
import { person } from '../support/attendees.js';

const jane: Owner = { email: 'jane.doe@gmail.com', timeZone: 'Europe/Rome' };
const noRules = { always: [], never: [] };

const self = person('jane.doe@gmail.com', 'Jane Doe', { self: true });

/** An invitation from `from` (name, email) to Jane's personal address. */
function invite(
  title: string,
  from: [string, string],
  overrides: Partial<CalendarEvent> = {},
): CalendarEvent {
  return {
    provider: 'google',
    eventId: 'e1',
    status: 'confirmed',
    title,
    description: '',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T16:00:00Z',
    allDay: false,
    organizer: { name: from[0], email: from[1] },
    attendees: [self, person(from[1], from[0], { organizer: true })],
    ownerResponse: 'accepted',
    ...overrides,
  };
}

/** A note Jane made herself, with nobody invited. */
function note(title: string, overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    provider: 'google',
    eventId: 'n1',
    status: 'confirmed',
    title,
    description: '',
    start: '2026-03-10T09:00:00Z',
    end: '2026-03-10T10:00:00Z',
    allDay: false,
    organizer: { email: 'jane.doe@gmail.com' },
    attendees: [],
    ownerResponse: 'organizer',
    ...overrides,
  };
}

const allDay = { allDay: true, start: '2026-03-10T00:00:00Z', end: '2026-03-11T00:00:00Z' };
const detect = (event: CalendarEvent, owner: Owner = jane) => detectInterview(event, owner, noRules);
const reasons = (event: CalendarEvent, owner: Owner = jane) => detect(event, owner).reasons.join(' | ');

describe('ambiguous words need hiring context', () => {
  it.each([
    note('Colloquio con il commercialista'),
    note('Entrevista con la tutora de Martín'),
    note('Entretien avec le syndic'),
    note('Gespräch mit Frau Weber'),
    note('Kennismakingsgesprek nieuwe huisarts'),
    invite('Entretien chaudière', ['ENGIE Home Services', 'rendezvous@engie.com'], {
      description: "Votre rendez-vous pour l'entretien annuel de votre chaudière.",
    }),
    invite('Colloquio con la prof.ssa Ferri', ['Registro', 'noreply@spaggiari.eu'], {
      description: 'Prenotazione colloquio genitori.',
    }),
    invite('Panel: Women in Engineering @ DevConf 2026', ['DevConf', 'speakers@devconf.org']),
    invite('Onsite with Globex (implementation)', ['Hank Scorpio', 'hank@globex.com']),
  ])('is not an interview without it: %j', (event) => {
    expect(detect(event).interview).toBe(false);
  });

  it.each([
    invite('Colloquio - Luxottica', ['Chiara Ferrari', 'chiara.ferrari@luxottica.com'], {
      description: 'La contatto in merito alla sua candidatura.',
    }),
    invite('Entrevista com a Acme', ['Sam Lee', 'sam@acme.com']),
    invite('Tweede gesprek - Adyen', ['Lotte Bakker', 'lotte.bakker@adyen.com'], {
      description: 'Leuk dat je door bent naar de volgende ronde!',
    }),
    invite('Rozmowa - Allegro', ['Rekrutacja', 'rekrutacja@allegro.pl']),
    invite('Panel with Brightline', ['Olivia Grant', 'olivia@brightline.com'], {
      description: 'You will meet a panel of three for the Product Designer position.',
    }),
    invite('Portfolio review – Senior Product Designer', [
      'Design Recruiting',
      'design-recruiting@airbnb.com',
    ]),
  ])('is an interview with it: %j', (event) => {
    expect(detect(event).interview).toBe(true);
  });

  it('reads "screening" and "final round" as interview words only with a company or hiring behind them', () => {
    expect(detect(invite('Screening: Oppenheimer (IMAX)', ['AMC', 'tickets@amc.com'])).interview).toBe(false);
    expect(
      detect(invite('Mammogram screening', ['NYU Langone', 'appointments@nyulangone.org'])).interview,
    ).toBe(false);
    expect(detect(invite('Final round of the pub quiz', ['Quiz', 'quiz@pub.co.uk'])).interview).toBe(false);
    expect(detect(invite('Second round - Seed pitch', ['Partner', 'partner@a16z.com'])).interview).toBe(
      false,
    );
    expect(
      detect(invite('Recruiting drive: volunteers needed', ['Red Cross', 'volunteer@redcross.org']))
        .interview,
    ).toBe(false);
    expect(detect(invite('Final round: Acme', ['Sam Lee', 'sam@acme.com'])).interview).toBe(true);
    expect(detect(invite('Screening call', ['Talent', 'talent@acme.com'])).interview).toBe(true);
  });

  it('tells a therapist’s intake or first session from a job interview', () => {
    expect(
      detect(invite('Interview with Dr. Smith (therapist intake)', ['Intake', 'intake@clinic.com']))
        .interview,
    ).toBe(false);
    expect(
      detect(invite('Colloquio conoscitivo con la psicologa', ['Studio', 'studio@psicologa.it'])).interview,
    ).toBe(false);
    const nhs = invite('Interview – Occupational Therapist – NHS', ['Recruitment', 'recruitment@nhs.net']);
    expect(detect(nhs)).toMatchObject({ interview: true, role: 'Occupational Therapist' });
  });

  it('says which ambiguous word counted', () => {
    const event = invite('Colloquio - Luxottica', ['Chiara', 'chiara@luxottica.com'], {
      description: 'In merito alla sua candidatura.',
    });
    expect(reasons(event)).toContain("title mentions 'colloquio'");
  });

  it('counts unambiguous wording without any context', () => {
    for (const title of ['Sollicitatiegesprek Coolblue', 'Rozmowa rekrutacyjna', 'Colloquio di lavoro']) {
      expect(detect(note(title)).interview, title).toBe(true);
    }
  });
});

describe('talks, classes and events about interviews', () => {
  it.each([
    ['How to ace your interview', 'a class or talk about interviews'],
    ['Taller: cómo triunfar en tu entrevista', 'a class or talk about interviews'],
    ['Interviewing 101: what hiring managers look for', 'a class or talk about interviews'],
    ['Acing the Behavioral Interview (Career Center)', 'a class or talk about interviews'],
    ['Simulazione di colloquio – Career Service', 'interview prep or practice'],
    ['Goldman Sachs Recruiting Info Session', 'job-search activity'],
    ['Community panel: breaking into product management', 'a talk or public event'],
    ['ETHGlobal hackathon – final round', 'a competition'],
  ])('rejects %j (%s)', (title, label) => {
    const event = invite(title, ['Events', 'events@example.org']);
    expect(detect(event).interview).toBe(false);
    expect(reasons(event)).toContain(label);
  });

  it('does not mistake parts of real interviews for classes or events', () => {
    for (const title of [
      'Interview - Class of 2027 Summer Analyst - Evercore',
      'Panel: Senior PM – Acme',
      'Teaching demo: lecture on thermodynamics',
    ]) {
      expect(detect(invite(title, ['Talent', 'talent@acme.com'])).interview, title).toBe(true);
    }
  });

  it('reads an audience in the description', () => {
    const event = invite('Panel', ['GraceConf', 'program@graceconf.org'], {
      description: 'Thank you for joining! Please arrive early for a mic check. Moderator: Anita Rao.',
    });
    expect(reasons(event)).toContain('an event for an audience');
  });
});

describe('terse titles read from who sent them', () => {
  it('counts a recruiter’s signature, display name or team mailbox', () => {
    const signed = invite('Ramp <> Jane', ['Kelsey Nguyen', 'kelsey@ramp.com'], {
      description: 'Kelsey Nguyen\nTechnical Recruiter | Ramp',
    });
    expect(detect(signed).interview).toBe(true);
    expect(reasons(signed)).toContain('the organiser signs as a recruiter');
    const named = invite('Quick call', ['Hannah Lee (Talent Acquisition)', 'hannah.lee@ocado.com'], {
      description: 'A quick call to go through your background.',
    });
    expect(detect(named).interview).toBe(true);
    expect(reasons(named)).toContain('the organiser works in recruiting');
    expect(detect(named).company).toBe('Ocado');
  });

  it('does not take a colleague’s recruiting team for a recruiter inviting you', () => {
    const employee: Owner = { email: 'ana.gomez@cabify.com', timeZone: 'Europe/Madrid' };
    const event = invite('Entrevista técnica backend', ['Selección Cabify', 'seleccion@cabify.com'], {
      attendees: [person('ana.gomez@cabify.com', 'Ana Gómez', { self: true })],
    });
    expect(detect(event, employee).interview).toBe(false);
    expect(reasons(event, employee)).not.toContain('recruit');
  });

  it('reads "<Company> <> <first name>" from a company to a personal address as a recruiter’s call', () => {
    expect(detect(invite('Acme <> Jane', ['Sam Lee', 'sam@acme.com']))).toMatchObject({
      interview: true,
      company: 'Acme',
    });
    // An investor's or a seller's pairing says so in its name or description.
    expect(detect(invite('Acme Ventures <> Jane', ['Dana Whit', 'dana@acmeventures.com'])).interview).toBe(
      false,
    );
    const sales = invite('Acme <> Jane', ['Sam Lee', 'sam@acme.com'], {
      description: 'Agenda: your plan and pricing',
    });
    expect(detect(sales).interview).toBe(false);
  });

  it('leaves a plain call from a friend or a vendor alone', () => {
    expect(detect(invite('30 min call', ['Mike Turner', 'mike.turner88@gmail.com'])).interview).toBe(false);
    const sales = invite('HubSpot <> Jane', ['Ben Carter', 'ben.carter@hubspot.com'], {
      description: 'Following up on your demo request: Sales Hub pricing and a 14-day trial.',
    });
    expect(detect(sales).interview).toBe(false);
    expect(reasons(sales)).toContain('a sales or client call');
    expect(reasons(sales)).not.toContain('HubSpot Meetings');
  });

  it('weighs a company writing to a personal address a little more than one writing to a work address', () => {
    const event = invite('Phone screen', ['Sam Lee', 'sam@acme.com']);
    expect(reasons(event)).toContain('invited by someone at acme.com to your personal address');
    const worker: Owner = { email: 'dan@northwind.io', timeZone: 'UTC' };
    const atWork = invite('Phone screen', ['Sam Lee', 'sam@acme.com'], {
      attendees: [person('dan@northwind.io', 'Dan', { self: true })],
    });
    expect(reasons(atWork, worker)).toContain('invited by someone at acme.com');
    expect(reasons(atWork, worker)).not.toContain('to your personal address');
  });
});

describe('reasons stay short', () => {
  it('cuts long names and addresses inside reasons', () => {
    const long = `${'a'.repeat(150)}.com`;
    const event = invite(`Interview with ${'Globex'.repeat(15)}`, ['Recruiting', `recruiting@${long}`]);
    for (const reason of detect(event).reasons) expect(reason.length, reason).toBeLessThan(120);
  });
});

describe('personal domains', () => {
  it('treats a domain named after its owner as a personal address, not a work account', () => {
    const marcus: Owner = { email: 'marcus@webb.dev', timeZone: 'UTC' };
    const event = invite('Call w/ Sarah (Talent @ Canva)', ['Sarah Kim', 'sarah.k@canva.com'], {
      attendees: [person('marcus@webb.dev', 'Marcus Webb', { self: true })],
    });
    const detection = detect(event, marcus);
    expect(detection).toMatchObject({ interview: true, company: 'Canva' });
    expect(detection.reasons.join(' | ')).toContain('to your personal address');
  });
});

describe('notes and tools', () => {
  it('reads an interviewing tool named in the title as an interview, unless it is practice', () => {
    expect(detect(note('HireVue – Unilever'))).toMatchObject({ interview: true, company: 'Unilever' });
    expect(detect(note('Practice HireVue interview')).interview).toBe(false);
  });

  it('drops the date Google appends to invitation titles, in any locale', () => {
    const uk = invite(
      'Updated invitation: Interview with Klarna @ Thu 12 Mar 2026 10am - 11am (GMT) (jane@x.com)',
      ['Klarna Talent', 'talent@klarna.com'],
    );
    expect(detect(uk).company).toBe('Klarna');
    const fr = invite('Entretien avec Alan @ jeu. 12 mars 2026 10:00 - 11:00 (CET) (jane@x.com)', [
      'Alan Talent',
      'talent@alan.com',
    ]);
    expect(detect(fr).company).toBe('Alan');
  });
});

describe('all-day notes', () => {
  it('keeps an all-day note that names a company and an interview stage', () => {
    for (const title of ['Stripe onsite', 'Google final round', 'Vorstellungsgespräch Bosch']) {
      const detection = detect(note(title, allDay));
      expect(detection.interview, title).toBe(true);
      expect(detection.reasons.join(' | ')).toContain('your own note names');
    }
  });

  it('still doubts all-day events without a company or without interview wording', () => {
    expect(detect(note('Block: interview week (no meetings)', allDay)).interview).toBe(false);
    expect(detect(note('Stripe Sessions', allDay)).interview).toBe(false);
    expect(detect(note('Onsite', allDay)).interview).toBe(false);
  });
});

describe('roles that sound like media or research', () => {
  it.each([
    'Interview for Social Media Manager – Hootsuite',
    'Interview: Press Officer (Greenpeace UK)',
    'Interview – UX Researcher, Duolingo',
    'Interview: Head of Communications - Oxfam',
  ])('is a job interview: %j', (title) => {
    expect(detect(invite(title, ['Grace Liu', 'grace.liu@hootsuite.com'])).interview).toBe(true);
  });

  it.each([
    'Podcast interview with our CTO',
    'Press interview with Reuters editor',
    'Customer interview - Globex',
  ])('is still not one: %j', (title) => {
    expect(detect(invite(title, ['Kyle Benson', 'kyle@techcrunch.com'])).interview).toBe(false);
  });

  it('reads a media word in a confirmed company name as the name, when something else says hiring', () => {
    const vox = invite('Interview – Vox Media – Senior Editor', ['Vox Talent', 'talent@voxmedia.com']);
    expect(detect(vox)).toMatchObject({ interview: true, company: 'Vox Media', role: 'Senior Editor' });
    const kita = invite('Vorstellungsgespräch Kita Sonnenschein – Erzieherin', [
      'Leitung',
      'leitung@kita-sonnenschein.de',
    ]);
    expect(detect(kita)).toMatchObject({ interview: true, company: 'Kita Sonnenschein' });
    // The outlet inviting a guest: nothing says hiring, so "Radio" is the topic.
    expect(detect(invite('BBC Radio 4 interview (live)', ['Producer', 'producer@bbc.co.uk'])).interview).toBe(
      false,
    );
    expect(detect(note('Gespräch mit Frau Weber (Kita)')).interview).toBe(false);
  });

  it('keeps activities in the full title: a name never hides prep, an exit or an info session', () => {
    expect(detect(note('Vorbereitung Vorstellungsgespräch Siemens')).interview).toBe(false);
    expect(detect(invite('Exit interview', ['People Team', 'people@brightwave.co'])).interview).toBe(false);
    expect(
      detect(invite('Goldman Sachs Recruiting Info Session', ['GS Recruiting', 'campus@gs.com'])).interview,
    ).toBe(false);
  });

  it('needs real research context in the description, not a "Participants:" line', () => {
    const event = invite(
      'Final round: meet with VP Engineering',
      ['Rippling Recruiting', 'recruiting@rippling.com'],
      {
        description: 'Participants: Sonia Ray (VP Engineering), Ken Ito (VP Product)',
      },
    );
    expect(detect(event).interview).toBe(true);
    expect(reasons(event)).not.toContain('research');
    const study = invite('Interview', ['Figma Research', 'research@figma.com'], {
      description:
        'Thanks for signing up as a participant! You will receive a $75 gift card as an incentive.',
    });
    expect(reasons(study)).toContain('a research study');
  });
});

describe('whose employer it is', () => {
  it('never calls an interview sent to a personal address "your own employer"', () => {
    const kenji: Owner = { email: 'kenji.watanabe@yahoo.co.jp', timeZone: 'Asia/Tokyo' };
    const event = invite('Kenji Watanabe - Hiring Manager Interview (Data Engineer)', [
      'Rina Sato',
      'rina.sato@mercari.com',
    ]);
    event.attendees[0] = person('kenji.watanabe@yahoo.co.jp', 'Kenji Watanabe', { self: true });
    const detection = detect(event, kenji);
    expect(detection.interview).toBe(true);
    expect(detection.reasons.join(' | ')).not.toContain('own employer');
    expect(detection.company).toBe('Mercari');
  });

  it('needs someone else on the invitation at the owner’s domain', () => {
    const worker: Owner = { email: 'alex@globex.com', timeZone: 'UTC' };
    // An internal move: the invitation comes from a hiring tool, nobody else at globex.com.
    const transfer = invite('Interview with Globex', ['Globex Recruiting', 'no-reply@greenhouse.io'], {
      attendees: [person('alex@globex.com', 'Alex', { self: true })],
    });
    expect(reasons(transfer, worker)).not.toContain('own employer');
    const interviewer = invite('Interview with Globex', ['Sam Lee', 'sam.lee@globex.com'], {
      attendees: [person('alex@globex.com', 'Alex', { self: true }), person('cand@gmail.com', 'Cand')],
    });
    expect(reasons(interviewer, worker)).toContain('own employer');
  });

  it('knows free-mail providers under any country suffix and common ISPs', () => {
    for (const domain of ['yahoo.co.jp', 'hotmail.nl', 'outlook.com.au', 'btinternet.com', 'comcast.net']) {
      expect(isFreeMail(domain), domain).toBe(true);
    }
    expect(isFreeMail('acme.com')).toBe(false);
    expect(isFreeMail('orange.com')).toBe(false);
    expect(isFreeMail('yahooinc.com')).toBe(false);
  });
});

describe('whose company an interview is for', () => {
  const subject = (title: string, from: [string, string], overrides: Partial<CalendarEvent> = {}) =>
    inferSubject(invite(title, from, overrides), jane);

  it('prefers the brand written in the title over the domain’s slug', () => {
    expect(
      subject('Video interview with JPMorgan Chase & Co.', ['Campus', 'campus@jpmchase.com']).company,
    ).toBe('JPMorgan Chase');
    expect(
      subject('First round interview with Boston Consulting Group', ['A D', 'a.d@bcg.com']).company,
    ).toBe('Boston Consulting Group');
  });

  it('spells the company as people write it, not as its domain does', () => {
    expect(
      subject('Marcus Webb and Marco Silva', ['Marco Silva', 'marco.silva@hellofresh.com'], {
        description: 'Event Name: Intro chat\n\nMarco Silva | Recruiting Partner, HelloFresh',
      }).company,
    ).toBe('HelloFresh');
    expect(subject('Meet the team: GitLab Support Engineer', ['Sam', 'sam@gitlab.com'])).toMatchObject({
      company: 'GitLab',
      role: 'Support Engineer',
    });
    expect(
      subject('Interview', ['Recruiting', 'recruiting@mercury.com'], {
        description: 'This confirms your call for the Backend role at Mercury.\n\nScheduled with GoodTime',
      }).company,
    ).toBe('Mercury');
    expect(subject('Jane Doe // Samsara - Technical Interview', ['S', 'talent@samsara.com']).company).toBe(
      'Samsara',
    );
    expect(subject('Teams-Call Siemens Energy – Bewerbung', ['J', 'j.b@siemens-energy.com']).company).toBe(
      'Siemens Energy',
    );
    expect(subject('Chalk talk – Dept. of Biology, Emory', ['Search', 'biosearch@emory.edu']).company).toBe(
      'Emory',
    );
    expect(
      subject('Interview', ['Recruiting', 'recruiting@microsoft.com'], {
        location: 'Microsoft Teams Meeting',
      }).company,
    ).toBe('Microsoft');
  });

  it('gives back the company a role ends in ("Trainee Itaú")', () => {
    expect(
      subject('Dinâmica de grupo - Processo Trainee Itaú', [
        'Recrutamento Itaú',
        'recrutamento@itau-unibanco.com.br',
      ]),
    ).toMatchObject({ company: 'Itaú', role: 'Trainee' });
  });

  it('takes the hiring company, not the vendor running the interview', () => {
    expect(subject('Karat Interview - Robinhood', ['Karat', 'scheduling@karat.com']).company).toBe(
      'Robinhood',
    );
    expect(
      subject('HireVue Live Interview', ['Unilever via HireVue', 'noreply@hirevue.com'], {
        description: 'You are invited to a live video interview with Unilever.',
      }).company,
    ).toBe('Unilever');
  });

  it('names the company a vendor works for, never the vendor', () => {
    expect(
      subject('Karat: Technical interview on behalf of Indeed', ['Karat', 'scheduling@karat.com']).company,
    ).toBe('Indeed');
    expect(
      subject('HireVue: Digital Interview for Goldman Sachs', ['HireVue', 'no-reply@hirevue.com']).company,
    ).toBe('Goldman Sachs');
  });

  it('reads the company from the premises of a note of one’s own', () => {
    const onsite = note('Onsite – Day 2', { location: 'Databricks HQ, 160 Spear St, San Francisco' });
    expect(detect(onsite)).toMatchObject({ interview: true, company: 'Databricks' });
    expect(detect(note('Onsite – Day 2', { location: 'Blue Bottle Coffee, 66 Mint St' })).interview).toBe(
      false,
    );
  });

  it('never takes a role, a grade, a verb or a person for the company', () => {
    const receptionist = subject(
      'Medical Receptionist – Interview',
      ['Practice', 'manager@parksidesurgery.co.uk'],
      {
        location: 'Parkside Surgery, 14 Park Road, Leeds',
      },
    );
    expect(receptionist).toMatchObject({ company: 'Parkside Surgery', role: 'Medical Receptionist' });
    expect(
      subject('Grade 7 Economist - Interview (Department for Education)', ['DfE', 'team@education.gov.uk'])
        .company,
    ).toBe('Department for Education');
    expect(subject('Schedule: Technical Interview – Wayfair', ['W', 'recruiting@wayfair.com']).company).toBe(
      'Wayfair',
    );
    const named = subject(
      'Priya Natarajan - Hiring Manager Interview',
      ['Wayfair', 'recruiting@wayfair.com'],
      {
        attendees: [self, person('p.natarajan@wayfair.com')],
      },
    );
    expect(named.company).toBe('Wayfair');
    expect(subject('Jane / Priya', ['Priya', 'priya@ramp.com']).company).toBe('Ramp');
    const kenji: Owner = { email: 'kwatanabe@gmail.com', timeZone: 'Asia/Tokyo' };
    const fromTool = invite('Kenji Watanabe - Hiring Manager Interview (Data Engineer)', [
      'Scheduling',
      'no-reply@greenhouse.io',
    ]);
    fromTool.attendees[0] = person('kwatanabe@gmail.com', undefined, { self: true });
    const kenjiSubject = inferSubject(fromTool, kenji);
    expect(kenjiSubject.company).toBeUndefined();
    expect(kenjiSubject.role).toBe('Data Engineer');
    expect(subject('Interview - Capital One', ['Jobs', 'capitalone.jobs@hirevue.com']).company).toBe(
      'Capital One',
    );
    expect(subject('Round One - Acme', ['Sam', 'sam@acme.com']).company).toBe('Acme');
    expect(
      subject('Call with Ananya (HR) - Zerodha', ['Ananya Iyer', 'ananya.hr.zerodha@gmail.com']).company,
    ).toBe('Zerodha');
    expect(subject('Interview at 101 California St', ['Sam', 'sam@acme.com']).company).toBe('Acme');
    expect(
      subject('Job talk – Ultrafast spectroscopy of photocatalysts', ['L B', 'lb@northwestern.edu']).company,
    ).toBe('Northwestern');
  });

  it('matches a domain’s short form of a name', () => {
    expect(sameCompany('Boston Consulting Group', 'BCG')).toBe(true);
    expect(sameCompany('JPMorgan Chase', 'Jpmchase')).toBe(true);
    expect(sameCompany('Acme', 'Globex')).toBe(false);
    expect(sameCompany('Bcg', 'Gcb')).toBe(false);
  });
});
