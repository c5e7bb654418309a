import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { applyMetricFilters, type ResolvedFilter } from '../conversations/filters.js';
import type { Stratum } from '../sampling/strata.js';
import type { DB } from './connect.js';
import type { Database } from './schema.js';

/** A walk over one stratum's rows: both kinds of stratum select the same two columns. */
type Walk = SelectQueryBuilder<Database, never, KeyedRow>;

/** Everything that narrows a stratum down to the conversations that may be drawn. */
export interface DrawScope {
  projectId: string;
  metricId: string;
  start: Date;
  end: Date;
  environment: string;
  channels: string[] | null;
  filters: ResolvedFilter[];
  /** true: only conversations with turns; false: only those without */
  transcript: boolean | undefined;
  minTurns: number | undefined;
  /** the project has conversations of other environments in the window: value strata must check each row's */
  otherEnvironments: boolean;
}

/** One seeded arc of key space, [lo, hi); `j` is the point that made it. */
export interface Arc {
  j: number;
  lo: number;
  hi: number;
}

export interface KeyedRow {
  id: string;
  sample_key: number;
}

/** Does anything but the environment narrow conversations down (so each row needs a look at its conversation)? */
export function hasConversationFilters(scope: Omit<DrawScope, 'otherEnvironments'>): boolean {
  return scope.channels !== null || scope.transcript !== undefined || scope.minTurns !== undefined || scope.filters.length > 0;
}

/**
 * The rows of one stratum that pass every filter. Value strata walk conversation_metrics by
 * the covering index conversation_metrics_sample (metric_id, value_text, sample_key) INCLUDE
 * (started_at, ...), index-only; they look at the conversation (a primary-key probe) only when
 * a filter needs it: the environment, when the project has conversations in other environments
 * in the window, or any conversation filter. The "not written" stratum walks conversations by
 * conversations_sample_key (project_id, environment, sample_key) and probes
 * conversation_metrics by primary key.
 */
function stratumQuery(db: DB, scope: DrawScope, stratum: Stratum): { q: Walk; key: RawBuilder<number> } {
  if (stratum.kind === 'not_written') {
    const q = db
      .selectFrom('conversations as c')
      .select(['c.id as id', 'c.sample_key as sample_key'])
      .where('c.project_id', '=', scope.projectId)
      .where('c.environment', '=', scope.environment)
      .where('c.started_at', '>=', scope.start)
      .where('c.started_at', '<', scope.end)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('conversation_metrics as w')
              .select(sql`1`.as('one'))
              .whereRef('w.project_id', '=', 'c.project_id')
              .where('w.metric_id', '=', scope.metricId)
              .whereRef('w.conversation_id', '=', 'c.id'),
          ),
        ),
      );
    return { q: conversationFilters(q, scope) as unknown as Walk, key: sql<number>`c.sample_key` };
  }
  // metric ids are unique across projects, so metric_id alone keeps the walk inside the project
  let q = db
    .selectFrom('conversation_metrics as cm')
    .select(['cm.conversation_id as id', 'cm.sample_key as sample_key'])
    .where('cm.metric_id', '=', scope.metricId)
    .where('cm.started_at', '>=', scope.start)
    .where('cm.started_at', '<', scope.end);
  if (stratum.kind === 'values') q = q.where('cm.value_text', 'in', stratum.values);
  else {
    q = q.where('cm.value_text', 'is', null).where('cm.value_num', 'is not', null);
    if (stratum.min !== null) q = q.where('cm.value_num', '>=', stratum.min);
    if (stratum.max !== null) q = q.where('cm.value_num', '<', stratum.max);
  }
  if (scope.otherEnvironments || hasConversationFilters(scope)) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        conversationFilters(
          selectFrom('conversations as c')
            .select(sql`1`.as('one'))
            .where('c.project_id', '=', scope.projectId)
            .whereRef('c.id', '=', 'cm.conversation_id')
            .where('c.environment', '=', scope.environment),
          scope,
        ),
      ),
    );
  }
  return { q: q as unknown as Walk, key: sql<number>`cm.sample_key` };
}

