/** The sign-in pages: ask for a link, the answer, and the one-button page a link opens. */
import type { LinkRejectedError } from '../../core/errors.js';
import { type Html, h } from '../html.js';

export interface SignInFormOptions {
  problem?: string;
  email?: string;
  /** On the local runner mails land in the outbox: say where to look. */
  outbox?: boolean;
}

/** `/sign-in`: an address, and a button to mail a link to it. */
export function signInForm(options: SignInFormOptions = {}): Html {
  return h`<h1>Sign in to Afterview</h1>
<p>No password: we email you a link that signs you in.</p>
${options.problem ? h`<p class="notice error" role="alert" id="email-problem">${options.problem}</p>` : ''}
<form method="post" action="/sign-in">
<div class="field"><label for="email">Your email address</label>
<input type="email" id="email" name="email" required maxlength="320" autocomplete="email" inputmode="email"${
    options.problem ? h` aria-describedby="email-problem" aria-invalid="true"` : ''
  } value="${options.email ?? ''}"></div>
<button type="submit">Email me a sign-in link</button>
</form>
${options.outbox ? h`<p class="muted">On this machine mails are not sent: they land in the <a href="/outbox">outbox</a>.</p>` : ''}`;
}

/** The same answer whether or not the address may use Afterview. */
export function signInSent(email: string, validMinutes: number, outbox: boolean): Html {
  return h`<h1>Check your email</h1>
<p>If <strong>${email}</strong> may use this Afterview, a sign-in link is on its way to it. The link works once, for ${validMinutes} minutes.</p>
${outbox ? h`<p>On this machine it lands in the <a href="/outbox">outbox</a>.</p>` : ''}
<p class="muted">Nothing came? Check your spam folder, or <a href="/sign-in">ask again</a>.</p>`;
}

export function signInLimited(): Html {
  return h`<h1>Too many sign-in requests</h1>
<p>To protect your inbox, we sent no new link. Please use the last one we sent, or try again in an hour.</p>`;
}

/** What a sign-in link opens: one button (mail scanners open links; only a press signs in). */
export function signInButton(email: string, action: string): Html {
  return h`<h1>Sign in as ${email}</h1>
<p>Press the button to sign in to Afterview on this device.</p>
<form method="post" action="${action}">
<button type="submit">Sign in</button>
</form>`;
}

const REJECTED: Record<LinkRejectedError['reason'], { title: string; message: string; status: 400 | 410 }> = {
  invalid: {
    title: "This sign-in link isn't valid",
    message: 'It may have been copied incompletely. Ask for a new one.',
    status: 400,
  },
  purpose: {
    title: "This sign-in link isn't valid",
    message: 'It is not a sign-in link. Ask for a new one.',
    status: 400,
  },
  expired: {
    title: 'This sign-in link has expired',
    message: 'Sign-in links work for a short time only. Ask for a new one.',
    status: 410,
  },
  used: {
    title: 'This sign-in link was used already',
    message: 'Each sign-in link works once. Ask for a new one.',
    status: 410,
  },
};

export function signInRejected(reason: LinkRejectedError['reason']): {
  status: 400 | 410;
  title: string;
  body: Html;
} {
  const r = REJECTED[reason];
  return {
    status: r.status,
    title: r.title,
    body: h`<h1>${r.title}</h1><p>${r.message}</p><p><a class="button" href="/sign-in">Get a new sign-in link</a></p>`,
  };
}

/** The address behind a link left the allow-list (or its account is gone). */
export function signInRefused(): Html {
  return h`<h1>You cannot sign in here</h1><p>This Afterview no longer accepts this address. Ask the person who runs it.</p>`;
}

export function signedOut(): Html {
  return h`<h1>You are signed out</h1><p>Your session has ended on this device.</p><p><a class="button" href="/sign-in">Sign in again</a></p>`;
}
