import { findMetricDef, type MetricRow } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import { countsByMetricGroup, numericPercentiles } from '../db/trends-raw.js';
import { conversationSlotCounts, environmentsInRange, metricSlotCounts, type SlotCountRow } from '../db/trends.js';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import { bucketBounds } from './buckets.js';
import { resolveRange, type TrendQuery } from './params.js';
import { addToTally, describeTally, emptyTally, type Tally } from './stats.js';
import { isoLocal } from './zone.js';

type Group = { kind: 'channel' | 'environment' } | { kind: 'metric'; def: MetricRow } | null;

async function resolveGroup(deps: Deps, projectId: string, metric: MetricRow, groupBy: string | undefined): Promise<Group> {
  if (!groupBy) return null;
  if (groupBy === 'channel' || groupBy === 'environment') return { kind: groupBy };
  const name = groupBy.slice('metric:'.length);
  const def = await findMetricDef(deps.db, projectId, name);
  const bad = (detail: string) => new AppError('validation', `group_by: ${detail}`, { errors: [{ pointer: '/query/group_by', detail }] });
  if (!def) throw bad(`no metric named "${name}"`);
  if (def.type === 'numeric') throw bad(`"${name}" is numeric; group by a boolean or categorical metric`);
  if (def.id === metric.id) throw bad('a metric cannot be grouped by itself');
  return { kind: 'metric', def };
}

/** Conversations per bucket and group; for a metric grouping, the groups are that metric's values. */
async function conversationCounts(deps: Deps, projectId: string, environment: string | null, bounds: Date[], group: Group) {
  if (group?.kind !== 'metric') {
    return conversationSlotCounts(deps.db, { projectId, environment, bounds, group: group?.kind ?? null });
  }
  const byValue = await metricSlotCounts(deps.db, { metricIds: [group.def.id], environment, bounds, group: null, withSums: false });
  const totals = await conversationSlotCounts(deps.db, { projectId, environment, bounds, group: null });
  const rows = byValue.map((r) => ({ b: r.b, grp: r.value_text, n: r.n }));
  for (const t of totals) {
    const grouped = byValue.filter((r) => r.b === t.b).reduce((s, r) => s + r.n, 0);
    rows.push({ b: t.b, grp: '', n: t.n - grouped });
  }
  return rows;
}

/** GET /metrics/{name}/trend: per-bucket counts, not-written and per-type figures, optionally grouped. */
export async function metricTrend(deps: Deps, project: ProjectRow, name: string, q: TrendQuery) {
  const def = await findMetricDef(deps.db, project.id, name);
  if (!def) throw notFound(`Metric "${name}"`);
  const { start, end } = resolveRange(q, deps.clock.now(), deps.config.SIFT_MAX_WINDOW_DAYS);
  const bounds = bucketBounds(q.interval, start, end, q.tz);
  const group = await resolveGroup(deps, project.id, def, q.group_by);
  const environment = group?.kind === 'environment' ? null : q.environment;

  const needsRaw = group?.kind === 'metric' || def.type === 'numeric';
  const envs = needsRaw ? await environmentsInRange(deps.db, project.id, bounds[0]!, bounds[bounds.length - 1]!) : [];
  const raw = {
    projectId: project.id,
    metricId: def.id,
    bounds,
    environment,
    filterEnvironment: environment !== null && envs.some((e) => e !== environment),
    group: group === null ? null : group.kind === 'metric' ? { kind: 'metric' as const, metricId: group.def.id } : group,
  };
  const [rows, convs, pct, pctTotal] = await Promise.all([
    group?.kind === 'metric'
      ? countsByMetricGroup(deps.db, raw)
      : (metricSlotCounts(deps.db, { metricIds: [def.id], environment, bounds, group: group?.kind ?? null, withSums: def.type === 'numeric' }) as Promise<SlotCountRow[]>),
    conversationCounts(deps, project.id, environment, bounds, group),
    def.type === 'numeric' ? numericPercentiles(deps.db, raw) : Promise.resolve([]),
    def.type === 'numeric' && group ? numericPercentiles(deps.db, { ...raw, group: null }) : Promise.resolve([]),
  ]);

  const n = bounds.length - 1;
  const groups = new Map<string, { tallies: Tally[]; convs: number[]; pct: (number[] | null)[] }>();
  const slot = (grp: string) => {
    let g = groups.get(grp);
    if (!g) groups.set(grp, (g = { tallies: Array.from({ length: n }, emptyTally), convs: new Array(n).fill(0), pct: new Array(n).fill(null) }));
    return g;
  };
  const total = slot('*');
  for (const r of rows) {
    if (r.b < 1 || r.b > n) continue;
    addToTally(total.tallies[r.b - 1]!, r.value_text, r.n, r.sum_num, r.sum_sq);
    if (group) addToTally(slot(r.grp).tallies[r.b - 1]!, r.value_text, r.n, r.sum_num, r.sum_sq);
  }
  for (const c of convs) {
    if (c.b < 1 || c.b > n) continue;
    total.convs[c.b - 1]! += c.n;
    if (group) slot(c.grp).convs[c.b - 1]! += c.n;
  }
  for (const p of pct) if (p.b >= 1 && p.b <= n) slot(group ? p.grp : '*').pct[p.b - 1] = p.p;
  for (const p of pctTotal) if (p.b >= 1 && p.b <= n) total.pct[p.b - 1] = p.p;

  const render = (g: { tallies: Tally[]; convs: number[]; pct: (number[] | null)[] }) =>
    g.tallies.map((t, i) => ({
      start: bounds[i]!.toISOString(),
      start_local: isoLocal(bounds[i]!.getTime(), q.tz),
      end: bounds[i + 1]!.toISOString(),
      conversations: g.convs[i]!,
      ...describeTally(def, t, g.convs[i]!),
      ...(def.type === 'numeric' ? percentiles(g.pct[i] ?? null) : {}),
    }));

  return {
    metric: { name: def.name, type: def.type },
    interval: q.interval,
    tz: q.tz,
    environment: environment ?? 'all',
    start_time: bounds[0]!.toISOString(),
    end_time: bounds[n]!.toISOString(),
    group_by: q.group_by ?? null,
    buckets: render(total),
    ...(group
      ? {
          groups: [...groups.entries()]
            .filter(([k]) => k !== '*')
            .map(([k, g]) => ({ key: k === '' ? null : k, total: g.convs.reduce((a, b) => a + b, 0), buckets: render(g) }))
            .sort((a, b) => b.total - a.total || String(a.key).localeCompare(String(b.key))),
        }
      : {}),
  };
}

function percentiles(p: number[] | null) {
  const r = (x: number | undefined) => (x === undefined ? null : Math.round(x * 1e6) / 1e6);
  return { p50: r(p?.[0]), p95: r(p?.[1]), p99: r(p?.[2]) };
}