function conversationFilters<Q extends { where(e: Expression<SqlBool>): Q }>(q: Q, scope: DrawScope): Q {
  let out = q;
  if (scope.channels) out = out.where(sql<SqlBool>`c.channel in (${sql.join(scope.channels)})`);
  if (scope.transcript === true) out = out.where(sql<SqlBool>`c.num_turns > 0`);
  if (scope.transcript === false) out = out.where(sql<SqlBool>`c.num_turns = 0`);
  if (scope.minTurns !== undefined) out = out.where(sql<SqlBool>`c.num_turns >= ${scope.minTurns}`);
  return applyMetricFilters(out, scope.filters, 'c');
}

/**
 * Are there conversations of another environment in the window? Two index probes on
 * conversations_list (project_id, environment, started_at), each reading only entries of other
 * environments: when there are none, the environment filter holds for every row and value
 * strata never need to look at conversations.
 */
export async function otherEnvironmentsInWindow(db: DB, projectId: string, environment: string, start: Date, end: Date): Promise<boolean> {
  const probe = (op: '<' | '>') =>
    db
      .selectFrom('conversations')
      .select('id')
      .where('project_id', '=', projectId)
      .where('environment', op, environment)
      .where('started_at', '>=', start)
      .where('started_at', '<', end)
      .limit(1);
  const res = await sql<{ id: string }>`(${probe('<')}) union all (${probe('>')}) limit 1`.execute(db);
  return res.rows.length > 0;
}

/** The stratum's population under the filters: one index-backed count. */
export async function countStratum(db: DB, scope: DrawScope, stratum: Stratum): Promise<number> {
  const { q } = stratumQuery(db, scope, stratum);
  const row = await db
    .selectFrom(q.as('s'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many of the stratum's keys are among its `k` smallest (at most k), and the largest of
 * them: one row back, however large k. A group of values is read one value at a time (each an
 * ordered index range, merged by the database), so no query ever sorts a stratum.
 */
export async function smallestKeys(db: DB, scope: DrawScope, stratum: Stratum, k: number): Promise<{ count: number; kth: number | null }> {
  const parts = stratum.kind === 'values' && stratum.values.length > 1 ? stratum.values.map((v): Stratum => ({ ...stratum, values: [v] })) : [stratum];
  const ordered = parts.map((part) => {
    const { q, key } = stratumQuery(db, scope, part);
    return sql`(${q.clearSelect().select(key.as('k')).orderBy(key).limit(k)})`;
  });
  const res = await sql<{ n: number; kth: number | null }>`
    select count(*) as n, max(u.k) as kth
    from (select k from (${sql.join(ordered, sql` union all `)}) as m order by k limit ${k}) as u`.execute(db);
  const row = res.rows[0]!;
  return { count: Number(row.n), kth: row.kth === null ? null : Number(row.kth) };
}

/** Every row of a small stratum (the caller checked its population). */
export async function allOfStratum(db: DB, scope: DrawScope, stratum: Stratum): Promise<KeyedRow[]> {
  return stratumQuery(db, scope, stratum).q.execute();
}

/**
 * The rows whose sample key falls in any of the arcs, each with the first point (`j`) whose
 * arc holds it. One statement: a nested loop over the arcs, each an index range scan on the
 * sample key, so the cost follows the number of arcs, not the size of the stratum.
 */
export async function rowsInArcs(db: DB, scope: DrawScope, stratum: Stratum, arcs: Arc[]): Promise<(KeyedRow & { j: number })[]> {
  if (arcs.length === 0) return [];
  const { q, key } = stratumQuery(db, scope, stratum);
  // offset 0 fences the subquery, so the planner keeps one index range scan per arc instead of
  // flattening it into a join over the whole stratum
  const inner = q.where(sql<SqlBool>`${key} >= p.lo and ${key} < p.hi`).offset(0);
  const values = sql.join(arcs.map((a) => sql`(${a.j}::int4, ${a.lo}::float8, ${a.hi}::float8)`));
  const res = await sql<KeyedRow & { j: number }>`
    select x.id, x.sample_key, min(p.j) as j
    from (values ${values}) as p(j, lo, hi)
    cross join lateral (${inner}) as x
    group by x.id, x.sample_key`.execute(db);
  return res.rows.map((r) => ({ id: r.id, sample_key: Number(r.sample_key), j: Number(r.j) }));
}
