/** A mailer that keeps what it sends (tests read the mails back). */
import type { MailMessage } from '../../functions/core/model.js';
import type { Mailer } from '../../functions/core/ports.js';

/** Keeps every mail it is asked to send, in order. */
export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  /** Called before each send: throws when the (simulated) process is dead. */
  constructor(private readonly gate: () => void = () => {}) {}
  async send(message: MailMessage): Promise<{ messageId: string }> {
    this.gate();
    this.sent.push(message);
    return { messageId: `<${message.idempotencyKey}@test>` };
  }
  /** Mails of one prompt kind (the `kind` tag). */
  ofKind(kind: string): MailMessage[] {
    return this.sent.filter((mail) => mail.tags.kind === kind);
  }
}
