import { describe, expect, it } from 'vitest';
import { h, oneLine, safeHref } from '../../functions/web/html.js';
import { isAllowedHost } from '../../functions/web/local-host.js';

describe('h', () => {
  it('escapes every interpolation and keeps nested fragments', () => {
    const inner = h`<b>${'<i>'}</b>`;
    expect(h`<p title="${'"x"'}">${inner}${["'", '&']}</p>`.toString()).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&#39;&amp;</p>',
    );
  });
});

describe('safeHref', () => {
  it.each([
    ['https://afterview.test/a/t', 'https://afterview.test/a/t'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/'],
    ['mailto:jane@acme.example?subject=Hi', 'mailto:jane@acme.example?subject=Hi'],
    ['/settings', '/settings'],
    ['javascript:alert(1)', '#'],
    ['JavaScript:alert(1)', '#'],
    [' javascript:alert(1)', '#'],
    ['data:text/html,<script>1</script>', '#'],
    ['vbscript:msgbox', '#'],
    ['//evil.example/x', '#'],
    ['/\\evil.example', '#'],
    ['not a url', '#'],
  ])('%s -> %s', (url, expected) => {
    expect(safeHref(url)).toBe(expected);
  });
});

describe('oneLine', () => {
  it('removes line breaks of every kind and squeezes spaces', () => {
    expect(oneLine('a\r\nb\u2028c\u2029d \t e')).toBe('a b c d e');
  });
});

describe('isAllowedHost', () => {
  const base = 'http://127.0.0.1:3000';
  it.each([
    ['localhost:3000', true],
    ['127.0.0.1:3000', true],
    ['[::1]:3000', true],
    ['LOCALHOST', true],
    ['attacker.example', false],
    ['127.0.0.1.attacker.example', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (host, allowed) => {
    expect(isAllowedHost(host, base)).toBe(allowed);
  });

  it('allows the host of a configured base URL', () => {
    expect(isAllowedHost('afterview.lan:8080', 'http://afterview.lan:8080')).toBe(true);
  });
});
