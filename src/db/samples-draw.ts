import { sql, type Expression, type SqlBool } from 'kysely';
import { applyMetricFilters, type ResolvedFilter } from '../conversations/filters.js';
import type { Stratum } from '../sampling/strata.js';
import type { DB } from './connect.js';

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

/**
 * The rows of one stratum that pass every filter. Value strata walk conversation_metrics by
 * its (metric_id, value_text, ...) indexes and probe conversations by primary key; the
 * "not written" stratum walks conversations by (project_id, environment, ...) and probes
 * conversation_metrics by primary key.
 */
function stratumQuery(db: DB, scope: DrawScope, stratum: Stratum) {
  if (stratum.kind === 'not_written') {
    let q = db
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
    q = conversationFilters(q, scope);
    return { q, key: sql.ref('c.sample_key') };
  }
  let q = db
    .selectFrom('conversation_metrics as cm')
    .innerJoin('conversations as c', (j) => j.onRef('c.project_id', '=', 'cm.project_id').onRef('c.id', '=', 'cm.conversation_id'))
    .select(['cm.conversation_id as id', 'cm.sample_key as sample_key'])
    .where('cm.metric_id', '=', scope.metricId)
    .where('cm.project_id', '=', scope.projectId)
    .where('cm.started_at', '>=', scope.start)
    .where('cm.started_at', '<', scope.end)
    .where('c.environment', '=', scope.environment);
  if (stratum.kind === 'values') q = q.where('cm.value_text', 'in', stratum.values);
  else {
    q = q.where('cm.value_text', 'is', null).where('cm.value_num', 'is not', null);
    if (stratum.min !== null) q = q.where('cm.value_num', '>=', stratum.min);
    if (stratum.max !== null) q = q.where('cm.value_num', '<', stratum.max);
  }
  q = conversationFilters(q, scope);
  return { q, key: sql.ref('cm.sample_key') };
}

function conversationFilters<Q extends { where(e: Expression<SqlBool>): Q }>(q: Q, scope: DrawScope): Q {
  let out = q;
  if (scope.channels) out = out.where(sql<SqlBool>`c.channel in (${sql.join(scope.channels)})`);
  if (scope.transcript === true) out = out.where(sql<SqlBool>`c.num_turns > 0`);
  if (scope.transcript === false) out = out.where(sql<SqlBool>`c.num_turns = 0`);
  if (scope.minTurns !== undefined) out = out.where(sql<SqlBool>`c.num_turns >= ${scope.minTurns}`);
  return applyMetricFilters(out, scope.filters, 'c');
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
  const inner = q.where(sql<SqlBool>`${key} >= p.lo and ${key} < p.hi`);
  const values = sql.join(arcs.map((a) => sql`(${a.j}::int4, ${a.lo}::float8, ${a.hi}::float8)`));
  const res = await sql<KeyedRow & { j: number }>`
    select x.id, x.sample_key, min(p.j) as j
    from (values ${values}) as p(j, lo, hi)
    cross join lateral (${inner}) as x
    group by x.id, x.sample_key`.execute(db);
  return res.rows.map((r) => ({ id: r.id, sample_key: Number(r.sample_key), j: Number(r.j) }));
}
