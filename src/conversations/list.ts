import type { Principal } from '../auth/keys.js';
import { getApiConfig } from '../db/conversations-config.js';
import type { MetricIndex } from '../db/conversations-read.js';
import { listMetricDefs, type MetricRow } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { resolveListQuery, type ListQueryInput } from './list-params.js';
import { loadPage, nextCursor } from './page.js';
import { resolveVisibility, type Visibility } from './visibility.js';

export interface View {
  /** the project's metrics, archived ones included (they keep their history) */
  metrics: MetricRow[];
  index: MetricIndex;
  vis: Visibility;
  /** false when no metric value may be shown: the values are then not even read */
  anyMetric: boolean;
}

/** What this key may see of this project's conversations. */
export async function visibilityFor(deps: Deps, principal: Principal, projectId: string): Promise<View> {
  const [metrics, config] = await Promise.all([listMetricDefs(deps.db, projectId, { includeArchived: true }), getApiConfig(deps.db, projectId)]);
  const vis = resolveVisibility(config, principal.scopes, metrics.map((m) => m.name));
  const index: MetricIndex = new Map(metrics.map((m) => [m.id, { name: m.name, type: m.type }]));
  return { metrics, index, vis, anyMetric: metrics.some((m) => vis.metric(m.name)) };
}

/** GET /conversations: one page, newest first, with the cursor of the next page. */
export async function listConversations(deps: Deps, principal: Principal, project: ProjectRow, query: ListQueryInput) {
  for (const key of ['format', 'max_rows'] as const) {
    if (query[key] !== undefined) throw new AppError('validation', `${key} applies to the export only`, { errors: [{ pointer: `/query/${key}`, detail: 'export only: use /conversations/export' }] });
  }
  const view = await visibilityFor(deps, principal, project.id);
  const { criteria, cursor, limit } = resolveListQuery(query, view.metrics);
  const page = await loadPage(deps.db, project.id, criteria, cursor, limit, view);
  return { data: page.items, next_cursor: nextCursor(page), withheld: view.vis.withheld };
}
