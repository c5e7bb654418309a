import { deliveriesOf, type RunRow } from '../db/digests-runs.js';
import type { DigestRow } from '../db/digests.js';
import type { DB } from '../db/connect.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Runs as the API shows them: each target's attempts with their time and HTTP status. */
export async function presentRuns(db: DB, digest: DigestRow, runs: RunRow[], opts: { content: boolean }) {
  const attempts = await deliveriesOf(db, runs.map((r) => r.id));
  return runs.map((run) => ({
    id: run.id,
    digest_id: run.digest_id,
    status: run.status,
    period_start: run.period_start.toISOString(),
    period_end: run.period_end.toISOString(),
    created_at: run.created_at.toISOString(),
    built_at: iso(run.built_at),
    finished_at: iso(run.finished_at),
    error: run.error,
    deliveries: digest.targets.map((t, index) => {
      const mine = attempts.filter((a) => a.run_id === run.id && a.target_index === index);
      return {
        target_index: index,
        type: t.type,
        delivered: mine.some((a) => a.state === 'sent'),
        attempts: mine.map((a) => ({ attempt: a.attempt, state: a.state, http_status: a.http_status, error: a.error, at: a.started_at.toISOString(), finished_at: iso(a.finished_at) })),
      };
    }),
    ...(opts.content ? { content: run.content } : {}),
  }));
}
