import type { Deps } from '../deps.js';

/** The Worker's cron trigger: the same work `sift digest run-due` does on Node. */
export async function runScheduled(deps: Deps, now: Date): Promise<void> {
  // wired to runDueDigests(deps, now) from src/digests once it lands
  deps.log.warn('scheduled run: digests are not available in this build', { at: now.toISOString() });
}
