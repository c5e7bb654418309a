import type { NormalValue, ValueKind } from './values.js';

/** Why a write was recorded but did not change the effective value. */
export type IgnoredReason = 'write_once_existing_value' | 'locked';

/** A write that passed validation, in request order. */
export interface ValidWrite {
  index: number;
  conversationId: string;
  /** the metric's name; the write statement resolves it to the definition */
  metric: string;
  value: NormalValue & { kind: ValueKind };
  writeOnce: boolean;
  source: string | null;
  at: Date;
}

/** Where a (conversation, metric) pair stood before this batch; only the database knows which. */
export type PairState = 'none' | 'unlocked' | 'locked';

interface Outcome {
  /** effective value after the batch; null when the batch changes nothing */
  last: { value: NormalValue; at: Date } | null;
  applied: number;
  locked: boolean;
  reasons: (IgnoredReason | null)[];
}

/** The writes to one (conversation, metric) pair, with their outcome for each possible prior state. */
export interface PairPlan {
  conversationId: string;
  metric: string;
  writes: ValidWrite[];
  ifNone: Outcome;
  ifUnlocked: Outcome;
}

/**
 * Replays a pair's writes in order from a prior state. A write_once write is ignored when the
 * metric already has a value; once a write_once write is applied the value is locked and every
 * later write is ignored. Otherwise the last write wins.
 */
export function replay(writes: ValidWrite[], state: PairState): Outcome {
  let hasValue = state !== 'none';
  let locked = state === 'locked';
  let last: Outcome['last'] = null;
  let applied = 0;
  const reasons: (IgnoredReason | null)[] = [];
  for (const w of writes) {
    if (locked) reasons.push('locked');
    else if (w.writeOnce && hasValue) reasons.push('write_once_existing_value');
    else {
      reasons.push(null);
      last = { value: w.value, at: w.at };
      applied++;
      hasValue = true;
      locked = w.writeOnce;
    }
  }
  return { last, applied, locked, reasons };
}

/** Groups a batch by pair (in first-seen order) and works out both possible outcomes of each. */
export function planPairs(writes: ValidWrite[]): PairPlan[] {
  const byPair = new Map<string, ValidWrite[]>();
  for (const w of writes) {
    const key = `${w.conversationId}\u0000${w.metric}`;
    const list = byPair.get(key);
    if (list) list.push(w);
    else byPair.set(key, [w]);
  }
  return [...byPair.values()].map((ws) => ({
    conversationId: ws[0]!.conversationId,
    metric: ws[0]!.metric,
    writes: ws,
    ifNone: replay(ws, 'none'),
    ifUnlocked: replay(ws, 'unlocked'),
  }));
}
