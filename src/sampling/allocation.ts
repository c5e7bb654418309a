import type { SampleRequest } from './request.js';

/**
 * How many to draw from each stratum, given the populations. No stratum is asked for more than
 * it holds.
 * - fixed: `per_stratum` from each, or a stratum's own `n`;
 * - equal: `total` split as evenly as the populations allow (a small stratum's unused share
 *   goes to the others);
 * - proportional: `total` split by population with the largest-remainder method, so the parts
 *   add up to the total exactly.
 */
export function allocate(
  request: Pick<SampleRequest, 'allocation' | 'per_stratum' | 'total'>,
  populations: number[],
  own: (number | undefined)[] = [],
): number[] {
  if (request.allocation === 'fixed') return populations.map((p, i) => Math.min(p, own[i] ?? request.per_stratum ?? 0));
  const total = Math.min(request.total!, populations.reduce((s, p) => s + p, 0));
  return request.allocation === 'equal' ? equal(total, populations) : proportional(total, populations);
}

function equal(total: number, populations: number[]): number[] {
  const out = populations.map(() => 0);
  let left = total;
  let open = populations.map((p, i) => (p > 0 ? i : -1)).filter((i) => i >= 0);
  while (left > 0 && open.length > 0) {
    const share = Math.floor(left / open.length);
    const extra = left % open.length;
    // the remainder goes to the first strata in request order, so the split is deterministic
    open.forEach((i, k) => {
      const want = share + (k < extra ? 1 : 0);
      const take = Math.min(want, populations[i]! - out[i]!);
      out[i]! += take;
      left -= take;
    });
    open = open.filter((i) => out[i]! < populations[i]!);
  }
  return out;
}

function proportional(total: number, populations: number[]): number[] {
  const sum = populations.reduce((s, p) => s + p, 0);
  if (sum === 0) return populations.map(() => 0);
  const exact = populations.map((p) => (total * p) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, n) => s + n, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    if (out[i]! < populations[i]!) {
      out[i]! += 1;
      left -= 1;
    }
  }
  return out;
}
