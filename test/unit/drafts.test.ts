import { describe, expect, it } from 'vitest';
import type { Interviewer } from '../../functions/core/model.js';
import {
  askAddressDraft,
  firstName,
  greeting,
  signatureOf,
  statusCheckDraft,
  stayInTouchDraft,
} from '../../functions/core/prompts/drafts.js';
import { roundOf } from '../../functions/core/prompts/round-names.js';
import {
  type ThankYouPerson,
  thankYouDrafts,
  topicPhrase,
} from '../../functions/core/prompts/thank-you-drafts.js';

const APP = { company: 'Acme Robotics', role: 'Staff Engineer' };
const SIGNATURE = 'Sam Seeker';

function person(name: string, email?: string): Interviewer {
  return { key: email ?? name.toLowerCase().replace(/\s+/g, '-'), name, email, fromDescription: !email };
}

const LOOP: Interviewer[] = [
  person('Jane Doe', 'jane@acme.test'),
  person('Ravi Patel', 'ravi@acme.test'),
  person('Mei Chen', 'mei@acme.test'),
  person('Olu Adeyemi'),
  person('Carla Gomez', 'carla@acme.test'),
  person('Tom Berg', 'tom@acme.test'),
];

/** Each person in an interview of their own, as in an onsite loop. */
function entries(
  people: Interviewer[],
  over: Partial<ThankYouPerson> = {},
  title = 'Onsite',
): ThankYouPerson[] {
  return people.map((who, i) => ({
    person: who,
    interview: { id: `int-${i}`, title, notes: {}, interviewers: [who] },
    metBefore: false,
    laterRound: false,
    when: 'today',
    ...over,
  }));
}

/** The draft with every name of the loop blanked: what is left must still differ per person. */
function withoutNames(body: string, people: Interviewer[]): string {
  const names = people.flatMap((p) => [p.name ?? '', ...(p.name ?? '').split(/\s+/)]).filter(Boolean);
  let text = body;
  for (const name of names.sort((a, b) => b.length - a.length)) text = text.split(name).join('<name>');
  return text;
}

