import { findRun, listRuns } from '../db/digests-runs.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { latestTick } from './cron.js';
import { decodeCursor, encodeCursor, getDigest } from './manage.js';
import { presentRuns } from './present.js';
import { runDigest, type RunOptions } from './run.js';

/**
 * POST .../digests/{id}/run: the period ending at `period_end`, or at the schedule's latest tick.
 * Asking again for the same period returns the same run, and resumes it if unfinished.
 */
export async function runDigestNow(deps: Deps, project: ProjectRow, id: string, periodEnd: string | undefined, opts: RunOptions = {}) {
  const digest = await getDigest(deps, project, id);
  const now = deps.clock.now();
  const end = periodEnd ? new Date(periodEnd) : latestTick(digest.schedule, digest.timezone, now);
  if (!end) throw new AppError('unprocessable', 'The schedule has no tick before now; pass period_end');
  if (end > now) {
    throw new AppError('validation', 'period_end is in the future', { errors: [{ pointer: '/body/period_end', detail: 'must not be after now' }] });
  }
  const run = await runDigest(deps, project, digest, end, { retryFailed: true, ...opts });
  const fresh = (await findRun(deps.db, run.id)) ?? run;
  return (await presentRuns(deps.db, digest, [fresh], { content: true }))[0]!;
}

export async function pageRuns(deps: Deps, project: ProjectRow, id: string, opts: { limit: number; cursor?: string | undefined }) {
  const digest = await getDigest(deps, project, id);
  const before = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  const rows = await listRuns(deps.db, digest.id, { limit: opts.limit + 1, ...(before ? { before: { period_end: new Date(before.t), id: before.id } } : {}) });
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    data: await presentRuns(deps.db, digest, page, { content: false }),
    next_cursor: rows.length > opts.limit && last ? encodeCursor({ t: last.period_end.toISOString(), id: last.id }) : null,
  };
}
