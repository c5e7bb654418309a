import { sql } from 'kysely';
import type { PairPlan, PairState } from '../metrics/write-plan.js';
import type { DB } from './connect.js';
import { prepared } from './prepared.js';
import { applyOnePerPair, onePerPair } from './writes-single.js';
import { conversationCtes, fits, isoCache, type StatementRow } from './write-sql.js';

export interface AppliedRow {
  index: number;
  id: number;
  state: PairState;
}

/** What one statement did: `fits: false` when some write does not fit its definition (nothing written). */
export type ApplyOutcome = { fits: false } | { fits: true; rows: AppliedRow[] };

/**
 * The statement's input as two JSON arrays of rows, one per pair and one per write, read back
 * positionally from jsonb: one parameter each. Column arrays cost an escaping pass per element
 * in pg; json_to_recordset and positional json (text) cost Postgres twice as much as positional
 * jsonb. Pair-level values are passed rather than joined from the writes: joins between
 * CTEs have no statistics, and their row estimates multiply until the planner picks bad plans
 * (and JIT-compiles them for seconds). The column order is the statement's (see `w` and `p`).
 */
function payload(pairs: PairPlan[]) {
  const iso = isoCache();
  const p: unknown[][] = [];
  const w: unknown[][] = [];
  let hasOnce = false;
  pairs.forEach((pp, pair) => {
    let first = pp.writes[0]!.at;
    for (const x of pp.writes) if (x.at < first) first = x.at;
    // When the first write is not write_once, "no prior value" and "an unlocked prior value"
    // end the same way, so the proposed row itself carries the update.
    hasOnce ||= pp.writes[0]!.writeOnce;
    const { ifNone, ifUnlocked } = pp;
    p.push([
      pair, pp.conversationId, pp.metric, iso(first),
      ifNone.last?.value.text ?? null, ifNone.last?.value.num ?? null, ifNone.applied, ifNone.locked, iso(ifNone.last?.at),
      ifUnlocked.last !== null, ifUnlocked.last?.value.text ?? null, ifUnlocked.last?.value.num ?? null, ifUnlocked.applied, iso(ifUnlocked.last?.at),
    ]);
    pp.writes.forEach((x, j) => {
      w.push([
        x.index, pair, x.value.kind, x.value.text, x.value.num, x.value.value,
        x.source, x.writeOnce, ifNone.reasons[j] !== null, ifUnlocked.reasons[j] !== null, iso(x.at),
      ]);
    });
  });
  return { p: JSON.stringify(p), w: JSON.stringify(w), hasOnce };
}

/**
 * Applies planned writes in ONE statement, whatever the batch size:
 * 0. resolves metric names to definitions and checks every value fits (type, category, bounds,
 *    not archived); if one does not, nothing is written and the caller explains why;
 * 1. creates the conversations not seen yet (a live call writes before its transcript arrives);
 * 2. upserts the effective values. ON CONFLICT sees the latest committed row and waits for a
 *    concurrent writer, so the prior state (none, unlocked, locked) is read race-free from it:
 *    inserted = none, updated = unlocked, left alone by `where not locked` = locked;
 * 3. records every write in metric_writes, ignored or not, with ids in request order.
 * Pairs whose conversation another transaction created after this statement's snapshot come
 * back without rows; the caller retries those (a new statement sees the conversation).
 */
export async function applyPlannedWrites(db: DB, projectId: string, pairs: PairPlan[]): Promise<ApplyOutcome> {
  const result = onePerPair(pairs) ? await applyOnePerPair(db, projectId, pairs) : await applyReplayed(db, projectId, pairs);
  if (result.rows.some((r) => r.ord === null)) return { fits: false };
  return { fits: true, rows: result.rows.map((r) => ({ index: r.ord!, id: Number(r.id), state: r.state! })) };
}

