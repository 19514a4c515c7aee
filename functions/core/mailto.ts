/**
 * RFC 6068 `mailto:` URLs. Every header value is percent-encoded as UTF-8;
 * line breaks in the body are CRLF, as the RFC asks.
 */

/** Encodes an address list, keeping `@` and `,` readable (RFC 6068 allows them). */
function encodeAddress(address: string): string {
  return encodeURIComponent(address.trim()).replace(/%40/g, '@').replace(/%2C/gi, ',');
}

export function mailtoUrl(to: string | undefined, subject: string, body: string): string {
  const crlfBody = body.replace(/\r?\n/g, '\r\n');
  const query = `subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(crlfBody)}`;
  return `mailto:${to ? encodeAddress(to) : ''}?${query}`;
}
