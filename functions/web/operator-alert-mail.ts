/**
 * The one mail the operator (the deployer) gets when a follow-up keeps
 * failing after every re-arm. It names the follow-up by kind, user and
 * times (ids only: calendar text stays out of it) and says where to look.
 * Everything interpolated is escaped.
 */

import { REARM_LIMIT } from '../contracts/rearm-policy.js';
import type { DueFollowup, OperatorAlerts } from '../core/due-followups.js';
import type { Mailer } from '../core/ports.js';
import { h, oneLine } from './html.js';

export interface OperatorAlertMailDeps {
  mailer: Mailer;
  /** Where operator alerts go (the alarm address, else the sender address). */
  operatorEmail: string;
  /** The maintenance function's name: invoking it with `{"rearmFailed":true}` re-arms failed follow-ups. */
  maintenanceFunction: string;
}

export function operatorAlertMail(deps: OperatorAlertMailDeps): OperatorAlerts {
  return {
    async followupFailing(entry: DueFollowup) {
      const subject = oneLine(`Afterview: a ${entry.payload.kind} follow-up keeps failing`);
      const facts: Array<[string, string]> = [
        ['Follow-up', entry.payload.kind],
        ['Schedule', entry.name],
        ['User id', entry.userId],
        ['Last armed for', entry.at],
        ['Re-armed', `${REARM_LIMIT} times`],
      ];
      const steps = [
        "Read the followup function's log group in CloudWatch around the times above: the error is there.",
        'Look at the follow-up failure queue (README, Runbooks): each failed invocation is kept there with its error.',
        `Fix the cause (SES sandbox or identity, a missing secret, throttling), then re-arm every failed follow-up: aws lambda invoke --function-name ${deps.maintenanceFunction} --cli-binary-format raw-in-base64-out --payload '{"rearmFailed":true}' /dev/stdout`,
        'Re-arming is safe: a follow-up that went out meanwhile is not sent twice.',
      ];
      const text = [
        `A ${entry.payload.kind} follow-up was re-armed ${REARM_LIMIT} times and never finished, so Afterview stopped re-arming it.`,
        '',
        ...facts.map(([label, value]) => `${label}: ${value}`),
        '',
        'What to do:',
        ...steps.map((step, i) => `${i + 1}. ${step}`),
        '',
        'You get this mail once per follow-up.',
      ].join('\n');
      const html = h`<!doctype html><html><body>
<p>A ${entry.payload.kind} follow-up was re-armed ${REARM_LIMIT} times and never finished, so Afterview stopped re-arming it.</p>
<table>${facts.map(([label, value]) => h`<tr><th align="left">${label}</th><td>${value}</td></tr>`)}</table>
<p>What to do:</p>
<ol>${steps.map((step) => h`<li>${step}</li>`)}</ol>
<p>You get this mail once per follow-up.</p>
</body></html>`;
      await deps.mailer.send({
        to: deps.operatorEmail,
        subject,
        html: html.toString(),
        text,
        idempotencyKey: `operator#${entry.name}#${entry.version}`,
        tags: { kind: 'operator-alert' },
      });
    },
  };
}
