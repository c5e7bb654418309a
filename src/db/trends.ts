import { sql, type RawBuilder } from 'kysely';
import type { DB } from './connect.js';

/** Grouping of a trend: none, a conversation column, or the value of another metric. */
export type SlotGroup = 'channel' | 'environment' | null;

/** Bucket boundaries as one array parameter: both drivers take a Postgres array literal. */
export function boundsParam(bounds: Date[]): RawBuilder<unknown> {
  return sql`${`{${bounds.map((b) => `"${b.toISOString()}"`).join(',')}}`}::timestamptz[]`;
}

export interface SlotCountRow {
  /** 1-based bucket number from width_bucket */
  b: number;
  value_text: string;
  grp: string;
  n: number;
  sum_num: number;
  sum_sq: number;
}

const groupColumn = (group: SlotGroup) => (group === null ? sql<string>`''` : sql.ref<string>(group));

/**
 * Metric value counts per bucket from the quarter-hour rollup (its all-channel totals when not
 * grouped); `environment` null reads every environment (grouping by environment).
 */
export async function metricSlotCounts(
  db: DB,
  args: { metricIds: string[]; environment: string | null; bounds: Date[]; group: SlotGroup; withSums: boolean },
): Promise<(SlotCountRow & { metric_id: string })[]> {
  const first = args.bounds[0]!;
  const last = args.bounds[args.bounds.length - 1]!;
  const grp = groupColumn(args.group);
  // a slot never holds 2^31 conversations: summing int4 keeps the aggregate off numeric, and
  // only numeric metrics need their sums
  const sums = args.withSums ? sql`sum(sum_num) as sum_num, sum(sum_sq) as sum_sq` : sql`0::float8 as sum_num, 0::float8 as sum_sq`;
  const { rows } = await sql<SlotCountRow & { metric_id: string }>`
    select metric_id, width_bucket(slot, ${boundsParam(args.bounds)}) as b, value_text, ${grp} as grp,
      sum(n::int4)::float8 as n, ${sums}
    from ${args.group === null ? sql`trend_metric_totals` : sql`trend_metric_slots`}
    where metric_id in (${sql.join(args.metricIds)})
      ${args.environment === null ? sql`` : sql`and environment = ${args.environment}`}
      and slot >= ${first} and slot < ${last}
    group by 1, 2, 3, 4`.execute(db);
  return rows.filter((r) => r.n !== 0);
}

/** Conversations per bucket (the denominator of "not written"), from the rollup. */
export async function conversationSlotCounts(
  db: DB,
  args: { projectId: string; environment: string | null; bounds: Date[]; group: SlotGroup },
): Promise<{ b: number; grp: string; n: number }[]> {
  const first = args.bounds[0]!;
  const last = args.bounds[args.bounds.length - 1]!;
  const { rows } = await sql<{ b: number; grp: string; n: number }>`
    select width_bucket(slot, ${boundsParam(args.bounds)}) as b, ${groupColumn(args.group)} as grp, sum(n::int4)::float8 as n
    from ${args.group === null ? sql`trend_conversation_totals` : sql`trend_conversation_slots`}
    where project_id = ${args.projectId}
      ${args.environment === null ? sql`` : sql`and environment = ${args.environment}`}
      and slot >= ${first} and slot < ${last}
    group by 1, 2`.execute(db);
  return rows.filter((r) => r.n !== 0);
}

/** Environments with conversations in a range: raw-row queries join conversations only when needed. */
export async function environmentsInRange(db: DB, projectId: string, start: Date, end: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('trend_conversation_totals')
    .select('environment')
    .distinct()
    .where('project_id', '=', projectId)
    .where('slot', '>=', start)
    .where('slot', '<', end)
    .where('n', '<>', 0)
    .execute();
  return rows.map((r) => r.environment);
}
