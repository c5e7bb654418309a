import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { DB } from './connect.js';
import type { ConversationsTable } from './schema.js';

export type ConversationRow = Omit<Selectable<ConversationsTable>, 'created_at' | 'updated_at' | 'sample_key' | 'ingested' | 'started_at' | 'ended_at'> & {
  /** started_at in UTC to the microsecond ("2026-06-01T12:00:00.123456Z"): the keyset cursor needs it exact */
  cursor_t: string;
  /** ISO 8601 in UTC to the millisecond, as the API prints times */
  ended_at: string | null;
};

// Times leave Postgres already printed (started_at as cursor_t): parsing each timestamp into a
// Date and printing it again cost an export a fifth of its Node time.
/** A timestamptz printed in UTC as the API prints times (Date's toISOString), to the millisecond. */
export const printedMillis = (e: Expression<unknown>) => sql<string>`to_char(${e} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A timestamptz printed in UTC to the microsecond, as a keyset cursor holds it. */
export const printedMicros = (e: Expression<unknown>) => sql<string>`to_char(${e} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const isoMillis = (column: 'ended_at') => printedMillis(sql.ref(`conversations.${column}`)).as(column);

/** started_at as the API prints it (Date's toISOString), from a row's cursor_t. */
export const startedAt = (row: Pick<ConversationRow, 'cursor_t'>) => `${row.cursor_t.slice(0, 23)}Z`;

/** The columns a conversation object is built from. */
export const conversationColumns = [
  'conversations.project_id',
  'conversations.id',
  'conversations.environment',
  'conversations.channel',
  isoMillis('ended_at'),
  'conversations.in_progress',
  'conversations.handoff_to',
  'conversations.handoff_reason',
  'conversations.state',
  'conversations.metadata',
  'conversations.num_turns',
] as const;

export const cursorColumn = printedMicros(sql.ref('conversations.started_at')).as('cursor_t');

export function findConversation(db: DB, projectId: string, id: string): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .select([...conversationColumns, cursorColumn])
    .where('conversations.project_id', '=', projectId)
    .where('conversations.id', '=', id)
    .executeTakeFirst();
}

export interface MetricValueRow {
  conversation_id: string;
  name: string;
  type: 'boolean' | 'categorical' | 'numeric';
  value: boolean | string | number | null;
  /** every value not ignored, in write order, when written more than once */
  history: (boolean | string | number)[] | null;
}

function typed(type: MetricValueRow['type'], text: string | null, num: number | null) {
  if (type === 'numeric') return num;
  if (type === 'boolean') return text === null ? null : text === 'true';
  return text;
}

/** A metric's name and type by id, when the caller has already read the definitions. */
export type MetricIndex = Map<string, { name: string; type: MetricValueRow['type'] }>;

/** A conversation_metrics row as read, before it is named and typed. */
export interface RawMetric {
  conversation_id: string;
  metric_id: string;
  value_text: string | null;
  value_num: number | null;
  write_count: number;
}

/**
 * Names and types raw values through `index`, and fetches every value of the pairs written more
 * than once (rare: one indexed query for the whole page, only when there are such pairs).
 */
export async function nameMetricValues(db: DB, projectId: string, raw: RawMetric[], index: MetricIndex): Promise<MetricValueRow[]> {
  const out: MetricValueRow[] = [];
  const repeated: { row: MetricValueRow; metricId: string }[] = [];
  for (const r of raw) {
    const def = index.get(r.metric_id);
    if (!def) continue;
    const row: MetricValueRow = { conversation_id: r.conversation_id, name: def.name, type: def.type, value: typed(def.type, r.value_text, r.value_num), history: null };
    out.push(row);
    if (r.write_count > 1) repeated.push({ row, metricId: r.metric_id });
  }
  if (repeated.length === 0) return out;
  const writes = await db
    .selectFrom('metric_writes')
    .select(['conversation_id', 'metric_id', 'value'])
    .where('project_id', '=', projectId)
    .where('conversation_id', 'in', [...new Set(repeated.map((r) => r.row.conversation_id))])
    .where('metric_id', 'in', [...new Set(repeated.map((r) => r.metricId))])
    .where('ignored', '=', false)
    .orderBy('id')
    .execute();
  const histories = new Map<string, (boolean | string | number)[]>();
  for (const w of writes) {
    const k = `${w.conversation_id}\u0000${w.metric_id}`;
    const list = histories.get(k);
    if (list) list.push(w.value);
    else histories.set(k, [w.value]);
  }
  for (const { row, metricId } of repeated) {
    const h = histories.get(`${row.conversation_id}\u0000${metricId}`);
    if (h && h.length > 1) row.history = h;
  }
  return out;
}

/**
 * Effective metric values of some conversations; repeated ones with all their values. One
 * array parameter and the (project_id, conversation_id) index, whatever the count.
 */
export async function loadMetricValues(db: DB, projectId: string, ids: string[], defs?: MetricIndex): Promise<MetricValueRow[]> {
  if (ids.length === 0) return [];
  let index = defs;
  if (!index) {
    const found = await db.selectFrom('metric_definitions').select(['id', 'name', 'type']).where('project_id', '=', projectId).execute();
    index = new Map(found.map((d) => [d.id, { name: d.name, type: d.type }]));
  }
  const raw = await db
    .selectFrom('conversation_metrics as cm')
    .select(['cm.conversation_id', 'cm.metric_id', 'cm.value_text', 'cm.value_num', 'cm.write_count'])
    .where('cm.project_id', '=', projectId)
    .where(sql<SqlBool>`cm.conversation_id = any(${ids}::text[])`)
    .execute();
  return nameMetricValues(db, projectId, raw, index);
}

export interface HistoryEntry {
  metric: string;
  value: boolean | string | number;
  written_at: string;
  source: string | null;
  write_once: boolean;
  ignored: boolean;
}

/** Every write of one conversation, in order, ignored ones included. */
export async function loadMetricHistory(db: DB, projectId: string, id: string): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('metric_writes as w')
    .innerJoin('metric_definitions as md', 'md.id', 'w.metric_id')
    .select(['md.name', 'w.value', 'w.written_at', 'w.source', 'w.write_once', 'w.ignored'])
    .where('w.project_id', '=', projectId)
    .where('w.conversation_id', '=', id)
    .orderBy('w.id')
    .execute();
  return rows.map((r) => ({
    metric: r.name,
    value: r.value,
    written_at: r.written_at.toISOString(),
    source: r.source,
    write_once: r.write_once,
    ignored: r.ignored,
  }));
}
