import { sql, type SqlBool, type Expression } from 'kysely';
import type { Cursor } from '../conversations/cursor.js';
import { metricFiltersSql } from '../conversations/filters.js';
import type { ListCriteria } from '../conversations/list-params.js';
import type { DB } from './connect.js';
import { conversationColumns, cursorColumn, type ConversationRow } from './conversations-read.js';
import type { Turn } from './turns.js';

function textSearch(text: NonNullable<ListCriteria['text']>): Expression<SqlBool> {
  const column = sql.ref(`s.${text.role}_tsv`);
  return sql<SqlBool>`exists (select 1 from conversation_search s
    where s.project_id = conversations.project_id and s.conversation_id = conversations.id
      and ${column} @@ websearch_to_tsquery('simple', ${text.query}))`;
}

/** [conversation_id, metric_id, value_text, value_num, write_count] */
export type PageMetricValue = [string, string, string | null, number | null, number];

/** A page row, with its turns folded in as JSON when asked for. */
export type PageRow = ConversationRow & {
  /** [role, text, at, name] per turn, in order */
  t: [Turn['role'], string, string | null, string | null][] | null;
  /** on one row of the page: the effective metric values of every conversation of the page */
  m: PageMetricValue[] | null;
};

// A correlated subquery in the select list runs only for the rows the page returns (the scan
// stops at the limit), through the turns key.
const turnsJson = sql<PageRow['t']>`(select json_agg(json_build_array(t.role, t.text, t.at, t.name) order by t.idx)
  from conversation_turns t where t.project_id = conversations.project_id and t.conversation_id = conversations.id)`.as('t');
const none = sql<null>`null`;

/**
 * The conversations matching `c` after a keyset cursor, in list order (started_at desc, id desc),
 * without their columns: served by conversations_list, the walk stops after `limit` matching rows,
 * or at `until` (that row included) when a range is asked for.
 */
export function matchingConversations(db: DB, projectId: string, c: ListCriteria, after: Cursor | null, limit: number | null, until: Cursor | null = null) {
  let q = db
    .selectFrom('conversations')
    .where('conversations.project_id', '=', projectId)
    .where('conversations.environment', '=', c.environment);
  if (c.channels) q = q.where('conversations.channel', 'in', c.channels);
  if (c.start) q = q.where('conversations.started_at', '>=', new Date(c.start));
  if (c.end) q = q.where('conversations.started_at', '<', new Date(c.end));
  if (c.inProgress !== null) q = q.where('conversations.in_progress', '=', c.inProgress);
  if (c.handoff !== null) q = q.where('conversations.handoff_to', c.handoff ? 'is not' : 'is', null);
  if (c.handoffDestination) q = q.where('conversations.handoff_to', '=', c.handoffDestination);
  if (c.handoffReason) q = q.where('conversations.handoff_reason', '=', c.handoffReason);
  if (c.metricFilters.length) q = q.where(metricFiltersSql(c.metricFilters));
  if (c.text) q = q.where(textSearch(c.text));
  if (after) {
    q = q.where(sql<SqlBool>`(conversations.started_at, conversations.id) < (${after.t}::timestamptz, ${after.id})`);
  }
  if (until) q = q.where(sql<SqlBool>`(conversations.started_at, conversations.id) >= (${until.t}::timestamptz, ${until.id})`);
  const ordered = q.orderBy('conversations.started_at', 'desc').orderBy('conversations.id', 'desc');
  return limit === null ? ordered : ordered.limit(limit);
}

/**
 * One page of conversations in list order, after a keyset cursor (see matchingConversations).
 * Turns come in the same query when asked for, and so do the metric values: one JSON document
 * for the whole page on one of its rows, read with one index probe per conversation
 * (conversation_metrics_conversation). A correlated json_agg per page row cost Postgres twice
 * as much, and a second query per page waits for Node between the two (bench/conversations.ts).
 */
export function listConversationRows(
  db: DB,
  projectId: string,
  c: ListCriteria,
  after: Cursor | null,
  limit: number,
  include: { metrics: boolean; turns: boolean } = { metrics: false, turns: false },
): Promise<PageRow[]> {
  const page = matchingConversations(db, projectId, c, after, limit).select([...conversationColumns, cursorColumn, include.turns ? turnsJson : none.as('t')]);
  const metrics = include.metrics
    ? sql<PageRow['m']>`case when row_number() over () = 1 then (
        select json_agg(json_build_array(cm.conversation_id, cm.metric_id, cm.value_text, cm.value_num, cm.write_count))
        from conversation_metrics cm where cm.project_id = ${projectId} and cm.conversation_id = any(array(select id from page))) end`
    : none;
  return db
    .with('page', () => page)
    .selectFrom('page')
    .selectAll('page')
    .select(metrics.as('m'))
    .orderBy('page.cursor_t', 'desc')
    .orderBy('page.id', 'desc')
    .execute();
}
