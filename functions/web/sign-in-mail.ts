/** The sign-in mail: short, one link, escaped like every mail. */
import type { SignInMailView } from '../core/users/sign-in.js';
import { h } from './html.js';

export function renderSignInMail(view: SignInMailView): { subject: string; html: string; text: string } {
  const subject = 'Your Afterview sign-in link';
  const html = h`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933;line-height:1.5">
<p>Someone (we hope you) asked to sign in to Afterview as ${view.to}.</p>
<p><a href="${view.url}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;border-radius:8px;text-decoration:none;font-weight:600">Sign in to Afterview</a></p>
<p style="color:#52606d">The link works once, for ${view.validMinutes} minutes. If you did not ask for it, ignore this mail: nothing happens without the link.</p>
</body></html>`.toString();
  const text = [
    `Someone (we hope you) asked to sign in to Afterview as ${view.to}.`,
    '',
    'Sign in:',
    view.url,
    '',
    `The link works once, for ${view.validMinutes} minutes. If you did not ask for it, ignore this mail: nothing happens without the link.`,
    '',
  ].join('\n');
  return { subject, html, text };
}
