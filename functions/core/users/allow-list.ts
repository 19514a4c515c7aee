/**
 * Who may use a deployment (invariant 9): exact addresses and whole domains
 * (`@example.com`), from the `allowList` context (`ALLOW_LIST` in a Lambda,
 * `--allow` on the local runner). Matching is case-insensitive; a domain entry
 * covers that domain only, not its subdomains.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** A parsed allow-list: lower-cased addresses and `@domain` entries. */
export type AllowList = readonly string[];

const Address = z.email();
const DomainEntry = z
  .string()
  .regex(/^@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/);

/** An address as compared: trimmed and lower-cased. */
export function normalizeAddress(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Parses a comma- (or space-) separated list. Throws `ValidationError` naming
 * the first entry that is neither an address nor `@domain`, and for an empty
 * list: a deployment nobody may use is a mistake, not a setting.
 */
export function parseAllowList(text: string): AllowList {
  const entries = text
    .split(/[\s,]+/)
    .map(normalizeAddress)
    .filter(Boolean);
  if (entries.length === 0) throw new ValidationError('the allow-list is empty: give addresses or @domains');
  for (const entry of entries) {
    const ok = entry.startsWith('@')
      ? DomainEntry.safeParse(entry).success
      : Address.safeParse(entry).success;
    if (!ok)
      throw new ValidationError(`allow-list entry "${entry.slice(0, 80)}" is not an address or @domain`);
  }
  return [...new Set(entries)];
}

/** True when `email` is a well-formed address listed itself or by its domain. */
export function isAllowed(email: string, allowList: AllowList): boolean {
  const address = normalizeAddress(email);
  if (!Address.safeParse(address).success) return false;
  const domain = address.slice(address.lastIndexOf('@'));
  return allowList.some((entry) => {
    const wanted = normalizeAddress(entry);
    return wanted === address || (wanted.startsWith('@') && wanted === domain);
  });
}
