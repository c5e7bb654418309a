import type { MetricRow } from '../../db/metrics.js';
import type { Plan } from '../contract.js';
import { windowDays } from './window.js';

type Value = Plan['target_values'][number];

function valueProblem(metric: MetricRow, v: Value): string | null {
  if (metric.type === 'boolean') return typeof v === 'boolean' ? null : `${JSON.stringify(v)} is not true or false`;
  if (metric.type === 'categorical') {
    if (typeof v !== 'string') return `${JSON.stringify(v)} is not a category`;
    return (metric.categories ?? []).includes(v) ? null : `"${v}" is not a category of ${metric.name} (${(metric.categories ?? []).join(', ')})`;
  }
  return `${metric.name} is numeric: plans compare values of yes/no or categorical metrics`;
}

/**
 * Everything wrong with a plan against the project's real metrics, as sentences; empty when it
 * is sound. Used on the matcher's own plans in tests and on every plan an LLM proposes.
 */
export function checkPlan(plan: Plan, metrics: MetricRow[], opts: { maxWindowDays?: number } = {}): string[] {
  const problems: string[] = [];
  const metric = metrics.find((m) => m.name === plan.metric);
  if (!metric) problems.push(`metric "${plan.metric}" does not exist in this project`);
  else if (metric.archived_at) problems.push(`metric "${plan.metric}" is archived`);
  if (metric) {
    for (const v of plan.target_values) {
      const p = valueProblem(metric, v);
      if (p) problems.push(`target_values: ${p}`);
    }
    for (const v of plan.contrast_values) {
      const p = valueProblem(metric, v);
      if (p) problems.push(`contrast_values: ${p}`);
    }
  }
  if (plan.target_values.length === 0) problems.push('target_values: at least one value is required');
  const overlap = plan.target_values.filter((v) => plan.contrast_values.includes(v));
  if (overlap.length) problems.push(`contrast_values: ${overlap.map((v) => JSON.stringify(v)).join(', ')} also in target_values`);
  if (plan.kind === 'qualitative' && plan.contrast_values.length === 0) problems.push('contrast_values: a why-question needs values to contrast with');

  const start = Date.parse(plan.window.start);
  const end = Date.parse(plan.window.end);
  if (!(start < end)) problems.push('window: start must be before end');
  else if (opts.maxWindowDays !== undefined && windowDays(plan.window) > opts.maxWindowDays + 1e-9) problems.push(`window: longer than the ${opts.maxWindowDays}-day limit`);

  for (const f of plan.filters) {
    const fm = metrics.find((m) => m.name === f.metric);
    if (!fm) problems.push(`filters: metric "${f.metric}" does not exist in this project`);
    else if ((f.op === 'eq' || f.op === 'neq') && fm.type !== 'numeric') {
      const p = valueProblem(fm, f.value as Value);
      if (p) problems.push(`filters: ${p}`);
    }
  }
  if (plan.kind === 'qualitative' && plan.measure) problems.push('measure: only quantitative plans have a measure');
  if (plan.interval && plan.measure !== 'trend') problems.push('interval: only trend plans have an interval');
  if (plan.measure === 'trend' && !plan.interval) problems.push('interval: a trend needs an interval');
  return problems;
}
