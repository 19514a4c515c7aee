/** Short pages that explain something went wrong or is not there. */
import type { LinkRejectedError } from '../../core/errors.js';
import { type Html, h } from '../html.js';

const REJECTED: Record<LinkRejectedError['reason'], { title: string; message: string; status: 400 | 410 }> = {
  invalid: {
    title: "This link isn't valid",
    message: 'It may have been copied incompletely. Nothing was changed. Open the link from the mail again.',
    status: 400,
  },
  purpose: {
    title: "This link isn't valid",
    message: 'It cannot be used for this. Nothing was changed.',
    status: 400,
  },
  expired: {
    title: 'This link has expired',
    message: 'Nothing was changed. Open your dashboard to see what is still open.',
    status: 410,
  },
  used: {
    title: 'Already done',
    message: 'This link has been used already. Nothing was changed this time.',
    status: 410,
  },
};

/** Status and page for a refused signed link; it says why and that nothing changed. */
export function linkRejected(reason: LinkRejectedError['reason']): {
  status: 400 | 410;
  title: string;
  body: Html;
} {
  const r = REJECTED[reason];
  const dashboard = reason === 'expired' ? h`<p><a class="button" href="/">Open your dashboard</a></p>` : '';
  return { status: r.status, title: r.title, body: h`<h1>${r.title}</h1><p>${r.message}</p>${dashboard}` };
}

/** A plain message page body. */
export function messageBody(title: string, message: string): Html {
  return h`<h1>${title}</h1><p>${message}</p><p><a href="/">Back to the start</a></p>`;
}
