/**
 * Sends prompt mails through SES v2 as raw MIME (built by `buildMime`), so
 * the one-click unsubscribe and auto-submitted headers reach the mailbox.
 */
import { type MessageTag, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailMessage } from '../../core/model.js';
import type { Clock, Mailer } from '../../core/ports.js';
import { buildMime } from './mime.js';

/** SES allows at most 50 tags per message, each name and value 1..256 of [A-Za-z0-9_-]. */
const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 256;

/** What `SesMailer` needs: a client built once per container and the sender. */
export interface SesMailerDeps {
  client: SESv2Client;
  /** Verified sender: an address or `Name <address>`. */
  from: string;
  /** Configuration set for event publishing, when one is set up. */
  configurationSetName?: string;
  clock: Clock;
}

/** `Mailer` on SES v2 `SendEmail` with raw content. */
export class SesMailer implements Mailer {
  readonly #deps: SesMailerDeps;

  constructor(deps: SesMailerDeps) {
    this.#deps = deps;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const { client, from, configurationSetName, clock } = this.#deps;
    const raw = await buildMime(message, from, clock.now());
    const output = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [message.to] },
        Content: { Raw: { Data: raw } },
        ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        EmailTags: sesTags(message.tags ?? {}),
      }),
    );
    if (!output.MessageId) throw new Error('SES SendEmail returned no MessageId');
    return { messageId: output.MessageId };
  }
}

/** Tags as SES accepts them: other characters become `_`; empty ones are dropped. */
export function sesTags(tags: Record<string, string>): MessageTag[] {
  const result: MessageTag[] = [];
  for (const [name, value] of Object.entries(tags)) {
    const Name = sanitiseTag(name);
    const Value = sanitiseTag(value);
    if (Name && Value) result.push({ Name, Value });
  }
  return result.slice(0, MAX_TAGS);
}

function sanitiseTag(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_TAG_LENGTH);
}
