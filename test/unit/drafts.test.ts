import { describe, expect, it } from 'vitest';
import type { Interviewer } from '../../functions/core/model.js';
import {
  askAddressDraft,
  firstName,
  signatureFor,
  statusCheckDraft,
  stayInTouchDraft,
  thankYouDraft,
} from '../../functions/core/prompts/drafts.js';

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

/** The draft with the person's names blanked: what is left must still differ per person. */
function withoutName(body: string, who: Interviewer): string {
  const names = [who.name ?? '', ...(who.name ?? '').split(/\s+/)].filter(Boolean);
  let text = body;
  for (const name of names) text = text.split(name).join('<name>');
  return text;
}

function loopDrafts(size: number) {
  const interview = { title: 'Onsite loop', notes: {} };
  return LOOP.slice(0, size).map((who, index) => ({
    who,
    draft: thankYouDraft(who, interview, APP, index, SIGNATURE),
  }));
}

describe('thankYouDraft', () => {
  it('greets the person by first name and names the role and company', () => {
    const draft = thankYouDraft(LOOP[0]!, { title: 'Interview', notes: {} }, APP, 0, SIGNATURE);
    expect(draft.body.startsWith('Hi Jane,\n')).toBe(true);
    expect(draft.body).toContain('the Staff Engineer role at Acme Robotics');
    expect(draft.body.endsWith(`Best regards,\n${SIGNATURE}`)).toBe(true);
    expect(draft.to).toBe('jane@acme.test');
    expect(draft.toName).toBe('Jane Doe');
    expect(draft.subject).toBe('Thank you – Staff Engineer');
  });

  it('writes a different text for each of a 4-person loop, beyond the name', () => {
    const drafts = loopDrafts(4);
    const texts = drafts.map(({ who, draft }) => withoutName(draft.body, who));
    expect(new Set(texts).size).toBe(4);
    for (const { who, draft } of drafts) expect(draft.body).toContain(`Hi ${who.name!.split(' ')[0]},`);
  });

  it('writes a different text for each of a 6-person loop, beyond the name', () => {
    const texts = loopDrafts(6).map(({ who, draft }) => withoutName(draft.body, who));
    expect(new Set(texts).size).toBe(6);
  });

  it('keeps texts distinct for loops of up to 16 people', () => {
    const people = Array.from({ length: 16 }, (_, i) => person(`Person${i} Surname${i}`, `p${i}@acme.test`));
    const texts = people.map((who, index) =>
      withoutName(thankYouDraft(who, { title: 'Loop', notes: {} }, APP, index, SIGNATURE).body, who),
    );
    expect(new Set(texts).size).toBe(16);
  });

  it("adds a line from the user's notes for that person only", () => {
    const interview = {
      title: 'Onsite',
      notes: { 'jane@acme.test': '  the migration\n to event sourcing. ', overall: 'went well' },
    };
    const jane = thankYouDraft(LOOP[0]!, interview, APP, 0, SIGNATURE);
    const ravi = thankYouDraft(LOOP[1]!, interview, APP, 1, SIGNATURE);
    expect(jane.body).toContain(
      'I especially appreciated our discussion of the migration to event sourcing.\n',
    );
    expect(ravi.body).not.toContain('I especially appreciated');
  });

  it('clips a long note so that the draft stays short', () => {
    const long = 'x'.repeat(1_000);
    const draft = thankYouDraft(
      LOOP[0]!,
      { title: 'Onsite', notes: { 'jane@acme.test': long } },
      APP,
      0,
      SIGNATURE,
    );
    const line = draft.body.split('\n').find((l) => l.startsWith('I especially appreciated'))!;
    expect(line.length).toBeLessThan(300);
    expect(line).toContain('...');
  });

  it('falls back to the company and then the title when the role is unknown', () => {
    const noRole = thankYouDraft(LOOP[0]!, { title: 'Chat', notes: {} }, { company: 'Acme' }, 0, SIGNATURE);
    expect(noRole.body).toContain('the role at Acme');
    expect(noRole.subject).toBe('Thank you – Acme');
    const nothing = thankYouDraft(
      LOOP[0]!,
      { title: 'Chat with Jane', notes: {} },
      { company: '' },
      0,
      SIGNATURE,
    );
    expect(nothing.subject).toBe('Thank you – Chat with Jane');
  });
});

describe('firstName', () => {
  it('uses the name, else a tidy guess from the address, else a neutral word', () => {
    expect(firstName({ name: '  Ana María López ' })).toBe('Ana');
    expect(firstName({ email: 'jane.doe@acme.test' })).toBe('Jane');
    expect(firstName({ email: 'x@acme.test' })).toBe('there');
    expect(firstName({})).toBe('there');
  });
});

describe('statusCheckDraft', () => {
  it('asks about status politely and offers additional materials or references', () => {
    const draft = statusCheckDraft(
      { ...APP, contact: { name: 'Rita Recruiter', email: 'rita@acme.test' } },
      'Thu 5 Mar 2026',
      SIGNATURE,
    );
    expect(draft.to).toBe('rita@acme.test');
    expect(draft.body.startsWith('Hi Rita,\n')).toBe(true);
    expect(draft.body).toContain('Thu 5 Mar 2026');
    expect(draft.body).toMatch(/next steps/);
    expect(draft.body).toMatch(/additional materials/);
    expect(draft.body).toMatch(/references/);
    expect(draft.subject).toBe('Following up – Staff Engineer at Acme Robotics');
  });

  it('greets neutrally when no contact is known', () => {
    const draft = statusCheckDraft({ company: 'Acme', contact: undefined }, 'Mon 2 Mar 2026', SIGNATURE);
    expect(draft.body.startsWith('Hi there,\n')).toBe(true);
    expect(draft.to).toBeUndefined();
    expect(draft.subject).toBe('Following up – my interview at Acme');
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

  it('uses the singular for one name', () => {
    const draft = askAddressDraft(undefined, ['Olu Adeyemi'], APP, SIGNATURE);
    expect(draft.body).toContain('to Olu Adeyemi.');
    expect(draft.body).toContain('their email address,');
    expect(draft.body.startsWith('Hi there,')).toBe(true);
  });
});

describe('stayInTouchDraft', () => {
  it('thanks the team and keeps the door open', () => {
    const draft = stayInTouchDraft(
      { ...APP, contact: { name: 'Rita Recruiter', email: 'rita@acme.test' } },
      SIGNATURE,
    );
    expect(draft.to).toBe('rita@acme.test');
    expect(draft.body).toContain('Thank you for letting me know');
    expect(draft.body).toMatch(/future openings/);
    expect(draft.body).toMatch(/stay in touch/);
    expect(draft.body.endsWith(SIGNATURE)).toBe(true);
  });
});

describe('signatureFor', () => {
  it("tidies the address' local part into a name", () => {
    expect(signatureFor('sam.seeker@mail.test')).toBe('Sam Seeker');
    expect(signatureFor('jo_anne-smith@mail.test')).toBe('Jo Anne Smith');
  });
});
