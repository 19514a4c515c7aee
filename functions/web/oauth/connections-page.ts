/** The dashboard's calendar strip, and the answer to disconnecting a calendar that is not there (the Connections page is `pages/connections-page.ts`). */
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

export function notConnected(): Html {
  return h`<h1>No such calendar</h1><p>There is no connected calendar here by that name. <a href="/connections">Your calendars</a></p>`;
}

/**
 * The dashboard's line about calendars: which are read, and the button to
 * connect Google or Outlook (it explains the setup when a provider is not
 * configured here).
 */
export function calendarStrip(
  connections: Connection[],
  offered: ConnectionsView['offered'],
  justConnected?: string,
): Html {
  const live = connections.filter((c) => c.status !== 'deleted');
  const names = live.map((c) =>
    c.accountEmail ? `${KIND[c.provider]} (${c.accountEmail})` : KIND[c.provider],
  );
  const broken = live.filter((c) => c.status === 'broken');
  const onlyDemo = live.length > 0 && live.every((c) => c.provider === 'demo');
  const connected = offered.find((o) => o.provider === justConnected);
  const buttons = offered
    .filter((o) => !live.some((c) => c.provider === o.provider && c.status === 'active'))
    .map(
      (o) =>
        h`<a class="button${o.configured ? '' : ' secondary'}" href="/connect/${o.provider}">Connect ${o.label}</a>`,
    );
  return h`<div class="card calendars">
${connected ? h`<p class="notice ok" role="status">${connected.label} connected. Afterview is reading it now.</p>` : ''}
${broken.length ? h`<p class="notice error">${broken.map((c) => KIND[c.provider]).join(', ')} needs reconnecting. <a href="/connections">Your calendars</a></p>` : ''}
<p>${onlyDemo ? 'Showing the demo calendar. Connect your own calendar to follow up on your real interviews; the demo then goes away.' : h`Reading: ${names.join(', ') || 'no calendar yet'}. <a href="/connections">Manage calendars</a>`}</p>
${buttons.length ? h`<p>${buttons}</p>` : ''}
</div>`;
}
