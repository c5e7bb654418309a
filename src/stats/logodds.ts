/**
 * Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008,
 * "Fightin' Words", eq. 22): which features separate corpus a from corpus b, with the prior
 * taken from both corpora together so rare features are shrunk towards no difference.
 *
 *   delta_w = log((y_aw + a_w) / (n_a + a_0 - y_aw - a_w)) - log((y_bw + a_w) / (n_b + a_0 - y_bw - a_w))
 *   var(delta_w) ~ 1 / (y_aw + a_w) + 1 / (y_bw + a_w)
 *   z_w = delta_w / sqrt(var(delta_w))
 *
 * with a_w = a_0 * (y_aw + y_bw) / (n_a + n_b): the prior mean is the pooled frequency, and a_0
 * (the prior's total weight) says how many pseudo-counts it is worth.
 */

export interface LogOddsInput {
  /** count of the feature in corpus a (here: failures) */
  a: number;
  /** count of the feature in corpus b (here: successes) */
  b: number;
}

export interface LogOdds {
  delta: number;
  variance: number;
  z: number;
}

export interface LogOddsTotals {
  /** total counts in each corpus (tokens, or documents when counting presence) */
  nA: number;
  nB: number;
  /** the prior's total weight a_0 */
  alpha0: number;
}

export function logOdds({ a, b }: LogOddsInput, { nA, nB, alpha0 }: LogOddsTotals): LogOdds {
  const alphaW = (alpha0 * (a + b)) / (nA + nB);
  const oddsA = (a + alphaW) / (nA + alpha0 - a - alphaW);
  const oddsB = (b + alphaW) / (nB + alpha0 - b - alphaW);
  const delta = Math.log(oddsA) - Math.log(oddsB);
  const variance = 1 / (a + alphaW) + 1 / (b + alphaW);
  return { delta, variance, z: delta / Math.sqrt(variance) };
}

/** Every feature scored at once; features with no count in either corpus are skipped. */
export function logOddsAll(counts: Map<string, LogOddsInput>, totals: LogOddsTotals): Map<string, LogOdds> {
  const out = new Map<string, LogOdds>();
  for (const [k, c] of counts) if (c.a + c.b > 0) out.set(k, logOdds(c, totals));
  return out;
}
