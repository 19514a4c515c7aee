/**
 * Pages of the connect flow. Every refusal says what happened in plain words,
 * that nothing was stored, and offers a way to try again. Provider labels and
 * account names are escaped like everything else.
 */
import type { OAuthFailure } from '../../core/oauth-ports.js';
import { type Html, h } from '../html.js';
import type { StateProblem } from './state-cookie.js';

export interface ProblemPage {
  status: 400 | 403 | 404 | 409 | 502;
  title: string;
  body: Html;
}

/** Why a connection was not made (every case stores nothing). */
export type ConnectProblem =
  | { kind: 'denied'; label: string; connectUrl: string }
  | { kind: 'provider-error'; label: string; connectUrl: string }
  | { kind: 'state'; problem: StateProblem | 'replayed'; label: string; connectUrl: string }
  | { kind: 'flow'; reason: OAuthFailure; label: string; connectUrl: string }
  | { kind: 'unverified-email'; label: string; connectUrl: string; email: string }
  | { kind: 'not-allowed'; label: string; email: string }
  | { kind: 'not-configured'; label: string; hint: string }
  | { kind: 'unknown-provider' };

const NOTHING_STORED = 'Nothing was stored.';

function retry(connectUrl: string, label: string): Html {
  return h`<p><a class="button" href="${connectUrl}">Connect ${label} again</a> <a class="button secondary" href="/">Back to Afterview</a></p>`;
}

const STATE_TEXT: Record<StateProblem | 'replayed', string> = {
  missing:
    'This sign-in did not start in this browser, or its cookie was blocked, so Afterview cannot be sure it was you who asked.',
  expired: 'This sign-in took longer than ten minutes and has expired.',
  mismatch: 'This answer does not belong to the sign-in this browser started.',
  replayed: 'This answer was already used once.',
};

const FLOW_TEXT: Record<OAuthFailure, string> = {
  'no-refresh-token':
    'The provider did not give Afterview lasting (offline) access, which it needs to read your calendar while you are away. Remove Afterview from the apps that can access your account, then connect again and accept every permission asked.',
  'exchange-refused':
    'The provider refused to finish the sign-in (the answer may have expired or been used already).',
  'id-token-invalid': 'The provider’s answer about who you are could not be verified.',
  'calendar-not-granted':
    'Access to your calendar was not ticked on the consent screen, and Afterview cannot work without reading it. Connect again and leave calendar access ticked.',
};

export function connectProblemPage(problem: ConnectProblem): ProblemPage {
  switch (problem.kind) {
    case 'denied':
      return {
        status: 403,
        title: 'Not connected',
        body: h`<h1>${problem.label} was not connected</h1>
<p>You chose not to give Afterview access. ${NOTHING_STORED} Afterview only ever reads your calendar; it never changes it.</p>
${retry(problem.connectUrl, problem.label)}`,
      };
    case 'provider-error':
      return {
        status: 502,
        title: 'Not connected',
        body: h`<h1>${problem.label} was not connected</h1>
<p>The provider answered with an error. ${NOTHING_STORED}</p>${retry(problem.connectUrl, problem.label)}`,
      };
    case 'state':
      return {
        status: 400,
        title: 'Sign-in not accepted',
        body: h`<h1>This sign-in could not be accepted</h1>
<p>${STATE_TEXT[problem.problem]} ${NOTHING_STORED}</p>${retry(problem.connectUrl, problem.label)}`,
      };
    case 'flow':
      return {
        status: problem.reason === 'no-refresh-token' ? 409 : 502,
        title: 'Not connected',
        body: h`<h1>${problem.label} was not connected</h1>
<p>${FLOW_TEXT[problem.reason]} ${NOTHING_STORED}</p>${retry(problem.connectUrl, problem.label)}`,
      };
    case 'unverified-email':
      return {
        status: 403,
        title: 'Address not verified',
        body: h`<h1>Your address is not verified</h1>
<p>The provider does not vouch for <strong>${problem.email}</strong>, so Afterview cannot use it to know who you are. Verify the address with the provider, or connect another account. ${NOTHING_STORED}</p>
${retry(problem.connectUrl, problem.label)}`,
      };
    case 'not-allowed':
      return {
        status: 403,
        title: 'Not on the list',
        body: h`<h1>This Afterview is not open to ${problem.email}</h1>
<p>Whoever runs this copy of Afterview has not added your address to its allow-list. ${NOTHING_STORED} If you think you should have access, ask them to add you, then connect again.</p>`,
      };
    case 'not-configured':
      return {
        status: 404,
        title: 'Not set up',
        body: h`<h1>${problem.label} is not set up here yet</h1><p>${problem.hint}</p><p><a class="button secondary" href="/">Back to Afterview</a></p>`,
      };
    case 'unknown-provider':
      return {
        status: 404,
        title: 'Not found',
        body: h`<h1>Unknown calendar provider</h1><p>Afterview connects Google and Outlook calendars.</p>`,
      };
  }
}

/** After a connection in a deployment, where no dashboard session exists yet. */
export function connectedPage(label: string, email: string): Html {
  return h`<h1>${label} connected</h1>
<p>Afterview now follows the calendar of <strong>${email}</strong> and will mail you prompts there when your interviews end.</p>`;
}
