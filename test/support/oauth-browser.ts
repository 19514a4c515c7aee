/**
 * A browser's part in the OAuth dance, with `fetch`: follows redirects by
 * hand and keeps cookies per host, so the state cookie set by `/connect/...`
 * comes back with the provider's redirect to the callback, as in a browser.
 */
export class TestBrowser {
  readonly #cookies = new Map<string, Map<string, string>>();
  /** Every URL visited, in order. */
  readonly visited: string[] = [];

  /** GETs `url` and follows redirects; returns the final response and its URL. */
  async open(url: string, maxRedirects = 6): Promise<{ response: Response; url: string; body: string }> {
    let current = url;
    for (let hop = 0; hop <= maxRedirects; hop += 1) {
      this.visited.push(current);
      const response = await fetch(current, { redirect: 'manual', headers: this.#headers(current) });
      this.#keep(current, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).toString();
        continue;
      }
      return { response, url: current, body: await response.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** POSTs a form from a page of `origin` (as a same-origin form submission). */
  async post(url: string, form: Record<string, string>, origin = new URL(url).origin): Promise<Response> {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...this.#headers(url), origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    this.#keep(url, response);
    return response;
  }

  /** The cookies this browser holds for a URL's host. */
  cookies(url: string): Map<string, string> {
    return this.#cookies.get(new URL(url).host) ?? new Map();
  }

  #headers(url: string): Record<string, string> {
    const jar = this.cookies(url);
    return jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  #keep(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.#cookies.get(host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    this.#cookies.set(host, jar);
  }
}
