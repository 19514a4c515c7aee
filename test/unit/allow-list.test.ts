import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.js';
import { isAllowed, parseAllowList } from '../../functions/core/users/allow-list.js';

describe('the allow-list', () => {
  const list = parseAllowList(' Ana@Example.com, @team.test ,bo@other.test');

  it('lets in exact addresses and whole domains, whatever the case', () => {
    expect(isAllowed('ana@example.com', list)).toBe(true);
    expect(isAllowed('  ANA@EXAMPLE.COM ', list)).toBe(true);
    expect(isAllowed('anyone@team.test', list)).toBe(true);
    expect(isAllowed('Bo@Other.Test', list)).toBe(true);
  });

  it('keeps out other addresses, subdomains, look-alikes and non-addresses', () => {
    expect(isAllowed('eve@example.com', list)).toBe(false);
    expect(isAllowed('x@sub.team.test', list)).toBe(false);
    expect(isAllowed('x@team.test.evil.test', list)).toBe(false);
    expect(isAllowed('x@evilteam.test', list)).toBe(false);
    expect(isAllowed('ana@example.com@evil.test', list)).toBe(false);
    expect(isAllowed('@team.test', list)).toBe(false);
    expect(isAllowed('', list)).toBe(false);
  });

  it('refuses a malformed entry or an empty list, naming the entry', () => {
    expect(() => parseAllowList('ana@example.com, team.test')).toThrow(/"team.test"/);
    expect(() => parseAllowList('@')).toThrow(ValidationError);
    expect(() => parseAllowList(' , ')).toThrow(/empty/);
  });
});
