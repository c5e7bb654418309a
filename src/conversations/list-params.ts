import { z } from 'zod';
import type { MetricRow } from '../db/metrics.js';
import { AppError, fromZod, type FieldError } from '../errors.js';
import { decodeCursor, type Cursor } from './cursor.js';
import type { MetricFilter } from './filter-types.js';
import { validateFilters, type ResolvedFilter } from './filters.js';
import { CHANNELS, ENVIRONMENTS } from './ingest-schema.js';

const bool = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
const many = <T extends z.ZodType<string>>(s: T) => z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Query parameters of the list and the export; `metric[NAME]=VALUE` arrive in the catch-all. */
export const ListQuery = z
  .object({
    start_time: z.iso.datetime({ offset: true }).optional().describe('inclusive, ISO 8601'),
    end_time: z.iso.datetime({ offset: true }).optional().describe('exclusive, ISO 8601'),
    environment: z.enum(ENVIRONMENTS).default('live'),
    channel: many(z.enum(CHANNELS)).optional().describe('repeatable'),
    in_progress: bool.optional(),
    handoff: bool.optional().describe('true: handed off (any destination); false: not handed off'),
    handoff_destination: z.string().min(1).max(200).optional(),
    handoff_reason: z.string().min(1).max(200).optional(),
    filter: z.string().optional().describe('URL-encoded JSON array of {"metric","op","value"}'),
    query: z.string().trim().min(1).max(500).optional().describe('full-text search over transcripts'),
    query_role: z.enum(['user', 'agent']).optional().describe('search only user or only agent turns'),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    format: z.enum(['ndjson', 'csv']).optional().describe('export only'),
    max_rows: z.coerce.number().int().min(1).optional().describe('export only: stop after this many rows'),
  })
  .catchall(z.union([z.string(), z.array(z.string())]).describe('metric[NAME]=VALUE: equality on a metric (repeatable)'));
export type ListQueryInput = z.output<typeof ListQuery>;

export interface ListCriteria {
  environment: string;
  channels: string[] | null;
  start: string | null;
  end: string | null;
  inProgress: boolean | null;
  handoff: boolean | null;
  handoffDestination: string | null;
  handoffReason: string | null;
  metricFilters: ResolvedFilter[];
  text: { query: string; role: 'all' | 'user' | 'agent' } | null;
}

const LooseFilters = z.array(z.object({ metric: z.string().min(1), op: z.string().min(1), value: z.unknown().optional() })).max(50);

/** `metric[NAME]=VALUE` values arrive as text: type them by the metric's definition. */
function coerce(metric: MetricRow | undefined, raw: string): unknown {
  if (!metric) return raw;
  if (metric.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (metric.type === 'numeric') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return raw;
}

function collect(errors: FieldError[], run: () => ResolvedFilter[]): ResolvedFilter[] {
  try {
    return run();
  } catch (e) {
    if (e instanceof AppError && e.errors) {
      errors.push(...e.errors);
      return [];
    }
    throw e;
  }
}

/** Turns validated query parameters into criteria, checking metric filters against the project's metrics. */
export function resolveListQuery(q: ListQueryInput, metrics: MetricRow[]): { criteria: ListCriteria; cursor: Cursor | null; limit: number } {
  const errors: FieldError[] = [];
  const filters: ResolvedFilter[] = [];
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const known = new Set(Object.keys(ListQuery.shape));
  for (const [key, raw] of Object.entries(q)) {
    if (known.has(key)) continue;
    const m = /^metric\[(.+)\]$/.exec(key);
    if (!m) {
      errors.push({ pointer: `/query/${key}`, detail: `unknown query parameter "${key}"` });
      continue;
    }
    const name = m[1]!;
    const values = (Array.isArray(raw) ? raw : [raw]) as string[];
    const f: MetricFilter =
      values.length === 1
        ? { metric: name, op: 'eq', value: coerce(byName.get(name), values[0]!) }
        : { metric: name, op: 'in', value: values.map((v) => coerce(byName.get(name), v)) };
    filters.push(...collect(errors, () => validateFilters([f], metrics, `/query/${key}`)));
  }
  if (q.filter !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(q.filter);
    } catch {
      errors.push({ pointer: '/query/filter', detail: 'must be a URL-encoded JSON array of {"metric", "op", "value"}' });
    }
    if (parsed !== undefined) {
      const shaped = LooseFilters.safeParse(parsed);
      if (!shaped.success) errors.push(...(fromZod(shaped.error, '/query/filter').errors ?? []));
      else filters.push(...collect(errors, () => validateFilters(shaped.data as MetricFilter[], metrics, '/query/filter')));
    }
  }
  if (q.start_time && q.end_time && Date.parse(q.start_time) >= Date.parse(q.end_time)) {
    errors.push({ pointer: '/query/end_time', detail: 'must be after start_time' });
  }
  if (q.query_role && !q.query) errors.push({ pointer: '/query/query_role', detail: 'needs a query' });
  let cursor: Cursor | null = null;
  if (q.cursor !== undefined) {
    try {
      cursor = decodeCursor(q.cursor);
    } catch (e) {
      if (e instanceof AppError && e.errors) errors.push(...e.errors);
      else throw e;
    }
  }
  if (errors.length) throw new AppError('validation', `Invalid query parameters: ${errors[0]!.pointer} ${errors[0]!.detail}`, { errors });
  return {
    criteria: {
      environment: q.environment,
      channels: q.channel ?? null,
      start: q.start_time ?? null,
      end: q.end_time ?? null,
      inProgress: q.in_progress ?? null,
      handoff: q.handoff ?? null,
      handoffDestination: q.handoff_destination ?? null,
      handoffReason: q.handoff_reason ?? null,
      metricFilters: filters,
      text: q.query ? { query: q.query, role: q.query_role ?? 'all' } : null,
    },
    cursor,
    limit: q.limit,
  };
}
