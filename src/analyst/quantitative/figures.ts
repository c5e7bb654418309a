import type { MetricRow } from '../../db/metrics.js';
import { wilson } from '../../stats/wilson.js';
import type { Figure, Plan } from '../contract.js';
import type { BucketRow } from './queries.js';

export const valueText = (v: Plan['target_values'][number]) => String(v);

/** Every value the metric can take, known ones first, then any others found in the data. */
export function allValues(metric: MetricRow, counts: Map<string, number>): string[] {
  const known = metric.type === 'boolean' ? ['true', 'false'] : (metric.categories ?? []);
  return [...known, ...[...counts.keys()].filter((k) => !known.includes(k)).sort()];
}

function rateFigure(label: string, value: string | undefined, count: number, denominator: number, extra: Partial<Figure> = {}): Figure {
  return {
    label,
    ...(value !== undefined ? { value } : {}),
    count,
    denominator,
    rate: denominator > 0 ? count / denominator : null,
    ci: denominator > 0 ? wilson(count, denominator) : null,
    ...extra,
  };
}

/**
 * The exact figures for one window: the target values together, each value of the metric, and
 * the conversations where the metric was not written. Rates are over conversations where it
 * was written; the not-written figure is over every conversation in scope.
 */
export function windowFigures(plan: Plan, metric: MetricRow, counts: Map<string, number>, total: number, labelPrefix = ''): Figure[] {
  const written = [...counts.values()].reduce((a, b) => a + b, 0);
  const notWritten = Math.max(0, total - written);
  const targets = plan.target_values.map(valueText);
  const targetCount = targets.reduce((a, v) => a + (counts.get(v) ?? 0), 0);
  const contrasts = plan.contrast_values.map(valueText);
  const contrastCount = contrasts.reduce((a, v) => a + (counts.get(v) ?? 0), 0);
  const figs: Figure[] = [
    rateFigure(`${labelPrefix}target: ${metric.name} = ${targets.join(' or ')}`, targets.join(' | '), targetCount, written, { not_written: notWritten }),
  ];
  if (contrasts.length) figs.push(rateFigure(`${labelPrefix}contrast: ${metric.name} = ${contrasts.join(' or ')}`, contrasts.join(' | '), contrastCount, written, { not_written: notWritten }));
  for (const v of allValues(metric, counts)) figs.push(rateFigure(`${labelPrefix}${metric.name} = ${v}`, v, counts.get(v) ?? 0, written, { not_written: notWritten }));
  figs.push(rateFigure(`${labelPrefix}${metric.name} not written`, 'not written', notWritten, total));
  return figs;
}

/** Target count and rate per time bucket, every bucket in the window (empty ones as 0 of 0). */
export function trendFigures(plan: Plan, metric: MetricRow, rows: BucketRow[], buckets: Date[]): Figure[] {
  const targets = new Set(plan.target_values.map(valueText));
  return buckets.map((b) => {
    const inBucket = rows.filter((r) => r.bucket.getTime() === b.getTime());
    const written = inBucket.reduce((a, r) => a + r.n, 0);
    const count = inBucket.filter((r) => targets.has(r.value_text)).reduce((a, r) => a + r.n, 0);
    return rateFigure(`${metric.name} = ${[...targets].join(' or ')}`, [...targets].join(' | '), count, written, { bucket: b.toISOString() });
  });
}

/** Bucket starts (UTC) covering [start, end); weeks start on Monday as Postgres' date_trunc does. */
export function bucketStarts(start: Date, end: Date, interval: 'hour' | 'day' | 'week'): Date[] {
  const step = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 }[interval];
  let t: number;
  if (interval === 'hour') t = Math.floor(start.getTime() / step) * step;
  else {
    const day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    t = interval === 'day' ? day : day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000;
  }
  const out: Date[] = [];
  for (; t < end.getTime() && out.length < 10_000; t += step) out.push(new Date(t));
  return out;
}
