import type { MetricRow } from '../db/metrics.js';
import { AppError, type FieldError } from '../errors.js';
import type { StratumSpec } from './request.js';

/** A stratum resolved against the metric's definition; strata never overlap. */
export type Stratum = (
  | { label: string; kind: 'values'; values: string[] }
  | { label: string; kind: 'range'; min: number | null; max: number | null }
  | { label: string; kind: 'not_written' }
) & {
  /** its own size under allocation "fixed" */
  n?: number;
};

export const NOT_WRITTEN = 'not written';

function valueText(metric: MetricRow, v: boolean | string): string | { error: string } {
  if (metric.type === 'boolean') {
    if (typeof v !== 'boolean') return { error: `"${metric.name}" is boolean: use true or false` };
    return String(v);
  }
  if (typeof v !== 'string') return { error: `"${metric.name}" is categorical: use a category string` };
  const categories = metric.categories ?? [];
  if (!categories.includes(v)) return { error: `"${v}" is not a category of "${metric.name}" (allowed: ${categories.join(', ')})` };
  return v;
}

function defaults(metric: MetricRow): StratumSpec[] | { error: string } {
  if (metric.type === 'boolean') return [true, false];
  if (metric.type === 'categorical') {
    const categories = metric.categories ?? [];
    if (categories.length === 0) return { error: `"${metric.name}" has no categories defined: name the strata` };
    return categories;
  }
  return { error: `"${metric.name}" is numeric: give strata as ranges, e.g. [{"max": 3}, {"min": 3}]` };
}

function resolveOne(metric: MetricRow, spec: StratumSpec): Stratum | string {
  if (typeof spec === 'boolean' || typeof spec === 'string') {
    if (metric.type === 'numeric') return `"${metric.name}" is numeric: a stratum is a range {"min", "max"}`;
    const v = valueText(metric, spec);
    return typeof v === 'object' ? v.error : { label: v, kind: 'values', values: [v] };
  }
  if ('values' in spec) {
    if (metric.type === 'numeric') return `"${metric.name}" is numeric: a stratum is a range {"min", "max"}`;
    const values: string[] = [];
    for (const raw of spec.values) {
      const v = valueText(metric, raw);
      if (typeof v === 'object') return v.error;
      if (!values.includes(v)) values.push(v);
    }
    return { label: spec.label ?? values.join(' | '), kind: 'values', values, ...(spec.n !== undefined ? { n: spec.n } : {}) };
  }
  if (metric.type !== 'numeric') return `"${metric.name}" is ${metric.type}: a stratum is a value or {"label", "values"}`;
  const min = spec.min ?? null;
  const max = spec.max ?? null;
  return { label: spec.label ?? `${min ?? '-inf'}..${max ?? 'inf'}`, kind: 'range', min, max, ...(spec.n !== undefined ? { n: spec.n } : {}) };
}

function overlaps(a: Stratum, b: Stratum): boolean {
  if (a.kind === 'values' && b.kind === 'values') return a.values.some((v) => b.values.includes(v));
  if (a.kind === 'range' && b.kind === 'range') {
    return (a.min ?? -Infinity) < (b.max ?? Infinity) && (b.min ?? -Infinity) < (a.max ?? Infinity);
  }
  return false;
}

/**
 * Turns the request's strata (or the metric's defaults) into disjoint strata. Overlapping
 * strata would count a conversation in two populations, so they are refused, as are values
 * the metric cannot take; each error points at the stratum it is about.
 */
export function resolveStrata(metric: MetricRow, specs: StratumSpec[] | undefined, includeNotWritten: boolean): Stratum[] {
  const given = specs !== undefined;
  const list = specs ?? defaults(metric);
  if (!Array.isArray(list)) throw new AppError('validation', list.error, { errors: [{ pointer: '/body/strata', detail: list.error }] });
  const errors: FieldError[] = [];
  const out: Stratum[] = [];
  list.forEach((spec, i) => {
    const pointer = given ? `/body/strata/${i}` : '/body/strata';
    const r = resolveOne(metric, spec);
    if (typeof r === 'string') return void errors.push({ pointer, detail: r });
    const clash = out.findIndex((s) => overlaps(s, r));
    if (clash >= 0) return void errors.push({ pointer, detail: `overlaps stratum ${clash} ("${out[clash]!.label}"): strata must be disjoint` });
    if (out.some((s) => s.label === r.label) || (includeNotWritten && r.label === NOT_WRITTEN)) {
      return void errors.push({ pointer, detail: `duplicate stratum label "${r.label}"` });
    }
    out.push(r);
  });
  if (errors.length) throw new AppError('validation', `Invalid strata: ${errors[0]!.pointer} ${errors[0]!.detail}`, { errors });
  if (includeNotWritten) out.push({ label: NOT_WRITTEN, kind: 'not_written' });
  return out;
}
