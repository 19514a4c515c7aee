/** Connects an Outlook account of the local Microsoft server as the callback would, and stores the connection. */
import type { MicrosoftConfig } from '../../../functions/adapters/calendar/microsoft/microsoft-config.js';
import { MicrosoftConnector } from '../../../functions/adapters/calendar/microsoft/microsoft-connector.js';
import { connectionIdFor } from '../../../functions/core/ids.js';
import type { Connection } from '../../../functions/core/model.js';
import type { Log, Store, TokenVault } from '../../../functions/core/ports.js';
import type { MicrosoftServer } from './server.js';
import { followAuthorize } from './sign-in.js';

export const TEST_REDIRECT = 'http://127.0.0.1:3000/oauth/microsoft/callback';

export async function connectOutlook(input: {
  server: MicrosoftServer;
  config: MicrosoftConfig;
  store: Store;
  vault: TokenVault;
  log: Log;
  userId: string;
  email: string;
}): Promise<Connection> {
  const connector = new MicrosoftConnector({ config: input.config, log: input.log });
  input.server.signInNext(input.email);
  const request = await connector.authorize({ redirectUri: TEST_REDIRECT, state: 'state' });
  const back = await followAuthorize(request.url);
  const account = await connector.exchange({
    code: back.searchParams.get('code') ?? '',
    codeVerifier: request.codeVerifier,
    redirectUri: TEST_REDIRECT,
  });
  return input.store.put('connection', {
    userId: input.userId,
    id: connectionIdFor('microsoft', account.email),
    version: 0,
    provider: 'microsoft',
    calendarId: account.calendarId,
    accountEmail: account.email,
    status: 'active',
    encryptedRefreshToken: await input.vault.encrypt(account.secret),
  });
}
