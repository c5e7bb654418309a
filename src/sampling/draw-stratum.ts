import type { DB } from '../db/connect.js';
import { allOfStratum, rowsInArcs, type Arc, type DrawScope } from '../db/samples-draw.js';
import { memberRank, pointStream } from './prng.js';
import type { Stratum } from './strata.js';

/** Past this many probe rounds (never reached on stable data) the stratum is read whole. */
const MAX_ROUNDS = 24;
/**
 * Arc width in units of 1/population: the expected number of stratum members per arc. Smaller
 * arcs tie fewer key-neighbours together (second-order inclusion) but need more probes.
 */
export const ARC_FILL = 0.75;

/**
 * The arc width: the power of two at or just below ARC_FILL / population. A power of two keeps
 * the width, and so the sample, stable while the population drifts (a conversation entering or
 * leaving the window changes the sample only if it is itself among the first caught).
 */
export function arcWidth(population: number): number {
  return 2 ** -Math.ceil(Math.log2(population / ARC_FILL));
}

/**
 * Draws `n` of a stratum's `population` conversations, uniformly and without replacement,
 * reproducibly from `seed`. See docs/sampling.md for why this is fair.
 *
 * Each conversation has a fixed random key in [0, 1). The seed makes an endless stream of
 * points u_0, u_1, ...; point j opens the arc [u_j, u_j + w) of key space, w = arcWidth(population) <= ARC_FILL/population (wrapping
 * at 1). A conversation's "time" is the first j whose arc holds its key; the sample is the n
 * conversations with the smallest (time, seeded rank). Whatever the keys are, every point lands
 * on every conversation's key with the same probability w, so every conversation has
 * the same inclusion probability given the data; only conversations whose keys lie within one
 * arc width of each other are (slightly) correlated.
 *
 * Cost: about 3 to 5 n arcs, each an index range scan; nothing reads the whole stratum unless the
 * stratum is at most twice the draw, where reading it whole and ranking by seed is as cheap and
 * exact.
 */
export async function drawStratum(db: DB, scope: DrawScope, stratum: Stratum, n: number, population: number, seed: string): Promise<string[]> {
  if (n <= 0 || population <= 0) return [];
  const rank = (id: string) => memberRank(seed, stratum.label, id);
  const byRank = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  if (n * 2 >= population) return wholeStratum(db, scope, stratum, n, byRank);

  const point = pointStream(seed, stratum.label);
  const width = arcWidth(population);
  // probes per missing member: 1 / P(an arc holds at least one member), plus slack
  const probesPerMember = 1.15 / (1 - Math.exp(-width * population));
  const firstArc = new Map<string, number>();
  let next = 0;
  for (let round = 0; firstArc.size < n; round++) {
    if (round === MAX_ROUNDS) return wholeStratum(db, scope, stratum, n, byRank);
    const count = Math.ceil((n - firstArc.size) * probesPerMember) + 8;
    const arcs: Arc[] = [];
    for (let j = next; j < next + count; j++) {
      const lo = point(j);
      const hi = lo + width;
      if (hi <= 1) arcs.push({ j, lo, hi });
      else arcs.push({ j, lo, hi: 1 }, { j, lo: 0, hi: hi - 1 });
    }
    next += count;
    // a later round's points all come after the earlier ones: a conversation already caught keeps its first arc
    for (const row of await rowsInArcs(db, scope, stratum, arcs)) {
      if (!firstArc.has(row.id)) firstArc.set(row.id, row.j);
    }
  }
  return [...firstArc.entries()]
    .sort(([a, ja], [b, jb]) => ja - jb || byRank(a, b))
    .slice(0, n)
    .map(([id]) => id);
}

async function wholeStratum(db: DB, scope: DrawScope, stratum: Stratum, n: number, byRank: (a: string, b: string) => number) {
  const rows = await allOfStratum(db, scope, stratum);
  return rows
    .map((r) => r.id)
    .sort(byRank)
    .slice(0, n);
}
