import { loadConfig } from '../../config.js';
import type { CliContext } from '../context.js';
import { parse, UsageError } from '../context.js';
import { api } from '../http.js';

export const summary = 'run digests that are due (for an external cron), or one digest now';

const USAGE = `sift digest run-due            ask the running Sift to run every due digest (POST /v1/digests/run-due)
sift digest run-due --direct   run them in this process against DATABASE_URL (PostgreSQL only)
sift digest run ID --project P [--period-end ISO]   run one digest for a period`;

interface DueRun {
  digest_id: string;
  period_end: string;
  status: string;
  error?: string;
}

function report(ctx: CliContext, runs: DueRun[]): number {
  if (runs.length === 0) ctx.out.write('No digest is due.\n');
  for (const r of runs) ctx.out.write(`${r.digest_id}  ${r.period_end}  ${r.status}${r.error ? `  ${r.error}` : ''}\n`);
  return runs.some((r) => r.status === 'error' || r.status === 'failed') ? 1 : 0;
}

/**
 * Without --direct the server does the work, which is the only safe choice with embedded PGlite
 * (one process may open its data directory). --direct suits a Postgres deployment where no
 * Sift server is running.
 */
async function runDueDirect(ctx: CliContext): Promise<number> {
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL) {
    throw new UsageError('--direct needs DATABASE_URL: embedded PGlite can be opened by one process only, so ask the running server instead (drop --direct).');
  }
  const { buildNodeDeps } = await import('../../runtime/build.js');
  const { runDueDigests } = await import('../../digests/due.js');
  const { deps, conn } = await buildNodeDeps(config);
  try {
    return report(ctx, await runDueDigests(deps, deps.clock.now()));
  } finally {
    await conn.close();
  }
}

export async function run(ctx: CliContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub === 'run-due') {
    const { values } = parse(rest, { direct: { type: 'boolean' } }, USAGE);
    if (values.direct) return runDueDirect(ctx);
    const { data } = await api<{ data: DueRun[] }>(ctx, 'POST', '/v1/digests/run-due');
    return report(ctx, data);
  }
  if (sub === 'run') {
    const { values, positionals } = parse(rest, { project: { type: 'string' }, 'period-end': { type: 'string' } }, USAGE);
    const id = positionals[0];
    if (!id || !values.project) throw new UsageError(`digest run needs an ID and --project\n\n${USAGE}`);
    const body = values['period-end'] ? { period_end: values['period-end'] } : {};
    const r = await api<{ id: string; status: string; period_start: string; period_end: string; deliveries: { type: string; delivered: boolean; attempts: { http_status: number | null }[] }[] }>(
      ctx,
      'POST',
      `/v1/projects/${encodeURIComponent(values.project)}/digests/${encodeURIComponent(id)}/run`,
      body,
    );
    ctx.out.write(`${r.id}  ${r.status}  ${r.period_start} to ${r.period_end}\n`);
    for (const d of r.deliveries) ctx.out.write(`  ${d.type}: ${d.delivered ? 'delivered' : 'not delivered'} (HTTP ${d.attempts.map((a) => a.http_status ?? 'error').join(', ') || 'none'})\n`);
    return r.status === 'delivered' ? 0 : 1;
  }
  throw new UsageError(USAGE);
}
