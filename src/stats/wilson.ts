/**
 * Wilson score interval for a binomial proportion: well-behaved at small n and near 0 or 1,
 * where the normal approximation gives intervals outside [0, 1].
 */
export function wilson(successes: number, n: number, z = 1.959963984540054): [number, number] {
  if (n <= 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // exact bounds at the edges, where rounding would leave 1e-16 off
  const lo = successes <= 0 ? 0 : Math.max(0, centre - half);
  const hi = successes >= n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}
