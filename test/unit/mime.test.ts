import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMime, messageIdFor } from '../../functions/adapters/mail/mime.js';
import type { MailMessage } from '../../functions/core/model.js';

const FROM = 'Afterview <prompts@mail.example.test>';
const DATE = new Date('2030-02-03T04:05:06.000Z');

const hostileSubject =
  'Merci Zoë — 面接 📅 "<script>alert(1)</script>"\r\nBcc: evil@attacker.test =?utf-8?q?x?=';
const MESSAGE: MailMessage = {
  to: 'jo@example.test',
  subject: hostileSubject,
  text: 'Time to thank Jane Doe.\nLine two — ünïcödé.',
  html: '<p>Time to thank <b>Jane Doe</b>.</p><p>ünïcödé</p>',
  unsubscribeUrl: 'https://app.example.test/a/eyJhbGciOiJIUzI1NiJ9.eyJwIjoicGF1c2UifQ.sig?x=1&y=2',
  idempotencyKey: 'prompt#u1#thank-you#i1',
  tags: { kind: 'thank-you' },
};

describe('buildMime', () => {
  it('builds a multipart/alternative mail that parses back to the same content', async () => {
    const raw = await buildMime(MESSAGE, FROM, DATE);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(
      'Merci Zoë — 面接 📅 "<script>alert(1)</script>" Bcc: evil@attacker.test =?utf-8?q?x?=',
    );
    expect(parsed.text?.trim()).toBe(MESSAGE.text);
    expect(parsed.html).toBe(MESSAGE.html);
    expect(parsed.from?.value).toEqual([{ address: 'prompts@mail.example.test', name: 'Afterview' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'jo@example.test', name: '' }] });
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.date?.toISOString()).toBe(DATE.toISOString());
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  it('keeps headers ASCII with CRLF line ends and no injected header lines', async () => {
    const raw = (await buildMime(MESSAGE, FROM, DATE)).toString('latin1');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(head.replace(/\r\n/g, '')).not.toContain('\n');
    expect(head).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(head).not.toMatch(/^Bcc:/im);
  });

  it('adds one-click unsubscribe and auto-submitted headers', async () => {
    const parsed = await simpleParser(await buildMime(MESSAGE, FROM, DATE));
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const lines = new Map(parsed.headerLines.map((header) => [header.key, unfold(header.line)]));
    expect(lines.get('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(lines.get('list-unsubscribe')).toBe(
      'List-Unsubscribe: <https://app.example.test/a/eyJhbGciOiJIUzI1NiJ9.eyJwIjoicGF1c2UifQ.sig?x=1&y=2>',
    );
    expect(parsed.headers.get('list')).toMatchObject({
      unsubscribe: { url: 'https://app.example.test/a/eyJhbGciOiJIUzI1NiJ9.eyJwIjoicGF1c2UifQ.sig?x=1&y=2' },
    });
  });

  it('leaves out unsubscribe headers without a URL', async () => {
    const { unsubscribeUrl: _omit, ...rest } = MESSAGE;
    const parsed = await simpleParser(await buildMime(rest, FROM, DATE));
    expect(parsed.headers.has('list')).toBe(false);
    expect(parsed.headerLines.some((header) => header.key.startsWith('list-'))).toBe(false);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('derives a stable Message-ID from the idempotency key', async () => {
    const first = await simpleParser(await buildMime(MESSAGE, FROM, DATE));
    const again = await simpleParser(await buildMime(MESSAGE, FROM, new Date()));
    const other = await simpleParser(await buildMime({ ...MESSAGE, idempotencyKey: 'other' }, FROM, DATE));
    expect(first.messageId).toBe(messageIdFor(MESSAGE.idempotencyKey, FROM));
    expect(first.messageId).toMatch(/^<[0-9a-f]{32}@mail\.example\.test>$/);
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('refuses a non-http unsubscribe URL and an invalid message', async () => {
    await expect(buildMime({ ...MESSAGE, unsubscribeUrl: 'javascript:alert(1)' }, FROM)).rejects.toThrow();
    await expect(buildMime({ ...MESSAGE, to: 'not an address' }, FROM)).rejects.toThrow();
  });
});

/** RFC 5322 unfolding: a line break followed by whitespace is not a break. */
function unfold(line: string): string {
  return line.replace(/\r?\n(?=[ \t])/g, '');
}