describe('thankYouDrafts', () => {
  it('greets the person by first name, names the role and company, and is signed with the chosen name', () => {
    const [draft] = thankYouDrafts(entries([LOOP[0]!]), APP, SIGNATURE);
    expect(draft!.body.startsWith('Hi Jane,\n\n')).toBe(true);
    expect(draft!.body).toMatch(/Staff Engineer role at Acme Robotics|joining Acme Robotics/);
    expect(draft!.body.endsWith(`,\n${SIGNATURE}`)).toBe(true);
    expect(draft!.to).toBe('jane@acme.test');
    expect(draft!.toName).toBe('Jane Doe');
    expect(draft!.subject).toBe('Thank you – Staff Engineer');
  });

  it.each([4, 6, 16])('writes a different text for each of a %i-person loop, beyond the names', (size) => {
    const people =
      size <= LOOP.length
        ? LOOP.slice(0, size)
        : Array.from({ length: size }, (_, i) => person(`Person${i} Surname${i}`, `p${i}@acme.test`));
    const drafts = thankYouDrafts(entries(people), APP, SIGNATURE);
    const texts = drafts.map((d) => withoutNames(d.body, people));
    expect(new Set(texts).size).toBe(size);
  });

  it('keeps a panel’s notes distinct although they name each other', () => {
    const panel = [LOOP[0]!, LOOP[1]!, LOOP[2]!];
    const interview = { id: 'panel', title: 'Panel interview', notes: {}, interviewers: panel };
    const drafts = thankYouDrafts(
      panel.map((who) => ({ person: who, interview, metBefore: false, laterRound: false, when: 'today' })),
      APP,
      SIGNATURE,
    );
    expect(new Set(drafts.map((d) => withoutNames(d.body, panel))).size).toBe(3);
  });

  it('does not give the first interviewer of every prompt the same text', () => {
    const firsts = ['int-a', 'int-b', 'int-c', 'int-d', 'int-e', 'int-f'].map((id) => {
      const [entry] = entries([LOOP[0]!]);
      return thankYouDrafts([{ ...entry!, interview: { ...entry!.interview, id } }], APP, SIGNATURE)[0]!.body;
    });
    expect(new Set(firsts).size).toBeGreaterThan(3);
  });

  it('differs across an application’s rounds: the round’s name, and meeting someone again', () => {
    const jane = LOOP[0]!;
    const [screen] = thankYouDrafts(entries([jane], {}, 'Acme phone screen'), APP, SIGNATURE);
    const [design] = thankYouDrafts(
      [
        {
          person: jane,
          interview: { id: 'int-0', title: 'Acme system design', notes: {}, interviewers: [jane] },
          metBefore: true,
          laterRound: true,
          when: 'on Tuesday',
        },
      ],
      APP,
      SIGNATURE,
    );
    expect(screen!.body).not.toBe(design!.body);
    expect(design!.body).toMatch(/again/);
    expect(design!.body).toContain('on Tuesday');
    expect(design!.body).not.toContain('today');
  });

  it('names the round in the thanks when the opening speaks of it', () => {
    // Across many people some openings name the round: all of those name the right one.
    const people = Array.from({ length: 12 }, (_, i) => person(`P${i} Q${i}`, `p${i}@acme.test`));
    const bodies = thankYouDrafts(entries(people, {}, 'Acme — System Design'), APP, SIGNATURE).map(
      (d) => d.body,
    );
    expect(bodies.some((b) => b.includes('system design interview'))).toBe(true);
    expect(bodies.some((b) => b.includes('the onsite'))).toBe(false);
  });

  it('says what the user discussed with that person only, as a phrase inside a sentence', () => {
    const [jane, ravi] = [LOOP[0]!, LOOP[1]!];
    const interview = {
      id: 'int-1',
      title: 'Onsite',
      notes: { 'jane@acme.test': '  Their migration from Airflow\n to Dagster. ' },
      interviewers: [jane, ravi],
    };
    const drafts = thankYouDrafts(
      [jane, ravi].map((who) => ({
        person: who,
        interview,
        metBefore: false,
        laterRound: false,
        when: 'today',
      })),
      APP,
      SIGNATURE,
    );
    expect(drafts[0]!.body).toContain('their migration from Airflow to Dagster');
    expect(drafts[0]!.body).not.toContain('Their migration');
    expect(drafts[1]!.body).not.toContain('Airflow');
  });

  it('clips a long note so that the draft stays short', () => {
    const [jane] = [LOOP[0]!];
    const interview = {
      id: 'i',
      title: 'Onsite',
      notes: { 'jane@acme.test': 'x'.repeat(1_000) },
      interviewers: [jane],
    };
    const [draft] = thankYouDrafts(
      [{ person: jane, interview, metBefore: false, laterRound: false, when: 'today' }],
      APP,
      SIGNATURE,
    );
    const line = draft!.body.split('\n').find((l) => l.includes('xxx'))!;
    expect(line.length).toBeLessThan(400);
    expect(line).toContain('...');
  });

  it('ends with the closing line alone when no name is known: never "You"', () => {
    const [draft] = thankYouDrafts(entries([LOOP[0]!]), APP, '');
    const lastLine = draft!.body.split('\n').at(-1)!;
    expect(lastLine).toMatch(/^[A-Z][a-z ]+,$/);
    expect(draft!.body).not.toMatch(/\nYou$/);
  });

  it('says "Hello," to someone named without a readable name', () => {
    const [draft] = thankYouDrafts(
      entries([{ key: 'jl@acme.test', email: 'jl@acme.test', fromDescription: false }]),
      APP,
      SIGNATURE,
    );
    expect(draft!.body.startsWith('Hello,\n')).toBe(true);
  });
});

describe('topicPhrase', () => {
  it('turns a note into a phrase for the middle of a sentence', () => {
    expect(topicPhrase('We discussed the on-call rota.')).toBe('the on-call rota');
    expect(topicPhrase('Talked about The Dagster migration!')).toBe('the Dagster migration');
    expect(topicPhrase('Kubernetes at scale')).toBe('Kubernetes at scale');
    expect(topicPhrase('   ')).toBeUndefined();
  });
});

describe('roundOf', () => {
  it('reads the round from the title', () => {
    expect(roundOf('Acme — System Design Interview')?.name).toBe('system design interview');
    expect(roundOf('Phone screen with Acme')?.name).toBe('introductory call');
    expect(roundOf('Hiring Manager chat – Acme')?.phrase).toBe('our conversation');
    expect(roundOf('Acme Onsite')?.name).toBe('onsite interview');
    expect(roundOf('Acme / Sam')).toBeUndefined();
  });
});

