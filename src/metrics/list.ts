import { z } from 'zod';
import type { DB } from '../db/connect.js';
import { listMetricDefsPage } from '../db/metrics.js';
import { AppError } from '../errors.js';
import { presentMetric } from './definitions.js';

export const ListMetricsQuery = z.object({
  include_archived: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).optional().describe('next_cursor of the previous page'),
});
export type ListMetricsParams = z.infer<typeof ListMetricsQuery>;

// btoa/atob rather than Buffer: this also runs on Workers.
const encode = (name: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ after: name })))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function decode(cursor: string): string {
  try {
    const bin = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const v = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)))) as { after?: unknown };
    if (typeof v.after === 'string') return v.after;
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation', 'cursor is not a cursor this endpoint returned', { errors: [{ pointer: '/query/cursor', detail: 'not a valid cursor' }] });
}

/** Definitions in name order, keyset-paginated. */
export async function listMetrics(db: DB, projectId: string, q: ListMetricsParams) {
  const rows = await listMetricDefsPage(db, projectId, { after: q.cursor ? decode(q.cursor) : undefined, limit: q.limit + 1, includeArchived: q.include_archived });
  const page = rows.slice(0, q.limit);
  return { data: page.map(presentMetric), next_cursor: rows.length > q.limit ? encode(page.at(-1)!.name) : null };
}
