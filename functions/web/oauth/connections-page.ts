/** The calendars a person has connected, with connect, reconnect and disconnect buttons. */
import type { Connection } from '../../core/model.js';
import type { OAuthProvider } from '../../core/oauth-ports.js';
import { type Html, h } from '../html.js';

export interface ConnectionsView {
  connections: Connection[];
  offered: Array<{ provider: OAuthProvider; label: string; configured: boolean }>;
  notice?: string | undefined;
}

const KIND: Record<Connection['provider'], string> = {
  google: 'Google Calendar',
  microsoft: 'Outlook Calendar',
  ics: 'ICS address',
  demo: 'Demo calendar',
};

function isOAuth(provider: Connection['provider']): provider is OAuthProvider {
  return provider === 'google' || provider === 'microsoft';
}

function row(connection: Connection): Html {
  const name = connection.accountEmail ?? (connection.provider === 'ics' ? 'published calendar' : '');
  const status =
    connection.status === 'broken'
      ? h`<p class="notice error">Needs reconnecting: ${connection.brokenReason ?? 'access was revoked'}.</p>`
      : h`<p>Watching${connection.lastSyncAt ? h`, last read ${connection.lastSyncAt.replace('T', ' ').slice(0, 16)} UTC` : ''}.</p>`;
  const reconnect =
    connection.status === 'broken' && isOAuth(connection.provider)
      ? h`<a class="button" href="/connect/${connection.provider}">Reconnect</a>`
      : '';
  const disconnect = isOAuth(connection.provider)
    ? h`<form method="post" action="/oauth/${connection.provider}/disconnect">
<input type="hidden" name="connectionId" value="${connection.id}">
<button type="submit" class="secondary">Disconnect</button></form>`
    : '';
  return h`<li class="card"><h2>${KIND[connection.provider]}${name ? h` · ${name}` : ''}</h2>${status}${reconnect}${disconnect}</li>`;
}

export function connectionsPage(view: ConnectionsView): Html {
  const buttons = view.offered.map((o) =>
    o.configured
      ? h`<a class="button" href="/connect/${o.provider}">Connect ${o.label}</a>`
      : h`<a class="button secondary" href="/connect/${o.provider}">How to connect ${o.label}</a>`,
  );
  return h`<h1>Your calendars</h1>
${view.notice ? h`<p class="notice ok" role="status">${view.notice}</p>` : ''}
${view.connections.length ? h`<ul class="plain">${view.connections.map(row)}</ul>` : h`<p>No calendar connected yet.</p>`}
<p>${buttons}</p>
<p>Afterview only reads your calendar; it never changes it. Disconnecting stops reading, removes Afterview's access and cancels the prompts still to come from that calendar.</p>`;
}

export function notConnected(): Html {
  return h`<h1>No such calendar</h1><p>There is no connected calendar here by that name. <a href="/connections">Your calendars</a></p>`;
}
