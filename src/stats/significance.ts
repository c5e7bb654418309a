/**
 * Significance of a change between two windows: the two-proportion z-test for rates, Fisher's
 * exact test when a cell is too small for the normal approximation, and Benjamini-Hochberg
 * adjustment when many metrics are tested at once.
 */

export interface TestResult {
  test: 'z' | 'fisher' | 'welch';
  /** two-sided */
  p: number;
  z: number | null;
}

/** Complementary error function (Numerical Recipes' erfcc), fractional error below 1.2e-7. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. */
export function normalTwoSided(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Pooled two-proportion z-test of x1/n1 against x2/n2; z > 0 when the second rate is higher. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): TestResult {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { test: 'z', p: 1, z: 0 };
  const z = (x2 / n2 - x1 / n1) / se;
  return { test: 'z', p: normalTwoSided(z), z };
}

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

const lnFact = (n: number) => lnGamma(n + 1);

/**
 * Fisher's exact test on [[a, b], [c, d]], two-sided: the sum of the probabilities of every
 * table with the same margins that is no more likely than the observed one.
 */
export function fisherExact(a: number, b: number, c: number, d: number): TestResult {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  const base = lnFact(r1) + lnFact(r2) + lnFact(c1) + lnFact(n - c1) - lnFact(n);
  const prob = (x: number) => Math.exp(base - lnFact(x) - lnFact(r1 - x) - lnFact(c1 - x) - lnFact(r2 - c1 + x));
  const observed = prob(a);
  let p = 0;
  for (let x = Math.max(0, c1 - r2); x <= Math.min(r1, c1); x++) {
    const px = prob(x);
    // relative tolerance: tables as likely as the observed one count, despite rounding
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  return { test: 'fisher', p: Math.min(1, p), z: null };
}

/**
 * Change of a rate from x1/n1 (previous) to x2/n2 (current): the z-test, or Fisher's exact test
 * when an expected cell count is under 5.
 */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): TestResult | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const total = n1 + n2;
  const successes = x1 + x2;
  const failures = total - successes;
  const minExpected = Math.min(n1, n2) * Math.min(successes, failures) / total;
  if (minExpected < 5) {
    const r = fisherExact(x1, n1 - x1, x2, n2 - x2);
    const z = twoProportionZ(x1, n1, x2, n2).z;
    return { ...r, z };
  }
  return twoProportionZ(x1, n1, x2, n2);
}

/** Welch's test of two means with the normal approximation; null below 30 values a side. */
export function compareMeans(
  prev: { n: number; mean: number; variance: number },
  cur: { n: number; mean: number; variance: number },
): TestResult | null {
  if (prev.n < 30 || cur.n < 30) return null;
  const se = Math.sqrt(prev.variance / prev.n + cur.variance / cur.n);
  if (!(se > 0)) return { test: 'welch', p: cur.mean === prev.mean ? 1 : 0, z: null };
  const z = (cur.mean - prev.mean) / se;
  return { test: 'welch', p: normalTwoSided(z), z };
}

/** Benjamini-Hochberg q-values, in the order of the input p-values. */
export function benjaminiHochberg(ps: number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const q = new Array<number>(ps.length);
  let min = 1;
  for (let k = order.length - 1; k >= 0; k--) {
    const { p, i } = order[k]!;
    min = Math.min(min, (p * order.length) / (k + 1));
    q[i] = min;
  }
  return q;
}
