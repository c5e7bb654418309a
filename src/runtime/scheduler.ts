import { Cron } from 'croner';
import type { Deps } from '../deps.js';
import { runDueDigests } from '../digests/due.js';

/**
 * The in-process digest scheduler of the Node runtime: once a minute, run what is due. One
 * sweep at a time (croner's `protect`); runs are keyed per period, so several Sift processes on
 * one Postgres can each run a scheduler without sending a digest twice.
 */
export function startScheduler(deps: Deps, opts: { pattern?: string } = {}): { stop(): Promise<void> } {
  let inFlight: Promise<void> = Promise.resolve();
  const job = new Cron(opts.pattern ?? '* * * * *', { protect: true, name: 'sift-digests' }, () => {
    inFlight = runDueDigests(deps, deps.clock.now())
      .then((ran) => {
        if (ran.length) deps.log.info('digests run', { runs: ran });
      })
      .catch((e: unknown) => deps.log.error('digest sweep failed', { error: String(e) }));
    return inFlight;
  });
  return {
    async stop() {
      job.stop();
      await inFlight;
    },
  };
}
