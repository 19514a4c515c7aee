/**
 * The simulation's mail service: records every send with its idempotency key
 * and instant, and refuses some at the fault rate as SES does when the
 * sending rate is exceeded. Like SES, it does not deduplicate.
 */
import type { MailMessage } from '../functions/core/model.js';
import type { Clock, Mailer } from '../functions/core/ports.js';
import { type FaultPlan, SesThrottledError } from './faults.js';

export interface SentMail {
  to: string;
  key: string;
  kind: string;
  at: number;
  subject: string;
  /** The plain-text body: the checker reads the names and company in it. */
  text: string;
}

export class CountingMailer implements Mailer {
  readonly sent: SentMail[] = [];
  /** Refused sends (throttled). */
  refused = 0;

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultPlan,
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    if (this.faults.hit('ses-throttled')) {
      this.refused += 1;
      throw new SesThrottledError('Maximum sending rate exceeded (simulated)');
    }
    this.sent.push({
      to: message.to,
      key: message.idempotencyKey,
      kind: message.tags?.kind ?? 'unknown',
      at: this.clock.now().getTime(),
      subject: message.subject,
      text: message.text,
    });
    const invocation = this.faults.invocation.getStore();
    if (invocation) invocation.justSent = true;
    return { messageId: `sim-${this.sent.length}` };
  }
}
