import type { DB } from '../db/connect.js';
import { listConversationRows } from '../db/conversations-list.js';
import { loadMetricValues, type ConversationRow, type MetricValueRow } from '../db/conversations-read.js';
import { loadTurns } from '../db/turns.js';
import { encodeCursor, type Cursor } from './cursor.js';
import type { ListCriteria } from './list-params.js';
import { shapeConversation, type ConversationObject } from './shape.js';
import type { View } from './list.js';

export interface Page {
  items: ConversationObject[];
  next: Cursor | null;
}

/** Groups rows by conversation id. */
function byConversation(rows: MetricValueRow[]) {
  const out = new Map<string, MetricValueRow[]>();
  for (const r of rows) {
    const list = out.get(r.conversation_id);
    if (list) list.push(r);
    else out.set(r.conversation_id, [r]);
  }
  return out;
}

/**
 * One page in list order, shaped under a visibility. Reads limit + 1 rows so the last page says
 * so (next = null) instead of sending the client to an empty one. Metric values and turns are
 * read only when the caller may see them.
 */
export async function loadPage(db: DB, projectId: string, criteria: ListCriteria, after: Cursor | null, limit: number, view: Pick<View, 'vis' | 'anyMetric' | 'index'>): Promise<Page> {
  const { vis } = view;
  const rows: ConversationRow[] = await listConversationRows(db, projectId, criteria, after, limit + 1);
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const ids = pageRows.map((r) => r.id);
  const [metrics, turns] = await Promise.all([
    view.anyMetric ? loadMetricValues(db, projectId, ids, view.index).then(byConversation) : Promise.resolve(new Map<string, MetricValueRow[]>()),
    vis.turns ? loadTurns(db, projectId, ids) : Promise.resolve(null),
  ]);
  const items = pageRows.map((r) => shapeConversation(r, metrics.get(r.id) ?? [], turns?.get(r.id), vis));
  const last = pageRows.at(-1);
  return { items, next: more && last ? { t: last.cursor_t, id: last.id } : null };
}

export const nextCursor = (p: Page) => (p.next ? encodeCursor(p.next) : null);
