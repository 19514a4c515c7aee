/**
 * Walks a connector's consent the way a browser does against the local
 * Google server: open the authorization URL, follow its redirect back, and
 * hand the code to `exchange`. Returns the account, or the redirect's error.
 */
import type { ConnectedAccount, OAuthConnector } from '../../../functions/core/oauth-ports.js';

export async function consent(
  connector: OAuthConnector,
  redirectUri: string,
): Promise<{ account: ConnectedAccount; authUrl: URL }> {
  const state = 'state-for-a-test-1234567890';
  const { url, codeVerifier } = await connector.authorize({ state, redirectUri });
  const answer = await fetch(url, { redirect: 'manual' });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location)
    throw new Error(`consent answered ${answer.status}: ${await answer.text()}`);
  const back = new URL(location);
  if (back.searchParams.get('state') !== state) throw new Error('the state did not come back');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`consent refused: ${back.searchParams.get('error')}`);
  return { account: await connector.exchange({ code, codeVerifier, redirectUri }), authUrl: new URL(url) };
}
