import { listMessages, listThreads } from '../../db/analyst-threads.js';
import type { ProjectRow } from '../../db/projects.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { presentMessages, presentThread, requireThread } from './threads.js';

function encode(t: Date, id: string): string {
  return btoa(JSON.stringify([t.toISOString(), id])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decode(raw: string): { updatedAt: Date; id: string } {
  try {
    const [t, id] = JSON.parse(atob(raw.replace(/-/g, '+').replace(/_/g, '/'))) as [string, string];
    if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(t))) throw new Error('shape');
    return { updatedAt: new Date(t), id };
  } catch {
    throw new AppError('validation', 'Invalid cursor: pass back the next_cursor of a previous page unchanged', { errors: [{ pointer: '/query/cursor', detail: 'malformed cursor' }] });
  }
}

export async function listThreadPage(deps: Deps, project: ProjectRow, q: { limit: number; cursor?: string | undefined }) {
  const rows = await listThreads(deps.db, project.id, { limit: q.limit + 1, ...(q.cursor ? { after: decode(q.cursor) } : {}) });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { data: page.map(presentThread), next_cursor: rows.length > q.limit && last ? encode(last.updated_at, last.id) : null };
}

/** The thread with a page of its messages in order; `after` is the last seq already seen. */
export async function threadHistory(deps: Deps, project: ProjectRow, id: string, q: { limit: number; after?: number | undefined }) {
  const thread = await requireThread(deps, project, id);
  const rows = await listMessages(deps.db, thread.id, { limit: q.limit + 1, ...(q.after !== undefined ? { afterSeq: q.after } : {}) });
  const page = rows.slice(0, q.limit);
  return { ...presentThread(thread), messages: await presentMessages(deps, project, page), next_after: rows.length > q.limit ? page[page.length - 1]!.seq : null };
}
