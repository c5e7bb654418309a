import { parseWith } from '../http/input.js';
import type { Router } from '../http/router.js';
import { drawSample, getSample } from '../sampling/draw.js';
import { sampleExportResponse } from '../sampling/export.js';
import { SampleRequestSchema } from '../sampling/request.js';
import { ExportQuery, SampleId, SampleShape } from '../sampling/schemas.js';

const BASE = '/v1/projects/:project/samples';
const sampleId = (params: Record<string, string>) => parseWith(SampleId, params.id, '/path/id', 'sample id');

export function sampleRoutes(r: Router) {
  r.add(
    {
      method: 'post',
      path: BASE,
      scope: 'conversations:read',
      tag: 'samples',
      summary: 'Draw and store a stratified sample by metric value (with its sampling frame)',
      body: SampleRequestSchema,
      response: SampleShape,
      status: 201,
    },
    ({ deps, principal, project, body }) => drawSample(deps, project, body, { principal }),
  );
  r.add(
    { method: 'get', path: `${BASE}/:id`, scope: 'conversations:read', tag: 'samples', summary: 'A stored sample: exactly the members it was drawn with', response: SampleShape },
    ({ deps, principal, project, params }) => getSample(deps, project, sampleId(params), { principal }),
  );
  r.add(
    {
      method: 'get',
      path: `${BASE}/:id/export`,
      scope: 'conversations:read',
      tag: 'samples',
      summary: 'Export a stored sample as NDJSON or CSV, each row with its stratum weight',
      query: ExportQuery,
      produces: ['application/x-ndjson', 'text/csv'],
    },
    async ({ c, deps, principal, project, params, query }) =>
      sampleExportResponse(await getSample(deps, project, sampleId(params), { principal }), query.format, c.req.header('accept-encoding')),
  );
}
