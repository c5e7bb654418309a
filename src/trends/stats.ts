import type { MetricRow } from '../db/metrics.js';
import { wilson } from '../stats/wilson.js';

/** What the rollup (or a raw count) says about one metric in one bucket. */
export interface Tally {
  counts: Map<string, number>;
  written: number;
  sum: number;
  sumSq: number;
}

export const emptyTally = (): Tally => ({ counts: new Map(), written: 0, sum: 0, sumSq: 0 });

export function addToTally(t: Tally, value: string, n: number, sum: number, sumSq: number) {
  t.counts.set(value, (t.counts.get(value) ?? 0) + n);
  t.written += n;
  t.sum += sum;
  t.sumSq += sumSq;
}

/** The values a metric's counts always list, so an absent value reads 0 rather than missing. */
export function knownValues(def: Pick<MetricRow, 'type' | 'categories'>): string[] {
  if (def.type === 'boolean') return ['true', 'false'];
  if (def.type === 'categorical') return def.categories ?? [];
  return [];
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

export function variance(t: Tally): number {
  return t.written > 1 ? Math.max(0, (t.sumSq - (t.sum * t.sum) / t.written) / (t.written - 1)) : 0;
}

/**
 * The per-type figures of one bucket: boolean true rate with a Wilson interval, categorical
 * shares, numeric count and mean (percentiles are added by the caller from raw values).
 */
export function describeTally(def: Pick<MetricRow, 'type' | 'categories'>, t: Tally, conversations: number) {
  const notWritten = Math.max(0, conversations - t.written);
  if (def.type === 'numeric') {
    return { counts: { written: t.written }, not_written: notWritten, count: t.written, mean: t.written ? round(t.sum / t.written) : null };
  }
  const counts: Record<string, number> = {};
  for (const v of knownValues(def)) counts[v] = 0;
  for (const [v, n] of t.counts) counts[v] = n;
  if (def.type === 'boolean') {
    const yes = counts.true ?? 0;
    const ci = t.written ? wilson(yes, t.written).map((x) => round(x)) : null;
    return { counts, not_written: notWritten, rate: t.written ? round(yes / t.written) : null, ci };
  }
  const shares: Record<string, number | null> = {};
  for (const [v, n] of Object.entries(counts)) shares[v] = t.written ? round(n / t.written) : null;
  return { counts, not_written: notWritten, shares };
}
