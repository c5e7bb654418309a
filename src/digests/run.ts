import type { DigestRow } from '../db/digests.js';
import { claimRun, deliveriesOf, ensureRun, finishRun, findRun, storeContent, type RunRow } from '../db/digests-runs.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { buildDigestContent, type DigestContent } from './content.js';
import { DEFAULT_RETRY, deliverTarget, type RetryPolicy } from './deliver.js';

export interface RunOptions {
  retry?: RetryPolicy;
  /** how long a worker holds a run before another may take it over */
  leaseMs?: number;
  /** an explicit run call retries a failed run; the scheduler does not */
  retryFailed?: boolean;
  /** test seam: called once the content is stored, before anything is delivered */
  afterBuild?: (run: RunRow) => Promise<void> | void;
}

const DAY = 86_400_000;
const LEASE_MS = 15 * 60_000;

/**
 * Runs a digest for the period ending at `periodEnd`, exactly once per period: the run row is
 * keyed by (digest, period_end); the content is stored before any delivery, so a resumed run
 * sends what the first one built; a target with a successful attempt is never sent again.
 * A worker that dies holds its lease until it runs out, then the next call resumes the run.
 */
export async function runDigest(deps: Deps, project: ProjectRow, digest: DigestRow, periodEnd: Date, opts: RunOptions = {}): Promise<RunRow> {
  const run = await ensureRun(deps.db, {
    id: deps.ids.make('drun'),
    digest_id: digest.id,
    period_start: new Date(periodEnd.getTime() - digest.window_days * DAY),
    period_end: periodEnd,
  });
  const claimed = await claimRun(deps.db, run.id, deps.clock.now(), opts.leaseMs ?? LEASE_MS, { retryFailed: opts.retryFailed ?? false });
  // delivered, failed (for the scheduler), or another worker holds it: report it as it stands
  if (!claimed) return run;

  let content = claimed.content as DigestContent | null;
  if (!content) {
    content = await buildDigestContent(deps, project, digest, { start: claimed.period_start, end: claimed.period_end });
    await storeContent(deps.db, claimed.id, content as unknown as Record<string, unknown>, deps.clock.now());
    await opts.afterBuild?.(claimed);
  }

  const prior = await deliveriesOf(deps.db, [claimed.id]);
  const errors: string[] = [];
  for (const [index, target] of digest.targets.entries()) {
    const r = await deliverTarget(deps, {
      runId: claimed.id,
      index,
      target,
      content,
      prior: prior.filter((p) => p.target_index === index),
      retry: opts.retry ?? DEFAULT_RETRY,
    });
    if (!r.ok) errors.push(`target ${index} (${target.type}): ${r.error}`);
  }
  await finishRun(deps.db, claimed.id, errors.length ? 'failed' : 'delivered', errors.length ? errors.join('; ') : null, deps.clock.now());
  return (await findRun(deps.db, claimed.id))!;
}
