import type { DigestRow } from '../db/digests.js';
import { listMetricDefs } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { projectSummary, type Change, type ProjectSummary } from '../trends/summary.js';
import { metricTrend } from '../trends/trend.js';
import { lineChartSvg } from './chart.js';
import { explain, planFor, type Explanation } from './explain.js';

export interface DigestContent {
  digest: { id: string; name: string };
  project: { id: string; slug: string; name: string };
  period: { start: string; end: string; timezone: string };
  summary: ProjectSummary;
  regression: (Change & { explanation: Explanation | null; explanation_error: string | null }) | null;
  chart: { metric: string; series: string; svg: string } | null;
  links: { summary: string; trend: string | null };
}

const DAY = 86_400_000;

/** The significant change with the largest move that the analyst can be asked about. */
function pickRegression(summary: ProjectSummary): Change | null {
  const ranked = [...summary.significant_changes].filter((c) => c.value !== null).sort((a, b) => Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0));
  // a categorical share that fell is explained through the category that rose instead
  return ranked.find((c) => (c.change ?? 0) > 0 || summary.metrics.find((m) => m.name === c.metric)?.type === 'boolean') ?? null;
}

function apiBase(deps: Deps): string {
  return (deps.config.PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`).replace(/\/$/, '');
}

/** The daily trend of one metric over this period and the one before, drawn as SVG. */
async function chartFor(deps: Deps, project: ProjectRow, digest: DigestRow, metric: string, value: string | null, end: Date) {
  const days = Math.min(digest.window_days * 2, deps.config.SIFT_MAX_WINDOW_DAYS);
  const trend = await metricTrend(deps, project, metric, {
    interval: 'day',
    tz: digest.timezone,
    environment: 'live',
    start_time: new Date(end.getTime() - days * DAY).toISOString(),
    end_time: end.toISOString(),
  });
  const type = trend.metric.type;
  if (type === 'categorical' && value === null) {
    const first = trend.buckets.find((b) => 'shares' in b && b.shares);
    value = first && 'shares' in first ? (Object.keys(first.shares ?? {})[0] ?? null) : null;
  }
  const series = type === 'boolean' ? 'true rate' : type === 'categorical' ? `share of ${value}` : 'mean';
  const points = trend.buckets.map((b) => {
    const v = 'rate' in b ? b.rate : 'shares' in b ? (b.shares?.[value ?? ''] ?? null) : 'mean' in b ? b.mean : null;
    return { label: b.start_local.slice(5, 10), value: v ?? null };
  });
  const markFrom = trend.buckets.findIndex((b) => Date.parse(b.end) > end.getTime() - digest.window_days * DAY);
  const svg = lineChartSvg(points, { title: `${metric}: ${series}, daily (${digest.timezone})`, percent: type !== 'numeric', markFrom });
  return { metric, series, svg };
}

/**
 * Everything a digest says about one period: volume and every watched metric against the
 * previous period, the biggest significant change explained by the analyst, a chart of it.
 */
export async function buildDigestContent(deps: Deps, project: ProjectRow, digest: DigestRow, period: { start: Date; end: Date }): Promise<DigestContent> {
  const summary = await projectSummary(deps, project, {
    end: period.end,
    windowMs: digest.window_days * DAY,
    environment: 'live',
    metrics: digest.metrics,
  });
  const change = pickRegression(summary);
  let regression: DigestContent['regression'] = null;
  if (change) {
    const defs = await listMetricDefs(deps.db, project.id);
    const def = defs.find((d) => d.name === change.metric)!;
    const plan = planFor(def, change, summary.window);
    let explanation: Explanation | null = null;
    let error: string | null = plan ? null : 'this change cannot be put to the analyst';
    if (plan) {
      const what = def.type === 'boolean' ? `${def.name} = ${String(plan.target_values[0])}` : `${def.name} = ${change.value}`;
      try {
        explanation = await explain(deps, project, plan, `Why did more conversations end with ${what} in this period?`);
      } catch (e) {
        // the digest still goes out; the reader sees why it carries no explanation
        deps.log.warn('digest explanation failed', { digest: digest.id, error: String(e) });
        error = `the analyst could not explain this change: ${(e as Error).message}`;
      }
    }
    regression = { ...change, explanation, explanation_error: error };
  }
  const main = regression?.metric ?? summary.metrics.find((m) => m.type === 'boolean')?.name ?? summary.metrics[0]?.name ?? null;
  const mainValue = regression?.value ?? null;
  const base = apiBase(deps);
  const slug = encodeURIComponent(project.slug);
  return {
    digest: { id: digest.id, name: digest.name },
    project: { id: project.id, slug: project.slug, name: project.name },
    period: { start: summary.window.start, end: summary.window.end, timezone: digest.timezone },
    summary,
    regression,
    chart: main ? await chartFor(deps, project, digest, main, mainValue, period.end) : null,
    links: {
      summary: `${base}/v1/projects/${slug}/metrics/summary?window=${digest.window_days}d`,
      trend: main ? `${base}/v1/projects/${slug}/metrics/${encodeURIComponent(main)}/trend?interval=day&tz=${encodeURIComponent(digest.timezone)}` : null,
    },
  };
}
