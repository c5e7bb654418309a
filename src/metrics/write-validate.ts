import type { DB } from '../db/connect.js';
import { activeMetricNames, findMetricDefsByNames } from '../db/metrics.js';
import type { FieldError } from '../errors.js';
import { closestNames } from './similarity.js';
import { checkValue, looseValue } from './values.js';
import type { WriteInput } from './write.js';
import type { ValidWrite } from './write-plan.js';

export const MAX_CONVERSATION_ID = 256;

export interface Rejected {
  index: number;
  ok: false;
  errors: FieldError[];
}

type Pointer = (index: number, field: string) => string;

export function conversationIdProblem(id: unknown): string | null {
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_CONVERSATION_ID ? null : `conversation_id must be 1 to ${MAX_CONVERSATION_ID} characters`;
}

/** A write ready for the statement, before its metric is looked up; null when it cannot fit any metric. */
export function prepare(input: WriteInput, index: number, now: Date): ValidWrite | null {
  const value = looseValue(input.value);
  if (!value || conversationIdProblem(input.conversationId)) return null;
  return { index, conversationId: input.conversationId, metric: input.name, value, writeOnce: input.writeOnce ?? false, source: input.source ?? null, at: input.at ?? now };
}

/**
 * The slow path, taken only when a batch did not fit: looks the metrics up and says, write by
 * write, what is wrong (unknown or archived metric with the closest names, wrong value).
 */
export async function validateWrites(db: DB, projectId: string, writes: WriteInput[], now: Date, pointer: Pointer) {
  const defs = new Map((await findMetricDefsByNames(db, projectId, [...new Set(writes.map((w) => w.name))])).map((d) => [d.name, d]));
  let known: string[] | null = null;
  const valid: ValidWrite[] = [];
  const rejected: Rejected[] = [];
  for (const [index, input] of writes.entries()) {
    const errors: FieldError[] = [];
    const idProblem = conversationIdProblem(input.conversationId);
    if (idProblem) errors.push({ pointer: pointer(index, 'conversation_id'), detail: idProblem });
    const def = defs.get(input.name);
    if (!def || def.archived_at) {
      const closest = closestNames(input.name, (known ??= await activeMetricNames(db, projectId)));
      const hint = closest.length ? `; closest: ${closest.map((n) => `"${n}"`).join(', ')}` : '';
      errors.push({
        pointer: pointer(index, 'name'),
        detail: def ? `Metric "${input.name}" is archived and refuses new writes${hint}` : `No metric named "${input.name}" in this project${hint}`,
        closest,
      });
    } else {
      const check = checkValue(def, input.value);
      if (!check.ok) errors.push({ pointer: pointer(index, 'value'), detail: check.detail, ...(check.allowed ? { allowed: check.allowed } : {}) });
    }
    const ready = errors.length ? null : prepare(input, index, now);
    if (ready) valid.push(ready);
    else rejected.push({ index, ok: false, errors });
  }
  return { valid, rejected };
}
