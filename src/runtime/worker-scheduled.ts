import type { Deps } from '../deps.js';
import { runDueDigests } from '../digests/due.js';

/** The Worker's cron trigger: the same sweep as the Node scheduler and `sift digest run-due`. */
export async function runScheduled(deps: Deps, now: Date): Promise<void> {
  const ran = await runDueDigests(deps, now);
  if (ran.length) deps.log.info('digests run', { runs: ran });
}
