import { sql, type Expression, type SqlBool } from 'kysely';
import { applyMetricFilters, type ResolvedFilter } from '../../conversations/filters.js';
import type { DB } from '../../db/connect.js';

/** The conversations a plan counts over: one project, environment, window, channels, filters. */
export interface Scope {
  projectId: string;
  environment: string;
  start: Date;
  end: Date;
  channels?: string[] | undefined;
  filters: ResolvedFilter[];
}

function channelCondition(channels: string[] | undefined, alias: string): Expression<SqlBool> {
  if (!channels?.length) return sql<SqlBool>`true`;
  return sql<SqlBool>`${sql.ref(`${alias}.channel`)} in (${sql.join(channels)})`;
}

/**
 * Conversations in scope: a range of the conversations_list index
 * (project_id, environment, started_at).
 */
export async function countConversations(db: DB, s: Scope): Promise<number> {
  const q = db
    .selectFrom('conversations as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.project_id', '=', s.projectId)
    .where('c.environment', '=', s.environment)
    .where('c.started_at', '>=', s.start)
    .where('c.started_at', '<', s.end)
    .where(channelCondition(s.channels, 'c'));
  const row = await applyMetricFilters(q, s.filters, 'c').executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One metric's effective values in scope. Walks conversation_metrics_value_time (metric_id,
 * value_text, started_at); the join to conversations is a primary-key probe per row, for
 * environment, channel and filters.
 */
function valuesInScope(db: DB, s: Scope, metricId: string) {
  return db
    .selectFrom('conversation_metrics as cm')
    .innerJoin('conversations as c', (j) => j.onRef('c.project_id', '=', 'cm.project_id').onRef('c.id', '=', 'cm.conversation_id'))
    .where('cm.metric_id', '=', metricId)
    .where('cm.project_id', '=', s.projectId)
    .where('cm.started_at', '>=', s.start)
    .where('cm.started_at', '<', s.end)
    .where('c.environment', '=', s.environment)
    .where(channelCondition(s.channels, 'c'));
}

/** Conversations in scope per effective value of one metric. */
export async function countByValue(db: DB, s: Scope, metricId: string): Promise<Map<string, number>> {
  const q = valuesInScope(db, s, metricId)
    .select(['cm.value_text', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('cm.value_text');
  const rows = await applyMetricFilters(q, s.filters, 'c').execute();
  return new Map(rows.map((r) => [r.value_text ?? '', Number(r.n)]));
}

export interface BucketRow {
  bucket: Date;
  value_text: string;
  n: number;
}

/** The same counts per time bucket (UTC), for trends. */
export async function countByValueAndBucket(db: DB, s: Scope, metricId: string, interval: 'hour' | 'day' | 'week'): Promise<BucketRow[]> {
  // a literal from a closed set: a bound parameter would make the GROUP BY expression differ
  const unit = sql.lit({ hour: 'hour', day: 'day', week: 'week' }[interval]);
  const bucket = sql<Date>`date_trunc(${unit}, cm.started_at at time zone 'UTC')`;
  const q = valuesInScope(db, s, metricId)
    .select([bucket.as('bucket'), 'cm.value_text', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([bucket, 'cm.value_text'])
    .orderBy(bucket);
  const rows = await applyMetricFilters(q, s.filters, 'c').execute();
  return rows.map((r) => ({ bucket: asUtc(r.bucket), value_text: r.value_text ?? '', n: Number(r.n) }));
}

/** date_trunc on a timestamp without zone comes back as a local-time Date or a string; read it as UTC. */
function asUtc(v: Date | string): Date {
  if (typeof v === 'string') return new Date(v.endsWith('Z') || /[+-]\d\d(:?\d\d)?$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
  return new Date(Date.UTC(v.getFullYear(), v.getMonth(), v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds()));
}