describe('firstName and greeting', () => {
  it('greets a person by first name, a team mailbox as a team, and an unreadable address neutrally', () => {
    expect(firstName({ name: '  Ana María López ' })).toBe('Ana');
    expect(firstName({ email: 'jane.doe@acme.test' })).toBe('Jane');
    expect(firstName({ email: 'jordan.lee84@acme.test' })).toBe('Jordan');
    expect(firstName({ email: 'jlee@acme.test' })).toBeUndefined();
    expect(greeting({ name: 'Rita Recruiter', email: 'rita@contoso.test' }, 'Contoso')).toBe('Hi Rita,');
    expect(greeting({ email: 'recruiting@contoso.test' }, 'Contoso')).toBe('Hello Contoso team,');
    expect(greeting({ name: 'Contoso Careers', email: 'careers@contoso.test' }, 'Contoso')).toBe(
      'Hello Contoso team,',
    );
    expect(greeting({ name: 'Talent Acquisition', email: 'ta@contoso.test' }, 'Contoso')).toBe(
      'Hello Contoso team,',
    );
    expect(greeting({ email: 'jlee@contoso.test' }, 'Contoso')).toBe('Hello,');
    expect(greeting(undefined, 'Contoso')).toBe('Hello Contoso team,');
    expect(greeting(undefined, '')).toBe('Hello,');
  });
});

describe('signatureOf', () => {
  it('is the chosen name, else the calendar account’s name, else nothing: never guessed from the address', () => {
    expect(signatureOf({ signAs: ' Sam Rivera ', accountName: 'Samuel Rivera' })).toBe('Sam Rivera');
    expect(signatureOf({ accountName: 'Jordan Lee' })).toBe('Jordan Lee');
    expect(signatureOf({})).toBe('');
  });
});

describe('statusCheckDraft', () => {
  it('asks about status politely and offers additional materials or references', () => {
    const draft = statusCheckDraft(
      { ...APP, contact: { name: 'Rita Recruiter', email: 'rita@acme.test' } },
      { day: 'Thursday 5 March', round: 'system design' },
      SIGNATURE,
    );
    expect(draft.to).toBe('rita@acme.test');
    expect(draft.body.startsWith('Hi Rita,\n')).toBe(true);
    expect(draft.body).toContain(
      'my system design interview for the Staff Engineer role at Acme Robotics on Thursday 5 March',
    );
    expect(draft.body).toMatch(/next steps/);
    expect(draft.body).toMatch(/additional materials/);
    expect(draft.body).toMatch(/references/);
    expect(draft.subject).toBe('Following up – Staff Engineer at Acme Robotics');
  });

  it('greets a team mailbox as the team, and recalls the timeline they gave', () => {
    const draft = statusCheckDraft(
      {
        company: 'Contoso',
        contact: { email: 'talent@contoso.test' },
        timeline: { kind: 'days', days: 10 },
      },
      { day: 'Monday 2 March' },
      SIGNATURE,
    );
    expect(draft.body.startsWith('Hello Contoso team,\n')).toBe(true);
    expect(draft.body).not.toContain('Hi Contoso');
    expect(draft.body).toContain('you mentioned I would hear back within 2 weeks');
    expect(draft.subject).toBe('Following up – my interview at Contoso');
  });
});

describe('askAddressDraft', () => {
  it('asks the recruiter for the addresses of everyone named without one', () => {
    const draft = askAddressDraft(
      { name: 'Rita Recruiter', email: 'rita@acme.test' },
      ['Olu Adeyemi', 'Kim Lee', 'Bo Park'],
      APP,
      SIGNATURE,
    );
    expect(draft.to).toBe('rita@acme.test');
    expect(draft.body).toContain('to Olu Adeyemi, Kim Lee and Bo Park.');
    expect(draft.body).toContain('their email addresses');
  });

  it('uses the singular for one name and greets the team when no contact is known', () => {
    const draft = askAddressDraft(undefined, ['Olu Adeyemi'], APP, SIGNATURE);
    expect(draft.body).toContain('to Olu Adeyemi.');
    expect(draft.body).toContain('their email address,');
    expect(draft.body.startsWith('Hello Acme Robotics team,')).toBe(true);
  });
});

describe('stayInTouchDraft', () => {
  it('thanks the team and keeps the door open', () => {
    const draft = stayInTouchDraft(
      { ...APP, contact: { name: 'Rita Recruiter', email: 'rita@acme.test' } },
      SIGNATURE,
    );
    expect(draft.to).toBe('rita@acme.test');
    expect(draft.body.startsWith('Hi Rita,\n')).toBe(true);
    expect(draft.body).toContain('Thank you for letting me know');
    expect(draft.body).toMatch(/future openings/);
    expect(draft.body).toMatch(/stay in touch/);
    expect(draft.body.endsWith(`All the best,\n${SIGNATURE}`)).toBe(true);
  });
});
