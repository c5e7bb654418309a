import { abandonedRuns, runStatus } from '../db/digests-runs.js';
import { enabledDigests, findDigestById, projectById } from '../db/digests.js';
import type { Deps } from '../deps.js';
import { latestTick } from './cron.js';
import { runDigest, type RunOptions } from './run.js';

export interface DueResult {
  digest_id: string;
  period_end: string;
  status: string;
  error?: string;
}

const PAGE = 200;

/**
 * Runs every enabled digest whose latest schedule tick has no finished run yet, and resumes runs
 * whose worker went away. Called each minute by the Node scheduler, by `sift digest run-due`,
 * and by the Workers scheduled handler. Only the latest tick runs: a digest missed while Sift
 * was down sends its current period, not every period it missed. One digest's failure is
 * reported and does not stop the others.
 */
export async function runDueDigests(deps: Deps, now: Date, opts: RunOptions & { workspaceId?: string; projectIds?: string[] | null } = {}): Promise<DueResult[]> {
  const out: DueResult[] = [];
  // a key restricted to some projects runs only their digests
  const visible = (projectId: string) => !opts.projectIds || opts.projectIds.includes(projectId);
  const attempt = async (digestId: string, periodEnd: Date, work: () => Promise<{ status: string }>) => {
    try {
      const r = await work();
      out.push({ digest_id: digestId, period_end: periodEnd.toISOString(), status: r.status });
    } catch (e) {
      deps.log.error('digest run failed', { digest: digestId, period_end: periodEnd.toISOString(), error: String(e) });
      out.push({ digest_id: digestId, period_end: periodEnd.toISOString(), status: 'error', error: (e as Error).message });
    }
  };

  for (const run of await abandonedRuns(deps.db, now, PAGE)) {
    const digest = await findDigestById(deps.db, run.digest_id);
    const project = digest && (await projectById(deps.db, digest.project_id));
    if (!digest || !project || (opts.workspaceId && project.workspace_id !== opts.workspaceId) || !visible(project.id)) continue;
    await attempt(digest.id, run.period_end, () => runDigest(deps, project, digest, run.period_end, opts));
  }

  let afterId: string | undefined;
  for (;;) {
    const page = await enabledDigests(deps.db, { limit: PAGE, ...(afterId ? { afterId } : {}), ...(opts.workspaceId ? { workspaceId: opts.workspaceId } : {}) });
    for (const digest of page) {
      if (!visible(digest.project_id)) continue;
      const tick = latestTick(digest.schedule, digest.timezone, now);
      if (!tick || tick < digest.created_at) continue;
      if (out.some((r) => r.digest_id === digest.id && r.period_end === tick.toISOString())) continue;
      const project = await projectById(deps.db, digest.project_id);
      if (!project) continue;
      const status = await runStatus(deps.db, digest.id, tick);
      if (status === 'delivered' || status === 'failed') continue;
      await attempt(digest.id, tick, () => runDigest(deps, project, digest, tick, opts));
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  return out;
}
