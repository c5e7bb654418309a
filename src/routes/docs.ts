import type { Router } from '../http/router.js';
import { openApiDocument } from '../http/openapi.js';

export function docsRoutes(r: Router) {
  r.app.get('/openapi.json', (c) => c.json(openApiDocument(r.specs, r.deps.config.PUBLIC_URL)));
}
