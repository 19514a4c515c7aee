/**
 * RFC 6068 `mailto:` URLs. Every header value is percent-encoded as UTF-8;
 * line breaks in the body are CRLF, as the RFC asks.
 */

/** Encodes an address list, keeping `@` and `,` readable (RFC 6068 allows them). */
function encodeAddress(address: string): string {
  return encodeURIComponent(address.trim()).replace(/%40/g, '@').replace(/%2C/gi, ',');
}

/**
 * Lone surrogates (hostile text, or a length limit that cut an emoji in half)
 * make `encodeURIComponent` throw; they become U+FFFD instead.
 */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function mailtoUrl(to: string | undefined, subject: string, body: string): string {
  const crlfBody = wellFormed(body).replace(/\r?\n/g, '\r\n');
  const query = `subject=${encodeURIComponent(wellFormed(subject))}&body=${encodeURIComponent(crlfBody)}`;
  return `mailto:${to ? encodeAddress(wellFormed(to)) : ''}?${query}`;
}
