import { sql } from 'kysely';
import type { PairPlan, PairState } from '../metrics/write-plan.js';
import type { DB } from './connect.js';

export interface AppliedRow {
  index: number;
  id: number;
  state: PairState;
}

/** What one statement did: `fits: false` when some write does not fit its definition (nothing written). */
export type ApplyOutcome = { fits: false } | { fits: true; rows: AppliedRow[] };

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/**
 * Column arrays for unnest(), one element per pair and one per write. Pair-level values are
 * passed rather than joined from the writes: joins between CTEs have no statistics, and their
 * row estimates multiply until the planner picks bad plans (and JIT-compiles them for seconds).
 */
function columns(pairs: PairPlan[]) {
  const p = {
    pair: [] as number[], conv: [] as string[], metric: [] as string[], firstAt: [] as string[],
    text: [] as (string | null)[], num: [] as (number | null)[], count: [] as number[], locked: [] as boolean[], at: [] as (string | null)[],
    simple: [] as boolean[], altHas: [] as boolean[], altText: [] as (string | null)[], altNum: [] as (number | null)[], altCount: [] as number[], altAt: [] as (string | null)[],
  };
  const w = {
    ord: [] as number[], pair: [] as number[], kind: [] as string[], text: [] as (string | null)[], num: [] as (number | null)[],
    value: [] as string[], source: [] as (string | null)[], once: [] as boolean[], ignNone: [] as boolean[], ignUnlocked: [] as boolean[], at: [] as string[],
  };
  pairs.forEach((pp, i) => {
    p.pair.push(i);
    p.conv.push(pp.conversationId);
    p.metric.push(pp.metric);
    p.firstAt.push(new Date(Math.min(...pp.writes.map((x) => x.at.getTime()))).toISOString());
    p.text.push(pp.ifNone.last?.value.text ?? null);
    p.num.push(pp.ifNone.last?.value.num ?? null);
    p.count.push(pp.ifNone.applied);
    p.locked.push(pp.ifNone.locked);
    p.at.push(iso(pp.ifNone.last?.at));
    // When the first write is not write_once, "no prior value" and "an unlocked prior value"
    // end the same way, so the proposed row itself carries the update.
    p.simple.push(!pp.writes[0]!.writeOnce);
    p.altHas.push(pp.ifUnlocked.last !== null);
    p.altText.push(pp.ifUnlocked.last?.value.text ?? null);
    p.altNum.push(pp.ifUnlocked.last?.value.num ?? null);
    p.altCount.push(pp.ifUnlocked.applied);
    p.altAt.push(iso(pp.ifUnlocked.last?.at));
    pp.writes.forEach((x, j) => {
      w.ord.push(x.index);
      w.pair.push(i);
      w.kind.push(x.value.kind);
      w.text.push(x.value.text);
      w.num.push(x.value.num);
      w.value.push(JSON.stringify(x.value.value));
      w.source.push(x.source);
      w.once.push(x.writeOnce);
      w.ignNone.push(pp.ifNone.reasons[j] !== null);
      w.ignUnlocked.push(pp.ifUnlocked.reasons[j] !== null);
      w.at.push(x.at.toISOString());
    });
  });
  return { p, w, convs: [...new Set(p.conv)] };
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
  const { p, w, convs } = columns(pairs);
  // planned only when some pair starts with a write_once write: most batches have none
  const hasOnce = p.simple.includes(false);
  const onceUpsert = hasOnce
    ? sql`
    u_once as (
      insert into conversation_metrics as cm
        (project_id, metric_id, conversation_id, value_text, value_num, write_count, locked, started_at, sample_key, updated_at)
      select ${projectId}, p.metric_id, p.conversation_id, p.value_text, p.value_num, p.write_count, p.locked, c.started_at, c.sample_key, p.at
      from p join c on c.id = p.conversation_id
      where not p.simple and (select ok from gate)
      order by p.conversation_id, p.metric_id
      on conflict (project_id, metric_id, conversation_id) do update
        set (value_text, value_num, write_count, updated_at) = (
          select case when q.alt_has then q.alt_text else cm.value_text end,
                 case when q.alt_has then q.alt_num else cm.value_num end,
                 cm.write_count + q.alt_count,
                 case when q.alt_has then q.alt_at else cm.updated_at end
          from p q where q.conversation_id = excluded.conversation_id and q.metric_id = excluded.metric_id)
        where not cm.locked
      returning cm.conversation_id, cm.metric_id, (cm.xmax = 0) as inserted
    ),
`
    : sql``;
  const result = await sql<{ ord: number | null; id: number | null; state: PairState | null }>`
    with w as (
      select * from unnest(
        ${w.ord}::int[], ${w.pair}::int[], ${w.kind}::text[], ${w.text}::text[], ${w.num}::float8[], ${w.value}::jsonb[],
        ${w.source}::text[], ${w.once}::bool[], ${w.ignNone}::bool[], ${w.ignUnlocked}::bool[], ${w.at}::timestamptz[]
      ) as w(ord, pair, kind, value_text, value_num, value, source, write_once, ign_none, ign_unlocked, written_at)
    ),
    p as (
      select p0.*, d.id as metric_id, d.type, d.categories, d.min, d.max, d.archived_at
      from unnest(
        ${p.pair}::int[], ${p.conv}::text[], ${p.metric}::text[], ${p.firstAt}::timestamptz[],
        ${p.text}::text[], ${p.num}::float8[], ${p.count}::int[], ${p.locked}::bool[], ${p.at}::timestamptz[],
        ${p.simple}::bool[], ${p.altHas}::bool[], ${p.altText}::text[], ${p.altNum}::float8[], ${p.altCount}::int[], ${p.altAt}::timestamptz[]
      ) as p0(pair, conversation_id, metric_name, first_at, value_text, value_num, write_count, locked, at,
              simple, alt_has, alt_text, alt_num, alt_count, alt_at)
      left join metric_definitions d on d.project_id = ${projectId} and d.name = p0.metric_name
    ),
    gate as (
      select coalesce(bool_and(
        p.metric_id is not null and p.archived_at is null and case p.type
          when 'boolean' then w.kind in ('none', 'bool')
          when 'categorical' then w.kind = 'string' and w.value_text = any(p.categories)
          else w.kind = 'number' and (p.min is null or w.value_num >= p.min) and (p.max is null or w.value_num <= p.max)
        end), false) as ok
      from w join p on p.pair = w.pair
    ),
    nc as (
      insert into conversations (project_id, id, started_at)
      select ${projectId}, conversation_id, min(first_at) from p where (select ok from gate)
      group by conversation_id order by conversation_id
      on conflict do nothing
      returning id, started_at, sample_key
    ),
    c as (
      select id, started_at, sample_key from nc
      union all
      -- LATERAL with LIMIT: one primary-key probe per conversation, never a scan of the table
      select x.id, x.started_at, x.sample_key
      from unnest(${convs}::text[]) as k(id)
      cross join lateral (
        select id, started_at, sample_key from conversations where project_id = ${projectId} and id = k.id limit 1
      ) x
    ),
    u_simple as (
      insert into conversation_metrics as cm
        (project_id, metric_id, conversation_id, value_text, value_num, write_count, locked, started_at, sample_key, updated_at)
      select ${projectId}, p.metric_id, p.conversation_id, p.value_text, p.value_num, p.write_count, p.locked, c.started_at, c.sample_key, p.at
      from p join c on c.id = p.conversation_id
      where p.simple and (select ok from gate)
      order by p.conversation_id, p.metric_id
      on conflict (project_id, metric_id, conversation_id) do update
        set value_text = excluded.value_text, value_num = excluded.value_num,
            write_count = cm.write_count + excluded.write_count, updated_at = excluded.updated_at
        where not cm.locked
      returning cm.conversation_id, cm.metric_id, (cm.xmax = 0) as inserted
    ),
${onceUpsert}    u as (select * from u_simple ${hasOnce ? sql`union all select * from u_once` : sql``}),
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
  if (result.rows.some((r) => r.ord === null)) return { fits: false };
  return { fits: true, rows: result.rows.map((r) => ({ index: r.ord!, id: Number(r.id), state: r.state! })) };
}
