import { sql } from 'kysely';
import type { DB } from './connect.js';
import { boundsParam, type SlotCountRow } from './trends.js';

/**
 * Queries over raw conversation_metrics rows, for what a count rollup cannot give: numeric
 * percentiles, and grouping by another metric's value. They read the window's rows of one
 * metric through (metric_id, started_at) indexes, and join conversations only when the project
 * has conversations in other environments in that window or the grouping needs a column.
 */
interface RawArgs {
  projectId: string;
  metricId: string;
  bounds: Date[];
  /** null: every environment */
  environment: string | null;
  /** join conversations to filter the environment */
  filterEnvironment: boolean;
  group: { kind: 'channel' | 'environment' } | { kind: 'metric'; metricId: string } | null;
}

function parts(a: RawArgs) {
  const join = a.filterEnvironment || (a.group && a.group.kind !== 'metric');
  const conv = join ? sql`join conversations c on c.project_id = cm.project_id and c.id = cm.conversation_id` : sql``;
  const env = a.filterEnvironment && a.environment !== null ? sql`and c.environment = ${a.environment}` : sql``;
  const grpJoin =
    a.group?.kind === 'metric'
      ? sql`left join conversation_metrics g on g.project_id = cm.project_id and g.metric_id = ${a.group.metricId} and g.conversation_id = cm.conversation_id`
      : sql``;
  const grp =
    a.group === null ? sql`''` : a.group.kind === 'metric' ? sql`coalesce(g.value_text, '')` : a.group.kind === 'channel' ? sql`coalesce(c.channel, '')` : sql`c.environment`;
  return { conv, env, grpJoin, grp };
}

/** p50, p95 and p99 of a numeric metric per bucket (and group). */
export async function numericPercentiles(db: DB, a: RawArgs): Promise<{ b: number; grp: string; p: number[] }[]> {
  const { conv, env, grpJoin, grp } = parts(a);
  const { rows } = await sql<{ b: number; grp: string; p: number[] }>`
    select width_bucket(cm.started_at, ${boundsParam(a.bounds)}) as b, ${grp} as grp,
      percentile_cont(array[0.5, 0.95, 0.99]) within group (order by cm.value_num) as p
    from conversation_metrics cm ${conv} ${grpJoin}
    where cm.metric_id = ${a.metricId} and cm.value_num is not null
      and cm.started_at >= ${a.bounds[0]!} and cm.started_at < ${a.bounds[a.bounds.length - 1]!} ${env}
    group by 1, 2`.execute(db);
  return rows;
}

/** Value counts per bucket grouped by another metric's value ('' where it was not written). */
export async function countsByMetricGroup(db: DB, a: RawArgs): Promise<SlotCountRow[]> {
  const { conv, env, grpJoin, grp } = parts(a);
  const { rows } = await sql<SlotCountRow>`
    select width_bucket(cm.started_at, ${boundsParam(a.bounds)}) as b, coalesce(cm.value_text, '') as value_text, ${grp} as grp,
      count(*)::float8 as n, coalesce(sum(cm.value_num), 0) as sum_num, coalesce(sum(cm.value_num ^ 2), 0) as sum_sq
    from conversation_metrics cm ${conv} ${grpJoin}
    where cm.metric_id = ${a.metricId}
      and cm.started_at >= ${a.bounds[0]!} and cm.started_at < ${a.bounds[a.bounds.length - 1]!} ${env}
    group by 1, 2, 3`.execute(db);
  return rows;
}
