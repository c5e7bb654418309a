import type { DB } from '../db/connect.js';
import { activeMetricNames, findMetricDefsByNames, type MetricRow } from '../db/metrics.js';
import { applyPlannedWrites } from '../db/writes.js';
import { AppError, type FieldError } from '../errors.js';
import { closestNames } from './similarity.js';
import { checkValue } from './values.js';
import { planPairs, type IgnoredReason, type ValidWrite } from './write-plan.js';

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
  /** JSON pointer of an item's field in the request, for errors */
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
  ignored: boolean;
  ignored_reason: IgnoredReason | null;
  written_at: string;
}
export interface WriteRejected {
  index: number;
  ok: false;
  errors: FieldError[];
}
export type WriteResult = WriteApplied | WriteRejected;

export const MAX_BATCH = 1000;
const MAX_ID = 256;

const REASON_TEXT: Record<IgnoredReason, string> = {
  write_once_existing_value: 'write_once: the metric already has a value on this conversation',
  locked: 'the value was locked by an earlier write_once write',
};
export const ignoredReasonText = (r: IgnoredReason) => REASON_TEXT[r];

/**
 * Validates a batch against the project's definitions and applies it set-based (one statement
 * for the whole batch) on `db`, which may be a transaction the caller holds.
 */
export async function applyWrites(db: DB, projectId: string, writes: WriteInput[], opts: WriteOptions = {}): Promise<WriteResult[]> {
  if (writes.length > MAX_BATCH) throw new AppError('validation', `At most ${MAX_BATCH} writes per request (got ${writes.length})`);
  const now = opts.now ?? new Date();
  const at = (i: number, f: string) => (opts.pointer ? opts.pointer(i, f) : `/writes/${i}/${f}`);
  const defs = new Map((await findMetricDefsByNames(db, projectId, [...new Set(writes.map((w) => w.name))])).map((d) => [d.name, d]));
  let known: string[] | null = null;
  const knownNames = async () => (known ??= await activeMetricNames(db, projectId));

  const valid: { write: ValidWrite; def: MetricRow; input: WriteInput }[] = [];
  const rejected: WriteRejected[] = [];
  for (const [index, input] of writes.entries()) {
    const errors: FieldError[] = [];
    if (typeof input.conversationId !== 'string' || input.conversationId.length < 1 || input.conversationId.length > MAX_ID) {
      errors.push({ pointer: at(index, 'conversation_id'), detail: `conversation_id must be 1 to ${MAX_ID} characters` });
    }
    const def = defs.get(input.name);
    if (!def || def.archived_at) {
      const closest = closestNames(input.name, await knownNames());
      const hint = closest.length ? `; closest: ${closest.map((n) => `"${n}"`).join(', ')}` : '';
      errors.push({
        pointer: at(index, 'name'),
        detail: def ? `Metric "${input.name}" is archived and refuses new writes${hint}` : `No metric named "${input.name}" in this project${hint}`,
        closest,
      });
    }
    const check = def ? checkValue(def, input.value) : null;
    if (check && !check.ok) errors.push({ pointer: at(index, 'value'), detail: check.detail, ...(check.allowed ? { allowed: check.allowed } : {}) });
    if (errors.length || !def || !check?.ok) {
      rejected.push({ index, ok: false, errors });
      continue;
    }
    valid.push({
      def,
      input,
      write: {
        index,
        conversationId: input.conversationId,
        metricId: def.id,
        value: check.value,
        writeOnce: input.writeOnce ?? false,
        source: input.source ?? null,
        at: input.at ?? now,
      },
    });
  }
  if (rejected.length && opts.atomic !== false) {
    const errors = rejected.flatMap((r) => r.errors);
    const what = writes.length === 1 ? errors[0]!.detail : `${rejected.length} of ${writes.length} writes are invalid; nothing was written`;
    throw new AppError('unprocessable', what, { errors });
  }

  const applied = await applyWithRetry(db, projectId, valid.map((v) => v.write));
  const results: WriteResult[] = [...rejected];
  for (const v of valid) {
    const row = applied.get(v.write.index)!;
    results.push({
      index: v.write.index,
      ok: true,
      id: row.id,
      conversation_id: v.write.conversationId,
      name: v.def.name,
      value: v.write.value.value,
      write_once: v.write.writeOnce,
      ignored: row.reason !== null,
      ignored_reason: row.reason,
      written_at: v.write.at.toISOString(),
    });
  }
  return results.sort((a, b) => a.index - b.index);
}

/** Applies, and re-applies the pairs whose conversation appeared concurrently (see applyPlannedWrites). */
async function applyWithRetry(db: DB, projectId: string, writes: ValidWrite[]) {
  const out = new Map<number, { id: number; reason: IgnoredReason | null }>();
  let pending = planPairs(writes);
  for (let attempt = 0; pending.length && attempt < 3; attempt++) {
    const rows = new Map((await applyPlannedWrites(db, projectId, pending)).map((r) => [r.index, r]));
    const missed = [];
    for (const pair of pending) {
      const first = rows.get(pair.writes[0]!.index);
      if (!first) {
        missed.push(pair);
        continue;
      }
      const reasons = first.state === 'none' ? pair.ifNone.reasons : first.state === 'unlocked' ? pair.ifUnlocked.reasons : pair.writes.map(() => 'locked' as const);
      pair.writes.forEach((w, j) => out.set(w.index, { id: rows.get(w.index)!.id, reason: reasons[j] ?? null }));
    }
    pending = missed;
  }
  if (pending.length) throw new Error(`metric writes for ${pending.length} conversation(s) could not be applied after 3 attempts`);
  return out;
}
