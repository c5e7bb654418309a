import type { Selectable } from 'kysely';
import type { DB } from './connect.js';
import type { DigestDeliveriesTable, DigestRunsTable } from './schema/digests.js';

export type RunRow = Selectable<DigestRunsTable>;
export type DeliveryRow = Selectable<DigestDeliveriesTable>;

/** The run of a digest for a period, created if absent: (digest, period_end) is unique. */
export async function ensureRun(db: DB, row: { id: string; digest_id: string; period_start: Date; period_end: Date }): Promise<RunRow> {
  await db
    .insertInto('digest_runs')
    .values({ ...row, status: 'pending' })
    .onConflict((oc) => oc.columns(['digest_id', 'period_end']).doNothing())
    .execute();
  return db.selectFrom('digest_runs').selectAll().where('digest_id', '=', row.digest_id).where('period_end', '=', row.period_end).executeTakeFirstOrThrow();
}

/**
 * Takes the run for `leaseMs` unless another worker holds it or it is delivered; a lease left by
 * a crashed worker runs out and the run can be taken again.
 */
export async function claimRun(db: DB, id: string, now: Date, leaseMs: number, opts: { retryFailed: boolean }): Promise<RunRow | undefined> {
  return db
    .updateTable('digest_runs')
    .set({ lease_until: new Date(now.getTime() + leaseMs) })
    .where('id', '=', id)
    .where('status', 'in', opts.retryFailed ? ['pending', 'built', 'failed'] : ['pending', 'built'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

export function storeContent(db: DB, id: string, content: Record<string, unknown>, now: Date) {
  return db
    .updateTable('digest_runs')
    .set({ content: JSON.stringify(content), status: 'built', built_at: now })
    .where('id', '=', id)
    .where('content', 'is', null)
    .execute();
}

export function finishRun(db: DB, id: string, status: 'delivered' | 'failed', error: string | null, now: Date) {
  return db.updateTable('digest_runs').set({ status, error, finished_at: now, lease_until: null }).where('id', '=', id).execute();
}

export function findRun(db: DB, id: string) {
  return db.selectFrom('digest_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRuns(db: DB, digestId: string, opts: { limit: number; before?: { period_end: Date; id: string } }) {
  let q = db.selectFrom('digest_runs').selectAll().where('digest_id', '=', digestId);
  if (opts.before) {
    const { period_end, id } = opts.before;
    q = q.where((eb) => eb.or([eb('period_end', '<', period_end), eb.and([eb('period_end', '=', period_end), eb('id', '<', id)])]));
  }
  return q.orderBy('period_end', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export function deliveriesOf(db: DB, runIds: string[]) {
  if (runIds.length === 0) return Promise.resolve([] as DeliveryRow[]);
  return db.selectFrom('digest_deliveries').selectAll().where('run_id', 'in', runIds).orderBy('run_id').orderBy('target_index').orderBy('attempt').execute();
}

/** Records an attempt before its request leaves, so a crash mid-request is visible afterwards. */
export function startAttempt(db: DB, row: { run_id: string; target_index: number; attempt: number; started_at: Date }) {
  return db.insertInto('digest_deliveries').values({ ...row, state: 'sending' }).execute();
}

export function endAttempt(db: DB, key: { run_id: string; target_index: number; attempt: number }, res: { state: 'sent' | 'error'; http_status: number | null; error: string | null; finished_at: Date }) {
  return db
    .updateTable('digest_deliveries')
    .set(res)
    .where('run_id', '=', key.run_id)
    .where('target_index', '=', key.target_index)
    .where('attempt', '=', key.attempt)
    .execute();
}

/** Runs whose worker went away: not finished, lease run out. */
export function abandonedRuns(db: DB, now: Date, limit: number) {
  return db
    .selectFrom('digest_runs')
    .selectAll()
    .where('status', 'in', ['pending', 'built'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
}


export async function runStatus(db: DB, digestId: string, periodEnd: Date) {
  const row = await db.selectFrom('digest_runs').select('status').where('digest_id', '=', digestId).where('period_end', '=', periodEnd).executeTakeFirst();
  return row?.status ?? null;
}
