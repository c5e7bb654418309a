import { DOCS_JS } from './script.js';
import { DOCS_CSS } from './style.js';

/**
 * The interactive API reference at /docs: one self-contained HTML document (inline style and
 * script, no CDN), so it works offline and on Workers alike. `nonce` ties the inline code to the
 * response's Content-Security-Policy, which also forbids loading anything from elsewhere.
 */
export function docsPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Sift API reference</title>
<style nonce="${nonce}">${DOCS_CSS}</style>
</head>
<body>
<header>
  <h1 id="title">Sift API</h1>
  <input id="key" type="password" autocomplete="off" placeholder="API key (sent as Authorization: Bearer)" aria-label="API key">
  <input id="filter" type="search" placeholder="Filter endpoints" aria-label="Filter endpoints">
  <span class="hint">The key stays in this page; <a href="/openapi.json">openapi.json</a></span>
</header>
<div class="layout">
  <nav id="nav" aria-label="Tags"></nav>
  <main id="main"></main>
</div>
<script nonce="${nonce}">${DOCS_JS}</script>
</body>
</html>`;
}

export function docsCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
