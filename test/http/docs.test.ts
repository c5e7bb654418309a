import { describe, expect, it } from 'vitest';
import { DOCS_JS } from '../../src/docs/script.js';
import { testEnv } from '../support/deps.js';

const env = await testEnv();

describe('/docs', () => {
  it('serves a self-contained page: inline style and script under a nonce, nothing from the network', async () => {
    const res = await env.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const nonce = /script-src 'nonce-([a-z0-9]+)'/.exec(csp)![1]!;
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    // no external script, style, font or image
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    // a fresh nonce each time
    const again = (await env.app.request('/docs')).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
  });

  it('builds the page with DOM calls only, so text from the API document is never parsed as HTML', () => {
    expect(DOCS_JS).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(DOCS_JS).toContain("fetch('/openapi.json')");
  });

  it('is public, like /openapi.json, which lists every route with its scope', async () => {
    const doc = await (await env.app.request('/openapi.json')).json();
    let n = 0;
    for (const ops of Object.values(doc.paths) as Record<string, { 'x-required-scope'?: string; security?: unknown[] }>[]) {
      for (const op of Object.values(ops)) {
        n++;
        expect(op['x-required-scope'] !== undefined || Array.isArray(op.security)).toBe(true);
      }
    }
    expect(n).toBe(env.app.routeSpecs.length);
  });
});
