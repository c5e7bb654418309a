import type { MetricRow } from '../db/metrics.js';

/** A value checked against its definition, in the three shapes the store keeps. */
export interface NormalValue {
  /** the value as written, for metric_writes.value (jsonb) */
  value: boolean | string | number;
  /** 'true'/'false' for boolean, the category for categorical, null for numeric */
  text: string | null;
  num: number | null;
}

export type ValueCheck = { ok: true; value: NormalValue } | { ok: false; detail: string; allowed?: string[] };

type Def = Pick<MetricRow, 'name' | 'type' | 'categories' | 'min' | 'max'>;

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

/**
 * Checks a written value against the metric's type. A boolean metric written without a value
 * (undefined or null) records `true`: an event that happened.
 */
export function checkValue(def: Def, raw: unknown): ValueCheck {
  if (def.type === 'boolean') {
    if (raw === undefined || raw === null) return { ok: true, value: { value: true, text: 'true', num: null } };
    if (typeof raw !== 'boolean') return { ok: false, detail: `"${def.name}" is boolean: value must be true or false (or omitted, meaning true), got ${show(raw)}` };
    return { ok: true, value: { value: raw, text: String(raw), num: null } };
  }
  if (def.type === 'categorical') {
    const allowed = def.categories ?? [];
    if (raw === undefined || raw === null) {
      return { ok: false, detail: `"${def.name}" is categorical: value is required, one of ${allowed.map(show).join(', ')}`, allowed };
    }
    if (typeof raw !== 'string' || !allowed.includes(raw)) {
      return { ok: false, detail: `"${def.name}" is categorical: value must be one of ${allowed.map(show).join(', ')}, got ${show(raw)}`, allowed };
    }
    return { ok: true, value: { value: raw, text: raw, num: null } };
  }
  if (raw === undefined || raw === null) return { ok: false, detail: `"${def.name}" is numeric: value is required` };
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return { ok: false, detail: `"${def.name}" is numeric: value must be a finite number, got ${show(raw)}` };
  if (def.min !== null && raw < def.min) return { ok: false, detail: `"${def.name}" must be at least ${def.min}, got ${raw}` };
  if (def.max !== null && raw > def.max) return { ok: false, detail: `"${def.name}" must be at most ${def.max}, got ${raw}` };
  return { ok: true, value: { value: raw, text: null, num: raw } };
}

export type ValueKind = 'none' | 'bool' | 'string' | 'number';

/**
 * The value as it would be stored if it fits its metric, without looking the metric up: the
 * write statement checks the fit against the definition itself (see db/writes.ts). Returns
 * null for what no metric accepts (objects, non-finite numbers).
 */
export function looseValue(raw: unknown): (NormalValue & { kind: ValueKind }) | null {
  if (raw === undefined || raw === null) return { kind: 'none', value: true, text: 'true', num: null };
  if (typeof raw === 'boolean') return { kind: 'bool', value: raw, text: String(raw), num: null };
  if (typeof raw === 'string') return { kind: 'string', value: raw, text: raw, num: null };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { kind: 'number', value: raw, text: null, num: raw };
  return null;
}
