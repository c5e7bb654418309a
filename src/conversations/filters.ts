import { sql, type Expression, type SqlBool } from 'kysely';
import type { MetricRow } from '../db/metrics.js';
import { AppError, type FieldError } from '../errors.js';
import { FILTER_OPS, type FilterOp, type MetricFilter } from './filter-types.js';

/** A filter checked against the project's definitions: the metric id and a typed operand. */
export type ResolvedFilter =
  | { metric: MetricRow; op: 'exists' | 'not_exists' }
  | { metric: MetricRow; op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte'; column: 'value_text' | 'value_num'; value: string | number }
  | { metric: MetricRow; op: 'in'; column: 'value_text' | 'value_num'; value: (string | number)[] }
  | { metric: MetricRow; op: 'between'; value: [number, number] };

const OPS_BY_TYPE: Record<MetricRow['type'], readonly FilterOp[]> = {
  boolean: ['eq', 'neq', 'in', 'exists', 'not_exists'],
  categorical: ['eq', 'neq', 'in', 'exists', 'not_exists'],
  numeric: FILTER_OPS,
};

const MAX_IN = 100;

/** Closest names first, for "did you mean" in errors. */
function nearest(name: string, metrics: MetricRow[]): string[] {
  const lower = name.toLowerCase();
  return metrics
    .map((m) => m.name)
    .filter((n) => n.toLowerCase().includes(lower.slice(0, 4)) || lower.includes(n.toLowerCase().slice(0, 4)))
    .slice(0, 5);
}

/** One operand, typed for the metric; a string explains what is wrong. */
function operand(metric: MetricRow, v: unknown): string | number | { error: string } {
  if (metric.type === 'boolean') {
    if (typeof v !== 'boolean') return { error: `"${metric.name}" is boolean: the value must be true or false` };
    return v ? 'true' : 'false';
  }
  if (metric.type === 'categorical') {
    if (typeof v !== 'string') return { error: `"${metric.name}" is categorical: the value must be a category string` };
    if (!(metric.categories ?? []).includes(v)) {
      return { error: `"${v}" is not a category of "${metric.name}" (allowed: ${(metric.categories ?? []).join(', ')})` };
    }
    return v;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return { error: `"${metric.name}" is numeric: the value must be a finite number` };
  return v;
}

type Problem = { problem: string; field: 'op' | 'value' };
const onValue = (problem: string): Problem => ({ problem, field: 'value' });

function resolveOne(f: MetricFilter, metric: MetricRow): ResolvedFilter | Problem {
  if (!OPS_BY_TYPE[metric.type].includes(f.op)) {
    return { field: 'op', problem: `operator "${f.op}" does not apply to ${metric.type} metric "${metric.name}" (use one of ${OPS_BY_TYPE[metric.type].join(', ')})` };
  }
  const column = metric.type === 'numeric' ? 'value_num' : 'value_text';
  switch (f.op) {
    case 'exists':
    case 'not_exists':
      if (f.value !== undefined) return onValue(`operator "${f.op}" takes no value`);
      return { metric, op: f.op };
    case 'in': {
      if (!Array.isArray(f.value) || f.value.length === 0 || f.value.length > MAX_IN) {
        return onValue(`operator "in" needs an array of 1 to ${MAX_IN} values`);
      }
      const values: (string | number)[] = [];
      for (const v of f.value) {
        const o = operand(metric, v);
        if (typeof o === 'object') return onValue(o.error);
        values.push(o);
      }
      return { metric, op: 'in', column, value: values };
    }
    case 'between': {
      const v = f.value;
      if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        return onValue('operator "between" needs [low, high], two finite numbers');
      }
      const [lo, hi] = v as [number, number];
      if (lo > hi) return onValue(`operator "between" needs low <= high (got [${lo}, ${hi}])`);
      return { metric, op: 'between', value: [lo, hi] };
    }
    default: {
      if (f.value === undefined) return onValue(`operator "${f.op}" needs a value`);
      const o = operand(metric, f.value);
      if (typeof o === 'object') return onValue(o.error);
      return { metric, op: f.op, column, value: o };
    }
  }
}

/**
 * Checks filters against the project's metric definitions and types their operands. Throws one
 * 400 listing every bad filter, each with a JSON pointer (`${pointerPrefix}/${index}`) and the
 * reason: unknown metric (with near names), unknown operator, operator not valid for the type,
 * or a value of the wrong type.
 */
export function validateFilters(filters: MetricFilter[], metrics: MetricRow[], pointerPrefix = '/query/filter'): ResolvedFilter[] {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const errors: FieldError[] = [];
  const out: ResolvedFilter[] = [];
  filters.forEach((f, i) => {
    const pointer = `${pointerPrefix}/${i}`;
    if (!(FILTER_OPS as readonly string[]).includes(f.op)) {
      errors.push({ pointer: `${pointer}/op`, detail: `unknown operator "${String(f.op)}" (use one of ${FILTER_OPS.join(', ')})` });
      return;
    }
    const metric = byName.get(f.metric);
    if (!metric) {
      const near = nearest(f.metric, metrics);
      errors.push({
        pointer: `${pointer}/metric`,
        detail: `unknown metric "${f.metric}"${near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}?)` : ''}`,
      });
      return;
    }
    const r = resolveOne(f, metric);
    if ('problem' in r) errors.push({ pointer: `${pointer}/${r.field}`, detail: r.problem });
    else out.push(r);
  });
  if (errors.length) throw new AppError('validation', `Invalid metric filter: ${errors[0]!.pointer} ${errors[0]!.detail}`, { errors });
  return out;
}

function valueCondition(f: ResolvedFilter) {
  const cm = (c: string) => sql.ref(`cm.${c}`);
  switch (f.op) {
    case 'exists':
    case 'not_exists':
      return sql`true`;
    case 'between':
      return sql`${cm('value_num')} between ${f.value[0]} and ${f.value[1]}`;
    case 'in':
      return sql`${cm(f.column)} in (${sql.join(f.value)})`;
    default: {
      const op = { eq: '=', neq: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' }[f.op];
      return sql`${cm(f.column)} ${sql.raw(op)} ${f.value}`;
    }
  }
}

/**
 * One filter as a correlated EXISTS (NOT EXISTS for not_exists) on conversation_metrics. Each
 * probe is a primary-key lookup (project_id, metric_id, conversation_id). `neq` means "written,
 * with another value": a conversation where the metric was never written does not match it.
 * `table` is the alias of the outer conversations relation.
 */
export function metricFilterSql(f: ResolvedFilter, table = 'conversations'): Expression<SqlBool> {
  const probe = sql`select 1 from conversation_metrics cm
    where cm.project_id = ${sql.ref(`${table}.project_id`)} and cm.metric_id = ${f.metric.id}
      and cm.conversation_id = ${sql.ref(`${table}.id`)} and ${valueCondition(f)}`;
  return f.op === 'not_exists' ? sql<SqlBool>`not exists (${probe})` : sql<SqlBool>`exists (${probe})`;
}

/** All filters ANDed; `true` when there are none. */
export function metricFiltersSql(filters: ResolvedFilter[], table = 'conversations'): Expression<SqlBool> {
  if (filters.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${sql.join(
    filters.map((f) => metricFilterSql(f, table)),
    sql` and `,
  )})`;
}

/** Applies the filters to any Kysely query whose FROM holds `conversations` (or an alias of it). */
export function applyMetricFilters<Q extends { where(e: Expression<SqlBool>): Q }>(qb: Q, filters: ResolvedFilter[], table = 'conversations'): Q {
  return filters.length ? qb.where(metricFiltersSql(filters, table)) : qb;
}
