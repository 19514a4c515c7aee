/**
 * MSAL's token cache, persisted per connection through a cache plugin and
 * encrypted by the `TokenVault`. MSAL reads the cache before each token
 * request and writes it after a refresh; the refresh token never leaves it.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { Connection } from '../../../core/model.js';
import type { Store, TokenVault } from '../../../core/ports.js';
import { retryOnConflict } from '../../../core/retry.js';

/** Where one serialized cache lives. */
export interface CacheSlot {
  load(): Promise<string | undefined>;
  save(serialized: string): Promise<void>;
}

/**
 * Access tokens are left out of what is stored: they last an hour, and
 * without them the cache (refresh token, account, id token) stays under
 * KMS's 4 KB plaintext limit. A sync starts with one silent refresh.
 */
export function storedForm(serialized: string): string {
  const cache = JSON.parse(serialized) as Record<string, unknown>;
  return JSON.stringify({ ...cache, AccessToken: {} });
}

export function cachePlugin(slot: CacheSlot): ICachePlugin {
  // MSAL clears its memory before each access and expects the cache back: within
  // one process the last full cache (access tokens included) is the freshest copy.
  let memory: string | undefined;
  let lastStored: string | undefined;
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      if (memory === undefined) {
        lastStored = await slot.load();
        memory = lastStored;
      }
      if (memory) context.tokenCache.deserialize(memory);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      memory = context.tokenCache.serialize();
      const next = storedForm(memory);
      if (next === lastStored) return;
      await slot.save(next);
      lastStored = next;
    },
  };
}

/** A cache in memory only: the connect flow, before a connection exists. */
export class MemorySlot implements CacheSlot {
  value: string | undefined;
  async load(): Promise<string | undefined> {
    return this.value;
  }
  async save(serialized: string): Promise<void> {
    this.value = serialized;
  }
}

/** The cache kept on the connection entity, encrypted. */
export class ConnectionSlot implements CacheSlot {
  constructor(
    private readonly deps: { store: Store; vault: TokenVault },
    private readonly connection: Pick<Connection, 'userId' | 'id'>,
  ) {}

  async load(): Promise<string | undefined> {
    const fresh = await this.deps.store.get('connection', this.connection.userId, this.connection.id);
    return fresh?.encryptedRefreshToken ? this.deps.vault.decrypt(fresh.encryptedRefreshToken) : undefined;
  }

  async save(serialized: string): Promise<void> {
    const encrypted = await this.deps.vault.encrypt(serialized);
    await retryOnConflict(async () => {
      const fresh = await this.deps.store.get('connection', this.connection.userId, this.connection.id);
      // A disconnected connection keeps no tokens, even from a refresh that was in flight.
      if (!fresh || fresh.status === 'deleted') return;
      await this.deps.store.put('connection', { ...fresh, encryptedRefreshToken: encrypted });
    });
  }
}
