/** Prompt mails through SES v2. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { requireEnv } from '../../adapters/config.js';
import { SesMailer } from '../../adapters/mail/ses-mailer.js';
import type { Mailer } from '../../core/ports.js';
import { clock } from './container.js';

export function cloudMailer(): Mailer {
  return new SesMailer({ client: new SESv2Client({}), from: requireEnv('SENDER_EMAIL'), clock });
}