/** Any batch: repeats of a pair and write_once writes are replayed (write-plan.ts) before the statement. */
function applyReplayed(db: DB, projectId: string, pairs: PairPlan[]) {
  const { p, w, hasOnce } = payload(pairs);
  // On a conflict the row takes the pair's outcome "if unlocked". For a pair whose first write
  // is not write_once that is the proposed row itself (see payload); only a pair starting with
  // a write_once write needs its other outcome, looked up in p. Those are the pairs proposed
  // locked (a write_once write on no value locks it; no other pair is proposed locked), and the
  // one-time filter on excluded.locked spares every other row the scan of p. One upsert takes
  // every pair's row in one key order: with an upsert per kind of pair, a batch locked its rows
  // in two passes, and two batches sharing pairs deadlocked (test/writes/deadlocks.test.ts).
  const onConflict = hasOnce
    ? sql`set (value_text, value_num, write_count, updated_at) = (
          select case when a.has then a.text else cm.value_text end, case when a.has then a.num else cm.value_num end,
                 cm.write_count + a.n, case when a.has then a.at else cm.updated_at end
          from (
            select true, excluded.value_text, excluded.value_num, excluded.write_count, excluded.updated_at where not excluded.locked
            union all
            select q.alt_has, q.alt_text, q.alt_num, q.alt_count, q.alt_at from p q
            where excluded.locked and q.conversation_id = excluded.conversation_id and q.metric_id = excluded.metric_id
          ) a (has, text, num, n, at))`
    : sql`set value_text = excluded.value_text, value_num = excluded.value_num,
            write_count = cm.write_count + excluded.write_count, updated_at = excluded.updated_at`;
  return sql<StatementRow>`${prepared(hasOnce ? 'apply_metric_writes_once' : 'apply_metric_writes')}
    with w as (
      select (e->>0)::int as ord, (e->>1)::int as pair, e->>2 as kind, e->>3 as value_text, (e->>4)::float8 as value_num,
             e->5 as value, e->>6 as source, (e->>7)::bool as write_once, (e->>8)::bool as ign_none,
             (e->>9)::bool as ign_unlocked, (e->>10)::timestamptz as written_at
      from jsonb_array_elements(${w}::jsonb) e
    ),
    p as (
      select p0.*, d.id as metric_id, d.type, d.categories, d.min, d.max, d.archived_at
      from (
        select (e->>0)::int as pair, e->>1 as conversation_id, e->>2 as metric_name, (e->>3)::timestamptz as first_at,
               e->>4 as value_text, (e->>5)::float8 as value_num, (e->>6)::int as write_count, (e->>7)::bool as locked,
               (e->>8)::timestamptz as at, (e->>9)::bool as alt_has, e->>10 as alt_text,
               (e->>11)::float8 as alt_num, (e->>12)::int as alt_count, (e->>13)::timestamptz as alt_at
        from jsonb_array_elements(${p}::jsonb) e
      ) p0
      left join metric_definitions d on d.project_id = ${projectId} and d.name = p0.metric_name
    ),
    gate as (select coalesce(bool_and(${fits('w', 'p')}), false) as ok from w join p on p.pair = w.pair),
    ${conversationCtes(projectId, 'first_at')},
    u as (
      insert into conversation_metrics as cm
        (project_id, metric_id, conversation_id, value_text, value_num, write_count, locked, started_at, sample_key, updated_at)
      select ${projectId}, p.metric_id, p.conversation_id, p.value_text, p.value_num, p.write_count, p.locked, c.started_at, c.sample_key, p.at
      from p join c on c.id = p.conversation_id
      where (select ok from gate)
      order by p.conversation_id, p.metric_id
      on conflict (project_id, metric_id, conversation_id) do update
        ${onConflict}
        where not cm.locked
      returning cm.conversation_id, cm.metric_id, (cm.xmax = 0) as inserted
    ),
    st as (
      select p.pair, case when u.inserted then 'none' when u.metric_id is not null then 'unlocked' else 'locked' end as state
      from p join c on c.id = p.conversation_id
      left join u on u.conversation_id = p.conversation_id and u.metric_id = p.metric_id
      where (select ok from gate)
    ),
    -- ids in request order: OFFSET 0 keeps the sort below nextval()
    ids as (
      select o.ord, o.pair, o.state, nextval('metric_writes_id_seq') as id
      from (select w.ord, w.pair, st.state from w join st on st.pair = w.pair order by w.ord offset 0) o
    ),
    ins as (
      insert into metric_writes (id, project_id, conversation_id, metric_id, value, source, write_once, ignored, written_at)
      select ids.id, ${projectId}, p.conversation_id, p.metric_id, w.value, w.source, w.write_once,
             case ids.state when 'none' then w.ign_none when 'unlocked' then w.ign_unlocked else true end, w.written_at
      from ids join w on w.ord = ids.ord join p on p.pair = ids.pair
    )
    select ord, id, state from ids
    union all
    select null, null, null from gate where not ok
  `.execute(db);
}
