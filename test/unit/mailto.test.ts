import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailtoUrl } from '../../functions/core/prompts/mailto.js';
import { thankYouDrafts } from '../../functions/core/prompts/thank-you-drafts.js';

/** Reads a mailto URL back as a mail client would: address, then `hfname=hfvalue` pairs. */
function parseMailto(url: string): { to: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  expect(parsed.protocol).toBe('mailto:');
  const headers: Record<string, string> = {};
  for (const pair of parsed.search.replace(/^\?/, '').split('&')) {
    const [name, value = ''] = pair.split('=');
    headers[decodeURIComponent(name!)] = decodeURIComponent(value);
  }
  return { to: decodeURIComponent(parsed.pathname), headers };
}

/** Characters RFC 6068 allows unencoded in a header value (unreserved and some-delims minus `&` `=`). */
const QCHAR_VALUE = /^(?:[A-Za-z0-9\-._~!$'()*+,;:@]|%[0-9A-F]{2})*$/;

function query(url: string): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const pair of url.slice(url.indexOf('?') + 1).split('&')) {
    const [name, value = ''] = pair.split('=');
    raw[name!] = value;
  }
  return raw;
}

describe('mailtoUrl', () => {
  it('percent-encodes non-ASCII as UTF-8 and the delimiters & ? # %', () => {
    const url = mailtoUrl('jane@acme.test', 'Merci & à bientôt? #1 100%', 'Grüße, 東京 🎉');
    const raw = query(url);
    expect(raw.subject).toBe('Merci%20%26%20%C3%A0%20bient%C3%B4t%3F%20%231%20100%25');
    expect(raw.body).toBe('Gr%C3%BC%C3%9Fe%2C%20%E6%9D%B1%E4%BA%AC%20%F0%9F%8E%89');
    expect(url.startsWith('mailto:jane@acme.test?subject=')).toBe(true);
    // Only the one separator `?` and one `&` remain raw; no `#` would cut the URL short.
    expect(url.split('?')).toHaveLength(2);
    expect(url.split('&')).toHaveLength(2);
    expect(url).not.toContain('#');
  });

  it('writes line breaks as CRLF (%0D%0A), whatever the input used', () => {
    const raw = query(mailtoUrl(undefined, 's', 'Hi Jane,\n\nThanks.\r\nBest'));
    expect(raw.body).toBe('Hi%20Jane%2C%0D%0A%0D%0AThanks.%0D%0ABest');
  });

  it('round-trips through new URL and decodeURIComponent to the original text', () => {
    const subject = 'Thank you – Staff Engineer (R&D) at Ünïcode GmbH? #hiring 50% =ok+';
    const body = 'Hi Jane,\n\nI enjoyed "our" talk & the Q&A?\nBest,\nSam 😀';
    const { to, headers } = parseMailto(mailtoUrl('jane.doe+jobs@acme.test', subject, body));
    expect(to).toBe('jane.doe+jobs@acme.test');
    expect(headers.subject).toBe(subject);
    expect(headers.body).toBe(body.replace(/\n/g, '\r\n'));
  });

  it('encodes an address that carries URL delimiters, keeping @ and , readable', () => {
    const url = mailtoUrl(' a&b?c#d@acme.test,e%f@acme.test ', 's', 'b');
    expect(url.startsWith('mailto:a%26b%3Fc%23d@acme.test,e%25f@acme.test?subject=')).toBe(true);
    expect(parseMailto(url).to).toBe('a&b?c#d@acme.test,e%f@acme.test');
  });

  it('leaves the address empty when unknown, so the user fills it in', () => {
    const url = mailtoUrl(undefined, 'Hello', 'Body');
    expect(url).toBe('mailto:?subject=Hello&body=Body');
  });

  it('round-trips any text and keeps every header value within RFC 6068 qchars (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        (subject, body) => {
          const url = mailtoUrl('x@acme.test', subject, body);
          const raw = query(url);
          expect(raw.subject).toMatch(QCHAR_VALUE);
          expect(raw.body).toMatch(QCHAR_VALUE);
          const { headers } = parseMailto(url);
          expect(headers.subject).toBe(subject);
          expect(headers.body).toBe(body.replace(/\r?\n/g, '\r\n'));
        },
      ),
    );
  });

  it('does not throw on text cut in the middle of a surrogate pair (hostile or clipped text)', () => {
    // A 200-character subject limit can cut an emoji in half: the prompt must still be built.
    const role = `${'R'.repeat(187)}😀😀`;
    const person = { key: 'k', name: 'Jane', fromDescription: false };
    const [draft] = thankYouDrafts(
      [
        {
          person,
          interview: { id: 'i', title: 't', notes: {}, interviewers: [person] },
          metBefore: false,
          laterRound: false,
          when: 'today',
        },
      ],
      { company: 'Acme', role },
      'Sam',
    );
    if (!draft) throw new Error('no draft');
    expect(draft.subject).toHaveLength(200);
    const url = mailtoUrl(undefined, draft.subject, `lone \uDC00 low and high \uD83D`);
    const { headers } = parseMailto(url);
    expect(headers.subject).toBe(`${draft.subject.slice(0, 199)}\uFFFD`);
    expect(headers.body).toBe('lone \uFFFD low and high \uFFFD');
  });

  it('never throws and always yields a parseable URL for arbitrary UTF-16 (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 60 }),
        (subject, body) => {
          const { headers } = parseMailto(mailtoUrl('x@acme.test', subject, body));
          expect(headers.subject).toHaveLength(subject.length);
          expect(headers.body?.replace(/\r\n/g, '\n')).toHaveLength(body.replace(/\r?\n/g, '\n').length);
        },
      ),
    );
  });
});
