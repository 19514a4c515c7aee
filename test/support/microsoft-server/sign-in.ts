/** Plays the browser's part of the code flow against the local Microsoft server. */
import { expect } from 'vitest';

/** Follows the authorization URL as a browser would, and returns the redirect back to us. */
export async function followAuthorize(authorizationUrl: string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = response.headers.get('location');
  if (!location) throw new Error('authorize answered without a Location');
  return new URL(location);
}
