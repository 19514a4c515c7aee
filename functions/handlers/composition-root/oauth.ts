/**
 * The OAuth calendar providers of a deployment, from its OAuth secret: the
 * connectors (consent and grant) and the push channels. A provider whose
 * client is not set up is not offered.
 */
import type { GoogleClientConfig } from '../../adapters/calendar/google/google-config.js';
import { GoogleConnector } from '../../adapters/calendar/google/google-connector.js';
import { GooglePush } from '../../adapters/calendar/google/google-push.js';
import type { MicrosoftConfig } from '../../adapters/calendar/microsoft/microsoft-config.js';
import { MicrosoftConnector } from '../../adapters/calendar/microsoft/microsoft-connector.js';
import type { Connection } from '../../core/model.js';
import { type ConnectDeps, openChannel } from '../../core/oauth-connections.js';
import type { OAuthConnector, OAuthProvider, PushChannels } from '../../core/oauth-ports.js';
import type { ChannelKeeper, Clock, Log, Store, TokenVault } from '../../core/ports.js';
import { microsoftPush } from './microsoft.js';

export function cloudConnectors(
  google: GoogleClientConfig | undefined,
  log: Log,
  microsoft?: MicrosoftConfig,
) {
  const connectors: Partial<Record<OAuthProvider, OAuthConnector>> = {};
  if (google) connectors.google = new GoogleConnector({ config: google, log });
  if (microsoft) connectors.microsoft = new MicrosoftConnector({ config: microsoft, log });
  return connectors;
}

/** Push channels per provider; notifications arrive at `<BASE_URL>/webhooks/<provider>`. */
export function cloudPush(parts: {
  google: GoogleClientConfig | undefined;
  vault: TokenVault;
  baseUrl: string;
  clock: Clock;
  /** Outlook's app and the store its token caches live in. */
  microsoft?: { config: MicrosoftConfig; store: Store };
}): (provider: Connection['provider']) => PushChannels | undefined {
  const base = parts.baseUrl.replace(/\/$/, '');
  const google = parts.google
    ? new GooglePush({
        config: parts.google,
        vault: parts.vault,
        webhookUrl: `${base}/webhooks/google`,
        clock: parts.clock,
      })
    : undefined;
  const microsoft =
    parts.microsoft && microsoftPush(parts.microsoft.config, parts.microsoft.store, parts.vault, base);
  return (provider) => (provider === 'google' ? google : provider === 'microsoft' ? microsoft : undefined);
}

/**
 * Google's `ChannelKeeper`: renewing opens a new channel, stores it, then
 * stops the old one (`openChannel`); stopping ends the current channel.
 */
export function googleKeeper(deps: ConnectDeps): ChannelKeeper | undefined {
  const push = deps.push?.('google');
  if (!push) return undefined;
  return {
    keep: async (connection) => {
      await openChannel(deps, connection);
    },
    stop: async (connection) => {
      if (!connection.channelId) return;
      await push.close(connection, {
        channelId: connection.channelId,
        resourceId: connection.channelResourceId,
      });
    },
  };
}
