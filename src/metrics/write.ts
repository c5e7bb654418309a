import type { DB } from '../db/connect.js';
import { applyPlannedWrites, type AppliedRow } from '../db/writes.js';
import { AppError } from '../errors.js';
import { prepare, validateWrites, type Rejected } from './write-validate.js';
import { planPairs, type IgnoredReason, type PairPlan, type ValidWrite } from './write-plan.js';

export type { IgnoredReason } from './write-plan.js';

/** One metric write, as function logic sends it. */
export interface WriteInput {
  conversationId: string;
  name: string;
  /** omitted on a boolean metric: true (an event that happened) */
  value?: unknown;
  writeOnce?: boolean;
  source?: string | null;
  /** when it was written; defaults to opts.now (historical imports pass their own) */
  at?: Date;
}

export interface WriteOptions {
  now?: Date;
  /** true (default): one invalid item throws 422 and nothing is written; false: valid items are applied */
  atomic?: boolean;
  /** JSON pointer of an item's field in the request, for errors; default `/writes/{i}/{field}` */
  pointer?: (index: number, field: string) => string;
}

export interface WriteApplied {
  index: number;
  ok: true;
  id: number;
  conversation_id: string;
  name: string;
  value: boolean | string | number;
  write_once: boolean;
  source: string | null;
  ignored: boolean;
  ignored_reason: IgnoredReason | null;
  written_at: string;
}
export type WriteRejected = Rejected;
export type WriteResult = WriteApplied | WriteRejected;

export const MAX_BATCH = 1000;

const REASON_TEXT: Record<IgnoredReason, string> = {
  write_once_existing_value: 'write_once: the metric already has a value on this conversation',
  locked: 'the value was locked by an earlier write_once write',
};
export const ignoredReasonText = (r: IgnoredReason) => REASON_TEXT[r];

/**
 * Validates a batch against the project's definitions and applies it set-based, on `db`,
 * which may be a transaction the caller holds. The common case is one statement: the write
 * statement itself checks that every value fits its definition. Only a batch that does not
 * fit takes a second look, to say which write is wrong and why.
 */
export async function applyWrites(db: DB, projectId: string, writes: WriteInput[], opts: WriteOptions = {}): Promise<WriteResult[]> {
  if (writes.length > MAX_BATCH) throw new AppError('validation', `At most ${MAX_BATCH} writes per request (got ${writes.length})`);
  if (writes.length === 0) return [];
  const now = opts.now ?? new Date();
  const prepared = writes.map((w, i) => prepare(w, i, now));
  if (prepared.every((p) => p !== null)) {
    const applied = await applyWithRetry(db, projectId, prepared as ValidWrite[]);
    if (applied) return present(prepared as ValidWrite[], applied);
  }
  const { valid, rejected } = await validateWrites(db, projectId, writes, now, opts.pointer ?? ((i, f) => `/writes/${i}/${f}`));
  if (rejected.length && opts.atomic !== false) {
    const errors = rejected.flatMap((r) => r.errors);
    const what = writes.length === 1 ? errors[0]!.detail : `${rejected.length} of ${writes.length} writes are invalid; nothing was written`;
    throw new AppError('unprocessable', what, { errors });
  }
  const applied = valid.length ? await applyWithRetry(db, projectId, valid) : new Map();
  // a definition changed between the two looks (archived, category removed): let the client retry
  if (!applied) throw new AppError('conflict', 'A metric definition changed while these writes were applied; retry the request');
  return [...rejected, ...present(valid, applied)].sort((a, b) => a.index - b.index);
}

function present(writes: ValidWrite[], applied: Map<number, { id: number; reason: IgnoredReason | null }>): WriteApplied[] {
  return writes.map((w) => {
    const row = applied.get(w.index)!;
    return {
      index: w.index,
      ok: true,
      id: row.id,
      conversation_id: w.conversationId,
      name: w.metric,
      value: w.value.value,
      write_once: w.writeOnce,
      source: w.source,
      ignored: row.reason !== null,
      ignored_reason: row.reason,
      written_at: w.at.toISOString(),
    };
  });
}

function reasonsFor(pair: PairPlan, first: AppliedRow) {
  if (first.state === 'none') return pair.ifNone.reasons;
  if (first.state === 'unlocked') return pair.ifUnlocked.reasons;
  return pair.writes.map(() => 'locked' as const);
}

/**
 * Applies; re-applies the pairs whose conversation appeared concurrently (see
 * applyPlannedWrites). Null when some write does not fit its definition (nothing written).
 */
async function applyWithRetry(db: DB, projectId: string, writes: ValidWrite[]) {
  const out = new Map<number, { id: number; reason: IgnoredReason | null }>();
  let pending = planPairs(writes);
  for (let attempt = 0; pending.length && attempt < 3; attempt++) {
    const outcome = await withDeadlockRetry(db, () => applyPlannedWrites(db, projectId, pending));
    if (!outcome.fits) {
      if (attempt === 0) return null;
      throw new Error('metric definitions changed between the attempts of one write batch');
    }
    const rows = new Map(outcome.rows.map((r) => [r.index, r]));
    const missed: PairPlan[] = [];
    for (const pair of pending) {
      const first = rows.get(pair.writes[0]!.index);
      if (!first) {
        missed.push(pair);
        continue;
      }
      const reasons = reasonsFor(pair, first);
      pair.writes.forEach((w, j) => out.set(w.index, { id: rows.get(w.index)!.id, reason: reasons[j] ?? null }));
    }
    pending = missed;
  }
  if (pending.length) throw new Error(`metric writes for ${pending.length} conversation(s) could not be applied after 3 attempts`);
  return out;
}

/**
 * Two batches that share (conversation, metric) pairs lock them in one order per upsert, but a
 * batch with write_once pairs upserts twice, so Postgres may still pick one as a deadlock
 * victim. The statement rolled back whole, so outside a caller's transaction it is retried.
 */
async function withDeadlockRetry<T>(db: DB, run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (db.isTransaction || attempt >= 2 || (code !== '40P01' && code !== '40001')) throw e;
    }
  }
}
