import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileName, listOutbox, OutboxMailer, readOutboxMail } from '../../functions/adapters/mail/outbox.js';
import { NotFoundError, ValidationError } from '../../functions/core/errors.js';
import type { MailMessage } from '../../functions/core/model.js';

const FROM = 'Afterview <prompts@localhost.test>';

function message(key: string, subject: string): MailMessage {
  return {
    to: 'jo@example.test',
    subject,
    text: `Text of ${subject}`,
    html: `<p>Html of ${subject.replace(/</g, '&lt;')}</p>`,
    unsubscribeUrl: 'http://localhost:3000/a/pause-token',
    idempotencyKey: key,
    tags: {},
  };
}

describe('OutboxMailer', () => {
  let dataDir: string;
  let now: Date;
  let mailer: OutboxMailer;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'afterview-outbox-'));
    now = new Date('2030-02-03T04:05:06.789Z');
    mailer = new OutboxMailer({ dataDir, from: FROM, clock: { now: () => now } });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function emlFiles(): Promise<string[]> {
    return (await readdir(join(dataDir, 'outbox'))).filter((name) => name.endsWith('.eml'));
  }

  it('saves a valid .eml named by time and key', async () => {
    const { messageId } = await mailer.send(message('prompt#u1#thank-you#i1', 'Thank Zoë'));
    const files = await emlFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^20300203T040506789Z-prompt-u1-thank-you-i1-[0-9a-f]{10}\.eml$/);
    const parsed = await simpleParser(await readFile(join(dataDir, 'outbox', files[0]!)));
    expect(parsed.subject).toBe('Thank Zoë');
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.html).toBe('<p>Html of Thank Zoë</p>');
  });

  it('keeps exactly one file per idempotency key, across time and concurrent sends', async () => {
    const first = await mailer.send(message('k1', 'First'));
    now = new Date('2030-02-03T05:00:00.000Z');
    const again = await mailer.send(message('k1', 'First (retry)'));
    expect(again.messageId).toBe(first.messageId);
    await Promise.all([1, 2, 3, 4, 5].map(() => mailer.send(message('k2', 'Concurrent'))));
    const files = await emlFiles();
    expect(files).toHaveLength(2);
    const subjects = (await listOutbox(dataDir)).map((entry) => entry.subject).sort();
    expect(subjects).toEqual(['Concurrent', 'First']);
  });

  it('writes the mail when an earlier attempt claimed the key but crashed before writing', async () => {
    await mailer.send(message('k1', 'Once'));
    const [file] = await emlFiles();
    await rm(join(dataDir, 'outbox', file!));
    await mailer.send(message('k1', 'Once'));
    expect(await emlFiles()).toEqual([file]);
  });

  it('leaves no temp files behind', async () => {
    await mailer.send(message('k1', 'A'));
    const all = await readdir(join(dataDir, 'outbox'));
    expect(all.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('lists mails newest first with date, recipient and subject', async () => {
    now = new Date('2030-01-01T10:00:00.000Z');
    await mailer.send(message('old', 'Old one'));
    now = new Date('2030-01-02T10:00:00.000Z');
    await mailer.send(message('new', 'New <one>'));
    const list = await listOutbox(dataDir);
    expect(list.map(({ file: _file, ...rest }) => rest)).toEqual([
      { date: '2030-01-02T10:00:00.000Z', to: 'jo@example.test', subject: 'New <one>' },
      { date: '2030-01-01T10:00:00.000Z', to: 'jo@example.test', subject: 'Old one' },
    ]);
  });

  it('lists an empty or missing outbox as empty and skips foreign files', async () => {
    expect(await listOutbox(dataDir)).toEqual([]);
    await mailer.send(message('k', 'Only'));
    await writeFile(join(dataDir, 'outbox', 'notes.txt'), 'x');
    expect((await listOutbox(dataDir)).map((entry) => entry.subject)).toEqual(['Only']);
  });

  it('reads one mail with raw source and decoded parts', async () => {
    await mailer.send(message('k', 'Read me'));
    const [entry] = await listOutbox(dataDir);
    const mail = await readOutboxMail(dataDir, entry!.file);
    expect(mail.subject).toBe('Read me');
    expect(mail.html).toBe('<p>Html of Read me</p>');
    expect(mail.text?.trim()).toBe('Text of Read me');
    expect(mail.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('rejects path traversal and foreign names, and reports a missing mail', async () => {
    await writeFile(join(dataDir, 'secret.eml'), 'Subject: secret\r\n\r\nx');
    for (const bad of [
      '../secret.eml',
      '..%2Fsecret.eml',
      '/etc/passwd',
      'a/b.eml',
      '.claims',
      '',
      'x.eml',
    ]) {
      await expect(readOutboxMail(dataDir, bad)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(readOutboxMail(dataDir, '20300101T000000000Z-gone-0123456789.eml')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('fileName', () => {
  it('is filesystem-safe for hostile keys and distinct for keys with the same slug', () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const a = fileName(now, '../../etc/passwd');
    const b = fileName(now, '..\\..\\etc\\passwd');
    expect(a).toMatch(/^20300101T000000000Z-etc-passwd-[0-9a-f]{10}\.eml$/);
    expect(a).not.toBe(b);
    expect(fileName(now, '💥')).toMatch(/^20300101T000000000Z-[0-9a-f]{10}\.eml$/);
    expect(fileName(now, 'x'.repeat(500)).length).toBeLessThan(100);
  });
});
