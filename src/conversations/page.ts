import type { DB } from '../db/connect.js';
import { listConversationRows, type PageMetricValue, type PageRow } from '../db/conversations-list.js';
import { nameMetricValues, type MetricValueRow, type RawMetric } from '../db/conversations-read.js';
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

type PageView = Pick<View, 'vis' | 'anyMetric' | 'index'>;

/** A page as read: its rows, their metric values, and the cursor after it (null on the last page). */
export interface RawPage {
  rows: PageRow[];
  metrics: PageMetricValue[];
  next: Cursor | null;
}

/**
 * Reads one page in list order. Reads limit + 1 rows so the last page says so (next = null)
 * instead of sending the client to an empty one. Metric values and turns are read only when the
 * caller may see them, in the page query.
 */
export async function fetchPage(db: DB, projectId: string, criteria: ListCriteria, after: Cursor | null, limit: number, view: PageView): Promise<RawPage> {
  const rows = await listConversationRows(db, projectId, criteria, after, limit + 1, { metrics: view.anyMetric, turns: view.vis.turns });
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const metrics = rows.find((r) => r.m)?.m ?? [];
  const last = pageRows.at(-1);
  return { rows: pageRows, metrics, next: more && last ? { t: last.cursor_t, id: last.id } : null };
}

/** Shapes a page's rows under the view's visibility. */
export async function shapePage(db: DB, projectId: string, { rows, metrics: values }: Pick<RawPage, 'rows' | 'metrics'>, view: PageView): Promise<ConversationObject[]> {
  const raw: RawMetric[] = values.map(([conversation_id, metric_id, value_text, value_num, write_count]) => ({ conversation_id, metric_id, value_text, value_num, write_count }));
  const metrics = byConversation(await nameMetricValues(db, projectId, raw, view.index));
  return rows.map((r) =>
    shapeConversation(r, metrics.get(r.id) ?? [], r.t?.map(([role, text, at, name], idx) => ({ idx, role, text, at: at ? new Date(at) : null, name })), view.vis),
  );
}

export async function loadPage(db: DB, projectId: string, criteria: ListCriteria, after: Cursor | null, limit: number, view: PageView): Promise<Page> {
  const page = await fetchPage(db, projectId, criteria, after, limit, view);
  return { items: await shapePage(db, projectId, page, view), next: page.next };
}

export const nextCursor = (p: Page) => (p.next ? encodeCursor(p.next) : null);
