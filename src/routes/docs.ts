import { docsCsp, docsPage } from '../docs/page.js';
import type { Router } from '../http/router.js';
import { openApiDocument } from '../http/openapi.js';
import { randomToken } from '../ids.js';

export function docsRoutes(r: Router) {
  r.app.get('/openapi.json', (c) => c.json(openApiDocument(r.specs, r.deps.config.PUBLIC_URL)));
  r.app.get('/docs', (c) => {
    const nonce = randomToken(24);
    c.header('content-security-policy', docsCsp(nonce));
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('cache-control', 'no-store');
    return c.html(docsPage(nonce));
  });
}
