import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMime } from '../../functions/adapters/mail/mime.js';
import { SesMailer, sesTags } from '../../functions/adapters/mail/ses-mailer.js';
import type { MailMessage } from '../../functions/core/model.js';

const NOW = new Date('2030-02-03T04:05:06.000Z');
const FROM = 'Afterview <prompts@mail.example.test>';
const MESSAGE: MailMessage = {
  to: 'jo@example.test',
  subject: 'Time to thank Jane — 面接',
  text: 'Hello',
  html: '<p>Hello</p>',
  unsubscribeUrl: 'https://app.example.test/a/token',
  idempotencyKey: 'prompt#u1#thank-you#i1',
  tags: { kind: 'thank-you', 'user id': 'u1@example', empty: '' },
};

describe('SesMailer', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());

  function mailer(configurationSetName?: string) {
    return new SesMailer({
      client: new SESv2Client({ region: 'eu-west-1' }),
      from: FROM,
      clock: { now: () => NOW },
      ...(configurationSetName ? { configurationSetName } : {}),
    });
  }

  it('sends the raw MIME with sender, recipient, configuration set and sanitised tags', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-123' });
    const result = await mailer('afterview').send(MESSAGE);
    expect(result).toEqual({ messageId: 'ses-123' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({
      FromEmailAddress: FROM,
      Destination: { ToAddresses: ['jo@example.test'] },
      Content: { Raw: { Data: expect.any(Buffer) } },
      ConfigurationSetName: 'afterview',
      EmailTags: [
        { Name: 'kind', Value: 'thank-you' },
        { Name: 'user_id', Value: 'u1_example' },
      ],
    });
    // The same MIME as buildMime gives, up to the random multipart boundary.
    const sent = Buffer.from(input.Content!.Raw!.Data!).toString();
    const expected = (await buildMime(MESSAGE, FROM, NOW)).toString();
    expect(withoutBoundaries(sent)).toBe(withoutBoundaries(expected));
  });

  it('sends a raw mail that carries the unsubscribe headers', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await mailer().send(MESSAGE);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.ConfigurationSetName).toBeUndefined();
    const parsed = await simpleParser(Buffer.from(input.Content!.Raw!.Data!));
    expect(parsed.subject).toBe(MESSAGE.subject);
    expect(parsed.headerLines.some((line) => line.key === 'list-unsubscribe-post')).toBe(true);
  });

  it('propagates SES errors', async () => {
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected'));
    await expect(mailer().send(MESSAGE)).rejects.toThrow('MessageRejected');
  });
});

describe('sesTags', () => {
  it('keeps at most 50 tags of at most 256 allowed characters', () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`t${i}`, 'v'.repeat(300)]));
    const tags = sesTags(many);
    expect(tags).toHaveLength(50);
    for (const tag of tags) {
      expect(tag.Name).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
      expect(tag.Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    }
  });
});

function withoutBoundaries(mime: string): string {
  return mime.replace(/_NmP-[0-9a-f]+-Part_/g, 'BOUNDARY');
}
