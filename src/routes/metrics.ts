import { z } from 'zod';
import { refuseUnstorable } from '../http/input.js';
import type { Router } from '../http/router.js';
import { AppError } from '../errors.js';
import { CreateMetricBody, MetricShape, PatchMetricBody } from '../metrics/definition-schema.js';
import { createMetric, getMetric, presentMetric, setArchived, updateMetric } from '../metrics/definitions.js';
import { listMetricDefs } from '../db/metrics.js';
import { lintNames } from '../metrics/lint.js';
import { ListMetricsQuery, listMetrics } from '../metrics/list.js';
import { exportDefinitions, importDefinitions } from '../metrics/transfer.js';
import { formatOf, parseDocument, serialize } from '../metrics/transfer-format.js';

const Warning = z.object({ rule: z.string(), metrics: z.array(z.string()), message: z.string() });
const base = '/v1/projects/:project/metrics';
const tag = 'metric definitions';

export function metricRoutes(r: Router) {
  r.add(
    { method: 'post', path: base, scope: 'definitions:write', tag, summary: 'Create a metric definition; naming advice comes back as warnings', body: CreateMetricBody, status: 201, response: MetricShape.extend({ warnings: z.array(Warning) }) },
    async ({ deps, project, body }) => {
      const { metric, warnings } = await createMetric(deps, project.id, body);
      return { ...metric, warnings };
    },
  );
  r.add(
    { method: 'get', path: base, scope: 'conversations:read', tag, summary: 'List metric definitions by name (keyset-paginated)', query: ListMetricsQuery, response: z.object({ data: z.array(MetricShape), next_cursor: z.string().nullable() }) },
    ({ deps, project, query }) => listMetrics(deps.db, project.id, query),
  );
  // The fixed segments below are registered before /metrics/:name so they win.
  r.add(
    { method: 'get', path: `${base}/lint`, scope: 'conversations:read', tag, summary: "Naming advice over the project's active metrics", response: z.object({ warnings: z.array(Warning) }) },
    async ({ deps, project }) => ({ warnings: lintNames((await listMetricDefs(deps.db, project.id)).map((m) => m.name)) }),
  );
  r.add(
    { method: 'get', path: `${base}/export`, scope: 'conversations:read', tag, summary: 'Export every definition (archived ones marked) as YAML or JSON', query: z.object({ format: z.enum(['yaml', 'json']).default('yaml') }), produces: ['application/yaml'] },
    async ({ c, deps, project, query }) => {
      const text = serialize(await exportDefinitions(deps, project.id), query.format);
      return c.body(text, 200, { 'content-type': query.format === 'json' ? 'application/json' : 'application/yaml; charset=utf-8' });
    },
  );
  r.add(
    {
      method: 'post',
      path: `${base}/import`,
      scope: 'definitions:write',
      tag,
      summary: 'Import definitions from a YAML (application/yaml) or JSON body {version: 1, metrics: [...]}; ?dry_run=true only reports',
      query: z.object({ dry_run: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
    },
    async ({ c, deps, project, query }) => {
      const type = c.req.header('content-type') ?? '';
      const format = formatOf(type);
      if (!format) throw new AppError('unsupported_media_type', `Send the definitions as application/json or application/yaml (got "${type || 'no content type'}")`);
      const doc = parseDocument(await c.req.text(), format);
      refuseUnstorable(doc, ['body']);
      return importDefinitions(deps, project.id, doc, { dryRun: query.dry_run });
    },
  );
  r.add(
    { method: 'get', path: `${base}/:name`, scope: 'conversations:read', tag, summary: 'One metric definition (name URL-encoded), archived or not', response: MetricShape },
    async ({ deps, project, params }) => presentMetric(await getMetric(deps.db, project.id, params.name!)),
  );
  r.add(
    { method: 'patch', path: `${base}/:name`, scope: 'definitions:write', tag, summary: 'Edit definition, flow, categories (add; remove while unused) or bounds; name and type are fixed', body: PatchMetricBody, response: MetricShape },
    ({ deps, project, params, body }) => updateMetric(deps, project.id, params.name!, body),
  );
  r.add(
    { method: 'post', path: `${base}/:name/archive`, scope: 'definitions:write', tag, summary: 'Archive: refuse new writes, keep history', response: MetricShape },
    ({ deps, project, params }) => setArchived(deps, project.id, params.name!, true),
  );
  r.add(
    { method: 'post', path: `${base}/:name/unarchive`, scope: 'definitions:write', tag, summary: 'Unarchive: accept writes again', response: MetricShape },
    ({ deps, project, params }) => setArchived(deps, project.id, params.name!, false),
  );
}
