import { sql, type RawBuilder } from 'kysely';
import type { Cursor } from '../conversations/cursor.js';
import type { ListCriteria } from '../conversations/list-params.js';
import { BUILTIN_METRICS } from '../conversations/visibility.js';
import type { DB } from './connect.js';
import { matchingConversations } from './conversations-list.js';
import { cursorColumn, printedMicros, printedMillis, type MetricValueRow } from './conversations-read.js';

/** What an NDJSON export line may show: the same rules as shapeConversation's Visibility. */
export interface NdjsonShape {
  /** the metrics whose values may appear, by id */
  metrics: { id: string; name: string; type: MetricValueRow['type'] }[];
  builtins: boolean;
  turns: boolean;
  /** the response's `withheld`, as JSON */
  withheld: string;
}

/**
 * The cursors that end the next `pages` pages of `size` rows after `after`: a walk of the list
 * index (and the filters) without reading a conversation's columns, so the pages can be read
 * at once, each on its own connection. Fewer when the rows run out.
 */
export async function pageEnds(db: DB, projectId: string, c: ListCriteria, after: Cursor | null, size: number, pages: number): Promise<Cursor[]> {
  const walk = matchingConversations(db, projectId, c, after, size * pages).select([
    'conversations.id',
    cursorColumn,
    sql<number>`row_number() over (order by conversations.started_at desc, conversations.id desc)`.as('n'),
  ]);
  const { rows } = await sql<{ id: string; cursor_t: string }>`select id, cursor_t from (${walk}) w where n % ${size} = 0 order by n`.execute(db);
  return rows.map((r) => ({ t: r.cursor_t, id: r.id }));
}

/** A page as NDJSON lines (no trailing newline), with its row count and its last row's cursor. */
export interface NdjsonPage {
  text: string;
  rows: number;
  last: Cursor | null;
}

// Text pieces of a line. A JSON string or null; times as the API prints them (toISOString).
const str = (e: RawBuilder<unknown>) => sql<string>`coalesce(to_json(${e})::text, 'null')`;
const iso = (e: RawBuilder<unknown>) => sql<string>`coalesce('"' || ${printedMillis(e)} || '"', 'null')`;
const col = (name: string) => sql.ref(`p.${name}`);

/** A metric value as JSON, typed by its definition (see conversations-read.ts `typed`). */
const metricValue = (types: string[]) => sql<string>`case (${types}::text[])[k.i]
    when 'numeric' then coalesce(cm.value_num::text, 'null')
    when 'boolean' then case when cm.value_text is null then 'null' when cm.value_text = 'true' then 'true' else 'false' end
    else coalesce(to_json(cm.value_text)::text, 'null') end`;

/**
 * One page of the NDJSON export, each line built by Postgres: the same object as
 * shapeConversation makes from the same rows (test/conversations/export-parity.test.ts compares them),
 * without the driver parsing every column into JavaScript values and JSON.stringify printing
 * them again. Node only forwards the page's text, so the next page's read starts at once
 * (bench/conversations.ts). Metric names go in as JSON keys printed by Node, and every value
 * is a parameter or a column: nothing from the request or the data becomes SQL.
 */
