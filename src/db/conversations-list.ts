import { sql, type SqlBool, type Expression } from 'kysely';
import type { Cursor } from '../conversations/cursor.js';
import { metricFiltersSql } from '../conversations/filters.js';
import type { ListCriteria } from '../conversations/list-params.js';
import type { DB } from './connect.js';
import { conversationColumns, cursorColumn, type ConversationRow } from './conversations-read.js';

function textSearch(text: NonNullable<ListCriteria['text']>): Expression<SqlBool> {
  const column = sql.ref(`s.${text.role}_tsv`);
  return sql<SqlBool>`exists (select 1 from conversation_search s
    where s.project_id = conversations.project_id and s.conversation_id = conversations.id
      and ${column} @@ websearch_to_tsquery('simple', ${text.query}))`;
}

/**
 * One page of conversations in list order (started_at desc, id desc), after a keyset cursor.
 * Served by conversations_list: the walk stops after `limit` matching rows.
 */
export function listConversationRows(db: DB, projectId: string, c: ListCriteria, after: Cursor | null, limit: number): Promise<ConversationRow[]> {
  let q = db
    .selectFrom('conversations')
    .select([...conversationColumns, cursorColumn])
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
  return q.orderBy('conversations.started_at', 'desc').orderBy('conversations.id', 'desc').limit(limit).execute();
}
