import { sql } from 'kysely';
import type { PairPlan } from '../metrics/write-plan.js';
import type { DB } from './connect.js';
import { prepared } from './prepared.js';
import { conversationCtes, fits, isoCache, type StatementRow } from './write-sql.js';

/** True when the general statement's replay has nothing to do: one plain write per pair. */
export const onePerPair = (pairs: PairPlan[]) => pairs.every((p) => p.writes.length === 1 && !p.writes[0]!.writeOnce);

/**
 * The common batch, one write per (conversation, metric) and none write_once, in one statement
 * with one row per write: a write's outcome is "applied" unless an earlier write_once locked
 * the value. The general statement (writes.ts) also carries each pair's replayed outcomes and
 * joins them back to its writes; here there is nothing to replay (a third cheaper per batch).
 */
export async function applyOnePerPair(db: DB, projectId: string, pairs: PairPlan[]) {
  const iso = isoCache();
  // a batch's writes share the request's time, unless an import passed its own: a row carries
  // its time only when it differs (Postgres parses each timestamp it is given)
  const at = pairs[0]!.writes[0]!.at;
  const rows = pairs.map(({ conversationId, metric, writes: [x] }) => [
    x!.index, conversationId, metric, x!.value.kind, x!.value.text, x!.value.num, x!.value.value, x!.source,
    x!.at.getTime() === at.getTime() ? null : iso(x!.at),
  ]);
  return sql<StatementRow>`${prepared('apply_metric_writes_one_per_pair')}
    with p as (
      select w.*, d.id as metric_id, d.type, d.categories, d.min, d.max, d.archived_at
      from (
        select (e->>0)::int as ord, e->>1 as conversation_id, e->>2 as metric_name, e->>3 as kind, e->>4 as value_text,
               (e->>5)::float8 as value_num, e->6 as value, e->>7 as source,
               coalesce((e->>8)::timestamptz, ${iso(at)}::timestamptz) as at
        from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) e
      ) w
      left join metric_definitions d on d.project_id = ${projectId} and d.name = w.metric_name
    ),
    gate as (select coalesce(bool_and(${fits('p', 'p')}), false) as ok from p),
    ${conversationCtes(projectId, 'at')},
    u as (
      insert into conversation_metrics as cm
        (project_id, metric_id, conversation_id, value_text, value_num, write_count, locked, started_at, sample_key, updated_at)
      select ${projectId}, p.metric_id, p.conversation_id, p.value_text, p.value_num, 1, false, c.started_at, c.sample_key, p.at
      from p join c on c.id = p.conversation_id
      where (select ok from gate)
      order by p.conversation_id, p.metric_id
      on conflict (project_id, metric_id, conversation_id) do update
        set value_text = excluded.value_text, value_num = excluded.value_num,
            write_count = cm.write_count + 1, updated_at = excluded.updated_at
        where not cm.locked
      returning cm.conversation_id, cm.metric_id, (cm.xmax = 0) as inserted
    ),
    -- ids in request order: OFFSET 0 keeps the sort below nextval()
    ids as (
      select o.ord, o.state, nextval('metric_writes_id_seq') as id
      from (
        select p.ord, case when u.inserted then 'none' when u.metric_id is not null then 'unlocked' else 'locked' end as state
        from p join c on c.id = p.conversation_id
        left join u on u.conversation_id = p.conversation_id and u.metric_id = p.metric_id
        where (select ok from gate)
        order by p.ord offset 0
      ) o
    ),
    ins as (
      insert into metric_writes (id, project_id, conversation_id, metric_id, value, source, write_once, ignored, written_at)
      select ids.id, ${projectId}, p.conversation_id, p.metric_id, p.value, p.source, false, ids.state = 'locked', p.at
      from ids join p on p.ord = ids.ord
    )
    select ord, id, state from ids
    union all
    select null, null, null from gate where not ok
  `.execute(db);
}
