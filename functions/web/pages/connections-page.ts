/** The Connections page: each calendar with its status in words, and ways to add one. */
import { providerName } from '../../core/connections.js';
import type { Connection } from '../../core/model.js';
import { formatInstant } from '../format.js';
import { type Html, h } from '../html.js';

/** Which calendar providers can be connected by signing in with them (their OAuth is configured). */
export interface ProviderSetup {
  google: boolean;
  microsoft: boolean;
}

export interface ConnectionsPageOptions {
  connections: Connection[];
  zone: string;
  now: Date;
  providers: ProviderSetup;
  notice?: { kind: 'ok' | 'error'; text: string };
  /** The ICS address as typed, shown again after a problem. */
  address?: string;
}

export function connectionsPage(o: ConnectionsPageOptions): Html {
  return h`<h1>Connections</h1>
${o.notice ? h`<p class="notice ${o.notice.kind}" role="${o.notice.kind === 'error' ? 'alert' : 'status'}">${o.notice.text}</p>` : ''}
<section aria-labelledby="yours">
<h2 id="yours">Your calendars</h2>
${
  o.connections.length === 0
    ? h`<p>No calendar is connected yet. Connect one below: Afterview then finds your interviews in it.</p>`
    : h`<ul class="plain">${o.connections.map((c) => connectionItem(c, o.zone, o.now))}</ul>`
}
</section>
<section aria-labelledby="add">
<h2 id="add">Connect a calendar</h2>
<div class="card">
<h3>Google Calendar</h3>
${providerButton('google', o.providers.google)}
</div>
<div class="card">
<h3>Outlook</h3>
${providerButton('microsoft', o.providers.microsoft)}
</div>
<div class="card">
<h3>Any calendar with an ICS address</h3>
<p class="muted">iCloud, Fastmail, Proton, or the secret address of a Google or Outlook calendar. Afterview reads it every few minutes.</p>
<form method="post" action="/connections/ics">
<div class="field"><label for="ics-address">Calendar address</label>
<input type="url" id="ics-address" name="address" required maxlength="2048" placeholder="https://… or webcal://…" value="${o.address ?? ''}"></div>
<button type="submit">Connect</button>
</form>
</div>
</section>`;
}

const SETUP: Record<'google' | 'microsoft', string> = {
  google:
    'Connecting Google is not set up on this Afterview yet. Whoever runs it registers an OAuth client with Google, then puts its client id and secret in the OAuth secret of the deployment (README, "Deploying", steps 4 and 5), or, on the local runner, starts it with GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET set. Until then, use the calendar’s secret ICS address below.',
  microsoft:
    'Connecting Outlook is not set up on this Afterview yet. Whoever runs it registers an app with Microsoft, then puts its client id and secret in the OAuth secret of the deployment (README, "Deploying", steps 4 and 5), or, on the local runner, starts it with MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET set. Until then, use the calendar’s ICS address below.',
};

function providerButton(provider: 'google' | 'microsoft', configured: boolean): Html {
  const name = provider === 'google' ? 'Google' : 'Outlook';
  if (!configured) return h`<p class="muted">${SETUP[provider]}</p>`;
  return h`<p><a class="button" href="/connect/${provider}">Connect with ${name}</a></p>`;
}

function connectionItem(c: Connection, zone: string, now: Date): Html {
  const label = c.provider === 'ics' ? c.calendarId : providerName(c.provider);
  const base = `/connections/${encodeURIComponent(c.id)}`;
  const reconnect =
    c.provider === 'google' || c.provider === 'microsoft'
      ? h`<a class="button secondary" href="/connect/${c.provider}">Reconnect</a>`
      : h`<form method="post" action="${base}/reconnect" class="inline"><button type="submit" class="secondary">Reconnect</button></form>`;
  const needsReconnect = c.status === 'broken' || (c.failures ?? 0) > 0;
  // Google and Outlook disconnect through their OAuth route: it also stops the push channel and revokes the grant.
  const disconnect =
    c.provider === 'google' || c.provider === 'microsoft'
      ? h`<form method="post" action="/oauth/${c.provider}/disconnect" class="inline"><input type="hidden" name="connectionId" value="${c.id}"><button type="submit" class="secondary">Disconnect</button></form>`
      : h`<form method="post" action="${base}/disconnect" class="inline"><button type="submit" class="secondary">Disconnect</button></form>`;
  return h`<li>
<p><strong>${providerName(c.provider)}</strong>${c.provider === 'ics' ? h`<br><span class="muted">${label}</span>` : ''}</p>
<p>${status(c, zone, now)}</p>
<div class="row">
${needsReconnect ? reconnect : ''}
${disconnect}
</div>
</li>`;
}

/** The status in words: watching, needs reconnecting (why), or an error (what). */
function status(c: Connection, zone: string, now: Date): Html {
  if (c.status === 'broken') {
    return h`<span class="tag bad">Needs reconnecting</span> ${brokenReason(c.brokenReason)}`;
  }
  if (c.failures) {
    const since = c.failingSince ? formatInstant(c.failingSince, zone, now) : undefined;
    const next = c.retryAt ? h` Next try: ${formatInstant(c.retryAt, zone, now)}.` : '';
    return h`<span class="tag bad">Error</span> The calendar could not be read${since ? h` since ${since}` : ''}: ${c.failureReason ?? 'it did not answer'}. Afterview keeps trying.${next}`;
  }
  const read = c.lastSyncAt ? `last read ${formatInstant(c.lastSyncAt, zone, now)}` : 'not read yet';
  return h`<span class="tag good">Watching</span> <span class="muted">${read}</span>`;
}

function brokenReason(reason: string | undefined): string {
  if (!reason || /revoked|invalid_grant/i.test(reason)) {
    return 'Access was taken back (the password changed, or access was removed in the account’s settings).';
  }
  return `It stopped working: ${reason}.`;
}
