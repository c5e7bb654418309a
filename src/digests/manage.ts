import { deleteDigest, findDigest, insertDigest, listDigests, updateDigest, type DigestRow } from '../db/digests.js';
import { listMetricDefs } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import type { DigestTarget } from '../db/schema/digests.js';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import { randomToken } from '../ids.js';
import { scheduleProblem } from './cron.js';
import type { CreateDigestInput, PatchDigestInput } from './input.js';
import { assertDeliverableUrl } from './webhook-url.js';

type TargetInput = CreateDigestInput['targets'][number];

/** A Slack incoming-webhook URL is itself the credential: listings show only its origin. */
function presentTarget(t: DigestTarget, i: number, showSecret: boolean) {
  const url = t.type === 'slack' ? `${new URL(t.url).origin}/…` : t.url;
  return { index: i, type: t.type, url, has_secret: t.secret !== '', ...(showSecret && t.secret ? { secret: t.secret } : {}) };
}

/** `secret` is shown only in the reply that created it (a generated one included). */
export function presentDigest(d: DigestRow, opts: { showSecrets?: boolean } = {}) {
  return {
    id: d.id,
    name: d.name,
    schedule: d.schedule,
    timezone: d.timezone,
    metrics: d.metrics ?? 'all',
    window_days: d.window_days,
    targets: d.targets.map((t, i) => presentTarget(t, i, opts.showSecrets ?? false)),
    enabled: d.enabled,
    created_at: d.created_at.toISOString(),
    updated_at: d.updated_at.toISOString(),
  };
}

/** Checks each URL (private addresses refused) and gives every webhook a signing secret. */
async function prepareTargets(deps: Deps, targets: TargetInput[]): Promise<DigestTarget[]> {
  const out: DigestTarget[] = [];
  for (const [i, t] of targets.entries()) {
    await assertDeliverableUrl(t.url, { allowPrivate: deps.config.SIFT_ALLOW_PRIVATE_WEBHOOKS, pointer: `/body/targets/${i}/url` });
    const secret = t.secret ?? (t.type === 'webhook' ? `whsec_${randomToken(40)}` : '');
    out.push({ type: t.type, url: t.url, secret });
  }
  return out;
}

async function checkMetrics(deps: Deps, projectId: string, metrics: 'all' | string[]) {
  if (metrics === 'all') return null;
  const known = new Set((await listMetricDefs(deps.db, projectId)).map((m) => m.name));
  const errors = metrics.flatMap((m, i) => (known.has(m) ? [] : [{ pointer: `/body/metrics/${i}`, detail: `no metric named "${m}"` }]));
  if (errors.length) throw new AppError('validation', `Unknown metric ${errors.map((e) => e.detail.slice(17)).join(', ')}`, { errors });
  return [...new Set(metrics)];
}

function checkWindow(deps: Deps, days: number) {
  if (days > deps.config.SIFT_MAX_WINDOW_DAYS) {
    throw new AppError('validation', `window_days is over ${deps.config.SIFT_MAX_WINDOW_DAYS} (SIFT_MAX_WINDOW_DAYS)`, {
      errors: [{ pointer: '/body/window_days', detail: `at most ${deps.config.SIFT_MAX_WINDOW_DAYS}` }],
    });
  }
}

export async function createDigest(deps: Deps, project: ProjectRow, input: CreateDigestInput) {
  checkWindow(deps, input.window_days);
  const metrics = await checkMetrics(deps, project.id, input.metrics);
  const targets = await prepareTargets(deps, input.targets);
  const row = await insertDigest(deps.db, {
    id: deps.ids.make('dig'),
    project_id: project.id,
    name: input.name,
    schedule: input.schedule,
    timezone: input.timezone,
    metrics,
    window_days: input.window_days,
    targets: JSON.stringify(targets),
    enabled: input.enabled,
    created_at: deps.clock.now(),
    updated_at: deps.clock.now(),
  });
  return presentDigest(row, { showSecrets: true });
}

export async function getDigest(deps: Deps, project: ProjectRow, id: string): Promise<DigestRow> {
  const row = await findDigest(deps.db, project.id, id);
  if (!row) throw notFound(`Digest "${id}"`);
  return row;
}

export async function patchDigest(deps: Deps, project: ProjectRow, id: string, input: PatchDigestInput) {
  const current = await getDigest(deps, project, id);
  if (input.schedule === undefined && input.timezone !== undefined) {
    const problem = scheduleProblem(current.schedule, input.timezone);
    if (problem) throw new AppError('validation', problem, { errors: [{ pointer: '/body/timezone', detail: problem }] });
  }
  if (input.window_days !== undefined) checkWindow(deps, input.window_days);
  const targets = input.targets ? await prepareTargets(deps, input.targets) : undefined;
  const metrics = input.metrics !== undefined ? await checkMetrics(deps, project.id, input.metrics) : undefined;
  const row = await updateDigest(deps.db, project.id, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.schedule !== undefined ? { schedule: input.schedule } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(metrics !== undefined ? { metrics } : {}),
    ...(input.window_days !== undefined ? { window_days: input.window_days } : {}),
    ...(targets ? { targets: JSON.stringify(targets) } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    updated_at: deps.clock.now(),
  });
  if (!row) throw notFound(`Digest "${id}"`);
  return presentDigest(row, { showSecrets: targets !== undefined });
}

export async function removeDigest(deps: Deps, project: ProjectRow, id: string) {
  const row = await deleteDigest(deps.db, project.id, id);
  if (!row) throw notFound(`Digest "${id}"`);
  return presentDigest(row);
}

export async function pageDigests(deps: Deps, project: ProjectRow, opts: { limit: number; cursor?: string | undefined }) {
  const after = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  const rows = await listDigests(deps.db, project.id, { limit: opts.limit + 1, ...(after ? { after: { created_at: new Date(after.t), id: after.id } } : {}) });
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => presentDigest(r)),
    next_cursor: rows.length > opts.limit && last ? encodeCursor({ t: last.created_at.toISOString(), id: last.id }) : null,
  };
}

export function encodeCursor(c: { t: string; id: string }): string {
  return btoa(JSON.stringify(c)).replace(/=+$/, '');
}

export function decodeCursor(s: string): { t: string; id: string } {
  try {
    const c = JSON.parse(atob(s)) as { t: unknown; id: unknown };
    if (typeof c.t === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.t))) return { t: c.t, id: c.id };
  } catch {
    // fall through
  }
  throw new AppError('validation', 'cursor is not one this API returned', { errors: [{ pointer: '/query/cursor', detail: 'invalid cursor' }] });
}
