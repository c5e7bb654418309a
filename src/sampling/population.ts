import type { DB } from '../db/connect.js';
import { countStratum, smallestKeys, type DrawScope } from '../db/samples-draw.js';
import type { Stratum } from './strata.js';

/** Keys read to estimate a large stratum: relative standard error 1/sqrt(K - 2), about 3.2%. */
export const ESTIMATE_KEYS = 1000;

export interface Population {
  /** conversations in the stratum under the filters (rounded when estimated) */
  value: number;
  exact: boolean;
  /** 95% interval; equal to [value, value] when exact */
  ci: [number, number];
}

/**
 * How many conversations a stratum holds, without reading all of them. The stratum's K
 * smallest sample keys are read in index order: fewer than K means that is the whole stratum,
 * counted exactly; otherwise, since keys are independent uniform numbers, the K-th smallest key
 * k gives the unbiased estimate (K - 1) / k (the "K minimum values" estimator). `exact: true`
 * asks for a full index-backed count instead, whose cost grows with the stratum.
 */
export async function stratumPopulation(db: DB, scope: DrawScope, stratum: Stratum, exact: boolean): Promise<Population> {
  if (exact) {
    const n = await countStratum(db, scope, stratum);
    return { value: n, exact: true, ci: [n, n] };
  }
  const { count, kth } = await smallestKeys(db, scope, stratum, ESTIMATE_KEYS);
  if (count < ESTIMATE_KEYS || kth === null) return { value: count, exact: true, ci: [count, count] };
  const estimate = (ESTIMATE_KEYS - 1) / kth;
  const se = 1 / Math.sqrt(ESTIMATE_KEYS - 2);
  return {
    value: Math.round(estimate),
    exact: false,
    ci: [Math.max(ESTIMATE_KEYS, Math.round(estimate * (1 - 1.96 * se))), Math.round(estimate * (1 + 1.96 * se))],
  };
}
