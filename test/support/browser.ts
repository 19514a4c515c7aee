/**
 * Headless Chromium for browser tests, driven by playwright-core: the system's
 * Chromium where there is one (`CHROMIUM_PATH`, else `/usr/bin/chromium`),
 * otherwise the binary shipped inside the `@sparticuz/chromium` npm package,
 * so `npm install && npm test` needs nothing but Node. Also a helper that
 * serves a Hono app on a free loopback port. Each launch gets a fresh profile
 * and no network chatter.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Browser, chromium } from 'playwright-core';

const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The system Chromium if installed, else the one unpacked from `@sparticuz/chromium`. */
export async function chromiumPath(): Promise<string> {
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium. `chromium.launch` refuses a `--user-data-dir`
 * argument and instead gives every launch a fresh temporary profile of its
 * own, deleted on close: that is the fresh profile we want.
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 with a port the OS picks. */
export async function serveApp(app: Hono<never> | { fetch: Hono['fetch'] }): Promise<ServedApp> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
