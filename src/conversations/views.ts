import { z } from 'zod';
import type { Principal } from '../auth/keys.js';
import type { MetricRow } from '../db/metrics.js';
import { listMetricDefs } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import { countViews, deleteView, insertView, listViews, MAX_VIEWS, type ViewRow } from '../db/views.js';
import type { Deps } from '../deps.js';
import { AppError, fromZod } from '../errors.js';
import { ListQuery, resolveListQuery } from './list-params.js';

export const CreateViewBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    query: z.string().max(8000).describe('the query string of a list URL, e.g. "channel=voice&metric[Auth: verified]=false"'),
  })
  .strict();

/** Parses a query string the way the router parses a request's: a repeated key becomes a list. */
function queryToObject(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs.replace(/^\?/, ''))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The view's filters, validated like a list request and re-serialised without cursor or export options. */
export function canonicalQuery(qs: string, metrics: MetricRow[]): string {
  const raw = queryToObject(qs);
  for (const key of ['cursor', 'format', 'max_rows']) delete raw[key];
  const parsed = ListQuery.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error, '/body/query', 'view query');
  try {
    resolveListQuery(parsed.data, metrics);
  } catch (e) {
    if (e instanceof AppError && e.errors) {
      const errors = e.errors.map((x) => ({ ...x, pointer: x.pointer.replace(/^\/query/, '/body/query') }));
      throw new AppError('validation', `Invalid view query: ${errors[0]!.pointer} ${errors[0]!.detail}`, { errors });
    }
    throw e;
  }
  const out = new URLSearchParams();
  for (const key of Object.keys(raw).sort()) {
    const v = raw[key]!;
    for (const item of Array.isArray(v) ? v : [v]) out.append(key, item);
  }
  return out.toString();
}

export function publicView(row: ViewRow, project: ProjectRow, baseUrl: string) {
  const path = `/v1/projects/${encodeURIComponent(project.slug)}/conversations`;
  const qs = row.query ? `?${row.query}` : '';
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    url: `${baseUrl}${path}${qs}`,
    export_url: `${baseUrl}${path}/export${qs}`,
    created_at: row.created_at.toISOString(),
  };
}

export async function createView(deps: Deps, principal: Principal, project: ProjectRow, body: z.infer<typeof CreateViewBody>, baseUrl: string) {
  const metrics = await listMetricDefs(deps.db, project.id, { includeArchived: true });
  const query = canonicalQuery(body.query, metrics);
  if ((await countViews(deps.db, project.id)) >= MAX_VIEWS) {
    throw new AppError('conflict', `A project holds at most ${MAX_VIEWS} saved views; delete some first`);
  }
  const row = await insertView(deps.db, { id: deps.ids.make('view'), project_id: project.id, name: body.name, query, created_by: principal.keyId });
  if (!row) throw new AppError('conflict', `A view named "${body.name}" already exists in this project`);
  return publicView(row, project, baseUrl);
}

export async function listProjectViews(deps: Deps, project: ProjectRow, baseUrl: string) {
  return { data: (await listViews(deps.db, project.id)).map((r) => publicView(r, project, baseUrl)) };
}

export async function removeView(deps: Deps, project: ProjectRow, id: string) {
  if (!(await deleteView(deps.db, project.id, id))) throw new AppError('not_found', `View "${id}" was not found`);
}
