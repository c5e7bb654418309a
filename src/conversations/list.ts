import type { Principal } from '../auth/keys.js';
import { getApiConfig } from '../db/conversations-config.js';
import { listMetricDefs, type MetricRow } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { resolveListQuery, type ListQueryInput } from './list-params.js';
import { loadPage, nextCursor } from './page.js';
import { resolveVisibility, type Visibility } from './visibility.js';

/** The project's metrics (archived ones keep their history) and what this key may see of them. */
export async function visibilityFor(deps: Deps, principal: Principal, projectId: string): Promise<{ metrics: MetricRow[]; vis: Visibility; anyMetric: boolean }> {
  const [metrics, config] = await Promise.all([listMetricDefs(deps.db, projectId, { includeArchived: true }), getApiConfig(deps.db, projectId)]);
  const vis = resolveVisibility(config, principal.scopes, metrics.map((m) => m.name));
  return { metrics, vis, anyMetric: metrics.some((m) => vis.metric(m.name)) };
}

/** GET /conversations: one page, newest first, with the cursor of the next page. */
export async function listConversations(deps: Deps, principal: Principal, project: ProjectRow, query: ListQueryInput) {
  const { metrics, vis, anyMetric } = await visibilityFor(deps, principal, project.id);
  const { criteria, cursor, limit } = resolveListQuery(query, metrics);
  const page = await loadPage(deps.db, project.id, criteria, cursor, limit, vis, anyMetric);
  return { data: page.items, next_cursor: nextCursor(page), withheld: vis.withheld };
}
