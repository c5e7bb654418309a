import type { Principal } from '../auth/keys.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { BUILTIN_METRICS } from './visibility.js';
import { csvColumns, csvHeader, csvRow } from './csv.js';
import type { Cursor } from './cursor.js';
import { resolveListQuery, type ListQueryInput } from './list-params.js';
import { visibilityFor } from './list.js';
import { fetchPage, shapePage, type RawPage } from './page.js';

const PAGE = 1000;

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
  let sent = 0;
  let headerSent = false;
  const fetchNext = (after: Cursor | null, count: number) => {
    const p = fetchPage(deps.db, project.id, criteria, after, Math.min(PAGE, count), view);
    p.catch(() => undefined); // awaited (and reported) by pull; never an unhandled rejection meanwhile
    return p;
  };
  // The next page is read while this one is shaped and serialised: Postgres and Node overlap,
  // and at most two pages are held.
  let pending: Promise<RawPage> | null = fetchNext(start, maxRows);

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (format === 'csv' && !headerSent) {
            headerSent = true;
            controller.enqueue(encoder.encode(csvHeader(cols)));
            return;
          }
          if (!pending) return controller.close();
          const page = await pending;
          sent += page.rows.length;
          pending = page.next && sent < maxRows ? fetchNext(page.next, maxRows - sent) : null;
          const items = await shapePage(deps.db, project.id, page, view);
          let chunk = '';
          for (const c of items) chunk += format === 'csv' ? csvRow(cols, c) : `${JSON.stringify(c)}\n`;
          if (chunk) controller.enqueue(encoder.encode(chunk));
          if (!pending) controller.close();
        } catch (e) {
          deps.log.error('export failed mid-stream', { project: project.id, error: String(e) });
          controller.error(e);
        }
      },
      cancel() {
        pending = null; // a client that hung up: an in-flight read finishes unobserved
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
