/** The frame every page shares: head, header with navigation, main. */
import { raw } from 'hono/html';
import { type Html, h } from '../html.js';
import { PAGE_CSS, PAGE_JS } from './styles.js';

export interface LayoutOptions {
  title: string;
  /** The per-response CSP nonce for the inline style and script. */
  nonce: string;
  /** Show links to the pages (dashboard, connections, settings). */
  localNav: boolean;
  /** Link the local runner's outbox. */
  outbox?: boolean;
  /** A signed-in session: offer to sign out. */
  signOut?: boolean;
}

// Constants of our own, never user text: `raw` keeps CSS and JS intact
// (escaping would turn quotes and arrows into entities inside <style>/<script>).
const CSS = raw(PAGE_CSS);
const JS = raw(PAGE_JS);

/** A whole HTML document around `body`. */
export function layout(options: LayoutOptions, body: Html): Html {
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${options.title} · Afterview</title>
<style nonce="${options.nonce}">${CSS}</style>
</head>
<body>
<header class="top"><div><a class="brand" href="/">Afterview</a>${options.localNav ? localNav(options) : h`<nav aria-label="Main"><a href="/">Dashboard</a></nav>`}</div></header>
<main id="main">
${body}
</main>
<script nonce="${options.nonce}">${JS}</script>
</body>
</html>`;
}

function localNav(options: LayoutOptions): Html {
  const outbox = options.outbox ? h` · <a href="/outbox">Outbox</a>` : '';
  const signOut = options.signOut
    ? h`<form method="post" action="/sign-out" class="sign-out"><button type="submit" class="link">Sign out</button></form>`
    : '';
  return h`<nav aria-label="Main"><a href="/">Dashboard</a> · <a href="/connections">Connections</a> · <a href="/settings">Settings</a>${outbox}</nav>${signOut}`;
}
