import type { Router } from '../http/router.js';
import { projectSummary } from '../trends/summary.js';
import { SummaryQuery, TrendQuery, windowMs } from '../trends/params.js';
import { metricTrend } from '../trends/trend.js';

// Registered before the metric-definition routes, so these paths win over /metrics/{name}.
export function trendRoutes(r: Router) {
  r.add(
    {
      method: 'get',
      path: '/v1/projects/:project/metrics/summary',
      scope: 'conversations:read',
      tag: 'trends',
      summary: 'Every metric over a window against the window before, with significant changes flagged',
      query: SummaryQuery,
    },
    ({ deps, project, query }) =>
      projectSummary(deps, project, { end: deps.clock.now(), windowMs: windowMs(query.window, deps.config.SIFT_MAX_WINDOW_DAYS), environment: query.environment }),
  );
  r.add(
    {
      method: 'get',
      path: '/v1/projects/:project/metrics/:name/trend',
      scope: 'conversations:read',
      tag: 'trends',
      summary: "A metric's counts, not-written, rate or shares or percentiles per hour, day or week in a time zone",
      query: TrendQuery,
    },
    ({ deps, project, params, query }) => metricTrend(deps, project, params.name!, query),
  );
}
