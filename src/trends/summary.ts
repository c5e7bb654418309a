import { listMetricDefs, type MetricRow } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import { conversationSlotCounts, metricSlotCounts } from '../db/trends.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { benjaminiHochberg, compareMeans, compareProportions, type TestResult } from '../stats/significance.js';
import { addToTally, describeTally, emptyTally, knownValues, variance, type Tally } from './stats.js';

const SLOT = 15 * 60_000;
const ALPHA = 0.05;
const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

export interface Change {
  metric: string;
  /** the value whose share (or, for numeric metrics, the mean) changed */
  value: string | null;
  previous: number | null;
  current: number | null;
  /** current minus previous: a share in [−1, 1], or a difference of means */
  change: number | null;
  test: TestResult['test'] | null;
  p_value: number | null;
  /** Benjamini-Hochberg adjusted over every change in the summary */
  q_value: number | null;
  significant: boolean;
}

function changesFor(def: MetricRow, prev: Tally, cur: Tally): Change[] {
  if (def.type === 'numeric') {
    const m = (t: Tally) => (t.written ? t.sum / t.written : null);
    const r = compareMeans({ n: prev.written, mean: m(prev) ?? 0, variance: variance(prev) }, { n: cur.written, mean: m(cur) ?? 0, variance: variance(cur) });
    const [a, b] = [m(prev), m(cur)];
    return [{ metric: def.name, value: null, previous: a, current: b, change: a !== null && b !== null ? round(b - a) : null, test: r?.test ?? null, p_value: r?.p ?? null, q_value: null, significant: false }];
  }
  // a boolean metric moves as one rate; a categorical one as the share of each category
  const values = def.type === 'boolean' ? ['true'] : [...new Set([...knownValues(def), ...prev.counts.keys(), ...cur.counts.keys()])];
  return values.map((v) => {
    const [x1, x2] = [prev.counts.get(v) ?? 0, cur.counts.get(v) ?? 0];
    const r = compareProportions(x1, prev.written, x2, cur.written);
    const a = prev.written ? x1 / prev.written : null;
    const b = cur.written ? x2 / cur.written : null;
    return { metric: def.name, value: v, previous: a === null ? null : round(a), current: b === null ? null : round(b), change: a !== null && b !== null ? round(b - a) : null, test: r?.test ?? null, p_value: r ? round(r.p, 8) : null, q_value: null, significant: false };
  });
}

/**
 * Every metric over a window against the window before it: volume, figures, and each change
 * tested (z-test, Fisher for small counts, Welch for means) with BH-adjusted q-values; a change
 * is flagged significant when q < 0.05. Windows end at the last whole quarter hour.
 */
export async function projectSummary(deps: Deps, project: ProjectRow, opts: { end: Date; windowMs: number; environment: string; metrics?: string[] | null }) {
  const end = new Date(Math.floor(opts.end.getTime() / SLOT) * SLOT);
  const mid = new Date(end.getTime() - opts.windowMs);
  const bounds = [new Date(mid.getTime() - opts.windowMs), mid, end];
  let defs = await listMetricDefs(deps.db, project.id);
  if (opts.metrics) {
    const missing = opts.metrics.filter((n) => !defs.some((d) => d.name === n));
    if (missing.length) throw new AppError('unprocessable', `No metric named ${missing.map((m) => `"${m}"`).join(', ')} in this project`);
    defs = defs.filter((d) => opts.metrics!.includes(d.name));
  }
  const [rows, convs] = await Promise.all([
    defs.length ? metricSlotCounts(deps.db, { metricIds: defs.map((d) => d.id), environment: opts.environment, bounds, group: null, withSums: defs.some((d) => d.type === 'numeric') }) : Promise.resolve([]),
    conversationSlotCounts(deps.db, { projectId: project.id, environment: opts.environment, bounds, group: null }),
  ]);
  const conv = [0, 0];
  for (const c of convs) if (c.b === 1 || c.b === 2) conv[c.b - 1]! += c.n;
  const tallies = new Map(defs.map((d) => [d.id, [emptyTally(), emptyTally()] as const]));
  for (const r of rows) if (r.b === 1 || r.b === 2) addToTally(tallies.get(r.metric_id)![r.b - 1]!, r.value_text, r.n, r.sum_num, r.sum_sq);

  const metrics = defs.map((def) => {
    const [prev, cur] = tallies.get(def.id)!;
    return {
      name: def.name,
      type: def.type,
      previous: describeTally(def, prev, conv[0]!),
      current: describeTally(def, cur, conv[1]!),
      changes: changesFor(def, prev, cur),
    };
  });
  const all = metrics.flatMap((m) => m.changes).filter((c) => c.p_value !== null);
  const q = benjaminiHochberg(all.map((c) => c.p_value!));
  all.forEach((c, i) => {
    c.q_value = round(q[i]!, 8);
    c.significant = q[i]! < ALPHA;
  });
  return {
    window: { start: mid.toISOString(), end: end.toISOString() },
    previous_window: { start: bounds[0]!.toISOString(), end: mid.toISOString() },
    environment: opts.environment,
    volume: { current: conv[1]!, previous: conv[0]!, change: conv[0] ? round((conv[1]! - conv[0]!) / conv[0]!, 4) : null },
    metrics,
    significant_changes: all.filter((c) => c.significant).sort((a, b) => a.q_value! - b.q_value! || Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0)),
  };
}

export type ProjectSummary = Awaited<ReturnType<typeof projectSummary>>;
