import { sql, type RawBuilder } from 'kysely';
import type { PairState } from '../metrics/write-plan.js';

/** The rows a write statement returns: ord and id null on the one row that says "does not fit". */
export type StatementRow = { ord: number | null; id: number | null; state: PairState | null };

/** ISO strings by epoch: a batch's writes mostly share one time, so each is formatted once. */
export function isoCache() {
  const seen = new Map<number, string>();
  return (d: Date | undefined) => {
    if (!d) return null;
    const t = d.getTime();
    let s = seen.get(t);
    if (s === undefined) seen.set(t, (s = d.toISOString()));
    return s;
  };
}

/**
 * A write fits its definition: the metric exists and is not archived, and the value has its
 * type, is one of its categories, or lies within its bounds. `w` names the relation with the
 * write's kind, value_text and value_num; `d` the one with the definition's columns.
 */
export function fits(w: string, d: string): RawBuilder<boolean> {
  const [kind, text, num] = ['kind', 'value_text', 'value_num'].map((c) => sql.ref(`${w}.${c}`));
  const [id, archived, type, categories, min, max] = ['metric_id', 'archived_at', 'type', 'categories', 'min', 'max'].map((c) => sql.ref(`${d}.${c}`));
  return sql<boolean>`${id} is not null and ${archived} is null and case ${type}
    when 'boolean' then ${kind} in ('none', 'bool')
    when 'categorical' then ${kind} = 'string' and ${text} = any(${categories})
    else ${kind} = 'number' and (${min} is null or ${num} >= ${min}) and (${max} is null or ${num} <= ${max})
  end`;
}

/**
 * The CTEs `c0`, `nc` and `c`: the conversations of the pairs in `p`, looked up by primary key
 * (LATERAL with LIMIT: a probe per conversation, never a scan of the table), and the missing
 * ones created, started at their earliest write (`startedAt`, a column of `p`), once `gate`
 * says the batch fits. A conversation another transaction creates after this statement's
 * snapshot is in neither: its pairs come back without rows, for the caller to retry.
 */
export function conversationCtes(projectId: string, startedAt: string): RawBuilder<unknown> {
  return sql`
    c0 as (
      select x.id, x.started_at, x.sample_key
      from (select distinct conversation_id from p) as k(id)
      cross join lateral (
        select id, started_at, sample_key from conversations where project_id = ${projectId} and id = k.id limit 1
      ) x
    ),
    nc as (
      insert into conversations (project_id, id, started_at)
      select ${projectId}, conversation_id, min(${sql.ref(startedAt)}) from p
      where (select ok from gate) and conversation_id not in (select id from c0)
      group by conversation_id order by conversation_id
      on conflict do nothing
      returning id, started_at, sample_key
    ),
    c as (select * from c0 union all select * from nc)`;
}
