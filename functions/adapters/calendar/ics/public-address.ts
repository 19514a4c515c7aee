/**
 * Guards a server that fetches user-given calendar URLs (SSRF): in the cloud
 * a feed URL must not reach loopback (the Lambda runtime API listens there),
 * private networks or link-local metadata addresses. The check resolves the
 * host name first; a DNS answer that changes between the check and the fetch
 * is not covered.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { IcsFetchError } from './errors.js';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses a public calendar feed cannot live at. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return mapped ? blocked.check(mapped, 'ipv4') : blocked.check(address, 'ipv6');
}

/** Throws `IcsFetchError` unless every address of the URL's host is public. */
export async function assertPublicHost(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch (error) {
    throw new IcsFetchError(`cannot resolve calendar host ${url.host}`, undefined, { cause: error });
  }
  if (addresses.length === 0 || addresses.some(isNonPublicAddress)) {
    throw new IcsFetchError(`calendar host ${url.host} is not a public address`, undefined, {
      permanent: true,
    });
  }
}
