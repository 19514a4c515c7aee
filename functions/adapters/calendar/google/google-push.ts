/**
 * Google push channels for a connection's events: `events.watch` with a
 * random channel id, the webhook's per-channel token, our webhook address and
 * an explicit lifetime; `channels.stop` to end one. A channel Google no
 * longer knows counts as stopped.
 */
import { randomUUID } from 'node:crypto';
import { CADENCE } from '../../../contracts/cadence.js';
import type { Connection } from '../../../core/model.js';
import type { OpenedChannel, PushChannels } from '../../../core/oauth-ports.js';
import type { Clock, TokenVault } from '../../../core/ports.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, withBackoff } from './google-backoff.js';
import { CALL_OPTIONS, calendarClient, clientFor } from './google-clients.js';
import type { GoogleClientConfig } from './google-config.js';
import { classifyGoogleError, translateGoogleError } from './google-errors.js';

export interface GooglePushDeps {
  config: GoogleClientConfig;
  vault: TokenVault;
  /** Where Google posts notifications: `<API>/webhooks/google`. */
  webhookUrl: string;
  clock: Clock;
  backoff?: BackoffPolicy;
}

export class GooglePush implements PushChannels {
  constructor(private readonly deps: GooglePushDeps) {}

  async open(connection: Connection, token: string): Promise<OpenedChannel> {
    const api = calendarClient(
      this.deps.config,
      await clientFor(this.deps.config, this.deps.vault, connection),
    );
    const ttlSeconds = CADENCE.googleChannelTtlHours * 60 * 60;
    const requested = this.deps.clock.now().getTime() + ttlSeconds * 1000;
    const reply = await this.#call(() =>
      api.events.watch(
        {
          calendarId: connection.calendarId,
          requestBody: {
            id: randomUUID(),
            type: 'web_hook',
            address: this.deps.webhookUrl,
            token,
            expiration: String(requested),
            params: { ttl: String(ttlSeconds) },
          },
        },
        CALL_OPTIONS,
      ),
    );
    const { id, resourceId, expiration } = reply.data;
    if (!id) throw new Error('Google answered events.watch without a channel id');
    // Google may grant less than asked; what it says is what we renew by.
    const expiresAt = expiration ? Number(expiration) : requested;
    return {
      channelId: id,
      ...(resourceId ? { resourceId } : {}),
      expiresAt: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  async close(connection: Connection, channel: { channelId: string; resourceId?: string }): Promise<void> {
    const api = calendarClient(
      this.deps.config,
      await clientFor(this.deps.config, this.deps.vault, connection),
    );
    try {
      await this.#call(() =>
        api.channels.stop(
          { requestBody: { id: channel.channelId, resourceId: channel.resourceId } },
          CALL_OPTIONS,
        ),
      );
    } catch (error) {
      if (classifyGoogleError(error).kind === 'not-found') return;
      throw error;
    }
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await withBackoff(call, this.deps.backoff ?? DEFAULT_BACKOFF);
    } catch (error) {
      throw translateGoogleError(error);
    }
  }
}