export async function ndjsonPage(
  db: DB,
  projectId: string,
  c: ListCriteria,
  range: { after: Cursor | null; until: Cursor | null; limit: number | null },
  shape: NdjsonShape,
): Promise<NdjsonPage> {
  const ids = shape.metrics.map((m) => m.id);
  const keys = shape.metrics.map((m) => `${JSON.stringify(m.name)}:`);
  const types = shape.metrics.map((m) => m.type);
  // a custom metric named like a built-in one replaces it where the conversation has a value
  const builtinValues: Record<(typeof BUILTIN_METRICS)[number], RawBuilder<string>> = {
    CALL_IN_PROGRESS: sql`${col('in_progress')}::text`,
    CALL_COMPLETED: sql`(not ${col('in_progress')})::text`,
    HANDOFF_TO: str(col('handoff_to')),
    HANDOFF_REASON: str(col('handoff_reason')),
  };
  const shadowed = shape.builtins && BUILTIN_METRICS.some((b) => shape.metrics.some((m) => m.name === b));
  const builtins = shape.builtins
    ? BUILTIN_METRICS.map((b) => {
        const piece = sql<string>`${`${JSON.stringify(b)}:`}::text || ${builtinValues[b]}`;
        const custom = shape.metrics.find((m) => m.name === b);
        return custom ? sql<string>`case when ${custom.id}::text = any(mv.ids) then null else ${piece} end` : piece;
      })
    : [];
  const metrics = sql<string>`concat_ws(',', ${sql.join([...builtins, sql`mv.m`])})`;
  const turns = shape.turns
    ? sql<string>`coalesce((select '[' || string_agg('{"role":' || to_json(t.role)::text || ',"text":' || to_json(t.text)::text
          || ',"at":' || ${iso(sql`t.at`)} || ',"name":' || ${str(sql`t.name`)} || '}', ',' order by t.idx) || ']'
        from conversation_turns t where t.project_id = p.project_id and t.conversation_id = p.id), '[]')`
    : sql<string>`'[]'`;
  const duration = sql<string>`case when p.ended_at is null then 'null' else greatest(0, extract(epoch from date_trunc('milliseconds', p.ended_at))
      - extract(epoch from date_trunc('milliseconds', p.started_at)))::float8::text end`;
  const line = sql<string>`'{"id":' || to_json(p.id)::text || ',"project_id":' || to_json(p.project_id)::text
    || ',"environment":' || to_json(p.environment)::text || ',"started_at":' || ${iso(col('started_at'))}
    || ',"ended_at":' || ${iso(col('ended_at'))} || ',"channel":' || ${str(col('channel'))}
    || ',"in_progress":' || p.in_progress::text || ',"num_turns":' || p.num_turns::text || ',"total_duration":' || ${duration}
    || ',"handoff":' || (p.handoff_to is not null)::text || ',"handoff_reason":' || ${str(col('handoff_reason'))}
    || ',"handoff_destination":' || ${str(col('handoff_to'))} || ',"state":' || p.state::text || ',"metadata":' || p.metadata::text
    || ',"metrics":{' || ${metrics} || '},"turns":' || ${turns} || ',"withheld":' || ${shape.withheld}::text || '}'`;
  // A pair written more than once shows every value not ignored, in write order (as
  // nameMetricValues does): rare, one probe of metric_writes_conversation each.
  const values = ids.length
    ? sql`select cm.conversation_id, string_agg((${keys}::text[])[k.i] || coalesce(case when cm.write_count > 1 then (
            select case when count(*) > 1 then json_agg(w.value order by w.id)::text end from metric_writes w
            where w.project_id = cm.project_id and w.conversation_id = cm.conversation_id and w.metric_id = cm.metric_id and not w.ignored
          ) end, ${metricValue(types)}), ',') as m${shadowed ? sql`, array_agg(cm.metric_id) as ids` : sql``}
        from conversation_metrics cm cross join lateral (select array_position(${ids}::text[], cm.metric_id) as i) k
        where cm.project_id = ${projectId} and cm.conversation_id = any(array(select id from page)) and k.i is not null
        group by cm.conversation_id`
    : sql`select null::text as conversation_id, null::text as m, null::text[] as ids where false`;
  const query = sql<{ text: string | null; rows: number; last_t: string | null; last_id: string | null }>`
    with page as (${matchingConversations(db, projectId, c, range.after, range.limit, range.until).selectAll('conversations')}),
    mv as (${values}),
    last as (
      select ${printedMicros(sql.ref('started_at'))} as t, id from page order by started_at, id limit 1
    )
    select string_agg(${line}, E'\n' order by p.started_at desc, p.id desc) as text, count(*)::int as rows,
      (select t from last) as last_t, (select id from last) as last_id
    from page p left join mv on mv.conversation_id = p.id`;
  const { rows } = await query.execute(db);
  const r = rows[0]!;
  return { text: r.text ?? '', rows: r.rows, last: r.last_t && r.last_id ? { t: r.last_t, id: r.last_id } : null };
}
