import type { Principal } from '../auth/keys.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import type { NdjsonShape } from '../db/conversations-ndjson.js';
import { csvColumns, csvHeader, csvRow, type CsvColumns } from './csv.js';
import type { Cursor } from './cursor.js';
import { ndjsonPages } from './export-ndjson.js';
import { resolveListQuery, type ListCriteria, type ListQueryInput } from './list-params.js';
import { visibilityFor, type View } from './list.js';
import { fetchPage, shapePage, type RawPage } from './page.js';
import { BUILTIN_METRICS } from './visibility.js';

/** Rows per CSV page (NDJSON pages: export-ndjson.ts). */
const CSV_PAGE = 1000;

/**
 * The CSV export's pages as text: rows shaped as the list shapes them. The next page is read
 * while this one is shaped and sent, so at most two pages are held.
 */
function csvPages(deps: Deps, projectId: string, criteria: ListCriteria, start: Cursor | null, maxRows: number, view: View, cols: CsvColumns) {
  let sent = 0;
  const read = (after: Cursor | null) => {
    const p = fetchPage(deps.db, projectId, criteria, after, Math.min(CSV_PAGE, maxRows - sent), view);
    p.catch(() => undefined); // awaited (and reported) by next(); never an unhandled rejection meanwhile
    return p;
  };
  let pending: Promise<RawPage> | null = read(start);
  return {
    async next(): Promise<string | null> {
      if (!pending) return null;
      const page = await pending;
      sent += page.rows.length;
      pending = page.next && sent < maxRows ? read(page.next) : null;
      return (await shapePage(deps.db, projectId, page, view)).map((c) => csvRow(cols, c)).join('');
    },
    cancel() {
      pending = null;
    },
  };
}

/** True when Accept-Encoding lets us send gzip (q=0 refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** JSON with non-ASCII escaped, so it fits in an HTTP header. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * GET /conversations/export: every conversation the list would return for the same filters,
 * under the same visibility, as NDJSON objects or wide CSV. A ReadableStream pulls one keyset
 * page at a time only when the client has taken the previous one, so memory stays flat however
 * many rows match.
 */
export async function exportConversations(deps: Deps, principal: Principal, project: ProjectRow, query: ListQueryInput, acceptEncoding: string | undefined) {
  const view = await visibilityFor(deps, principal, project.id);
  const { metrics, vis } = view;
  const { criteria, cursor: start } = resolveListQuery(query, metrics);
  const format = query.format ?? 'ndjson';
  const maxRows = query.max_rows ?? Infinity;
  const visibleMetrics = [...(vis.builtins ? BUILTIN_METRICS : []), ...metrics.map((m) => m.name).filter((n) => vis.metric(n))];
  const cols = csvColumns(visibleMetrics, vis.turns);
  const encoder = new TextEncoder();
  // NDJSON lines are built by Postgres (conversations-ndjson.ts); CSV rows from shaped objects
  const shape: NdjsonShape = {
    metrics: metrics.filter((m) => vis.metric(m.name)).map((m) => ({ id: m.id, name: m.name, type: m.type })),
    builtins: vis.builtins,
    turns: vis.turns,
    withheld: JSON.stringify(vis.withheld),
  };
  const pages = format === 'ndjson' ? ndjsonPages(deps.db, project.id, criteria, start, maxRows, shape) : csvPages(deps, project.id, criteria, start, maxRows, view, cols);
  let headerSent = false;

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (format === 'csv' && !headerSent) {
            headerSent = true;
            controller.enqueue(encoder.encode(csvHeader(cols)));
            return;
          }
          const chunk = await pages.next();
          if (chunk === null) return controller.close();
          if (chunk) controller.enqueue(encoder.encode(chunk));
        } catch (e) {
          deps.log.error('export failed mid-stream', { project: project.id, error: String(e) });
          controller.error(e);
        }
      },
      cancel() {
        pages.cancel(); // a client that hung up: reads in flight finish unobserved
      },
    },
    { highWaterMark: 1 },
  );

  const gzip = acceptsGzip(acceptEncoding);
  const headers = new Headers({
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="conversations-${project.slug}.${format === 'csv' ? 'csv' : 'ndjson'}"`,
    'sift-withheld': asciiJson(vis.withheld),
    vary: 'Accept-Encoding',
  });
  if (gzip) headers.set('content-encoding', 'gzip');
  return new Response(gzip ? body.pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : body, { status: 200, headers });
}
