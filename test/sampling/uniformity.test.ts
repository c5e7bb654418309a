import { describe, expect, it } from 'vitest';
import type { DrawScope } from '../../src/db/samples-draw.js';
import { drawStratum } from '../../src/sampling/draw-stratum.js';
import { unitHash } from '../../src/sampling/prng.js';
import type { Stratum } from '../../src/sampling/strata.js';
import { fixedClock, testEnv } from '../support/deps.js';
import { manyConversations, seedProject } from './fixture.js';

/**
 * Fairness on a FIXED dataset, over many FIXED seeds (so the test is deterministic, never
 * flaky): every conversation of a stratum must be drawn equally often. With R draws of n from N
 * without replacement, each count is Binomial(R, n/N), and Pearson's statistic divided by
 * (1 - n/N) follows chi-square with N - 1 degrees of freedom. Wilson-Hilferty turns it into a
 * z-score; |z| > 4 would be a one-in-30,000 event for a fair sampler.
 */
function chiSquareZ(counts: number[], draws: number, n: number): number {
  const N = counts.length;
  const expected = (draws * n) / N;
  const x2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0) / (1 - n / N);
  const k = N - 1;
  return (Math.cbrt(x2 / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
}

const clock = fixedClock(new Date('2026-06-15T12:00:00Z'));
const env = await testEnv({ clock });
const project = await seedProject(env, 'fair', manyConversations('u', 400, clock.now()));
const metricId = 'fair_Auth_outcome';
const scope: DrawScope = {
  projectId: project.id,
  metricId,
  start: new Date('2026-05-01T00:00:00Z'),
  end: clock.now(),
  environment: 'live',
  channels: null,
  filters: [],
  transcript: undefined,
  minTurns: undefined,
  otherEnvironments: false,
};
const failures: Stratum = { label: 'failures', kind: 'values', values: ['failed', 'partial'] };
const stratumIds = Array.from({ length: 400 }, (_, i) => `u${String(i).padStart(5, '0')}`).filter((_, i) => i % 2 === 1);

async function inclusionCounts(n: number, population: number, draws: number, stratum = failures, ids = stratumIds) {
  const counts = new Map(ids.map((id) => [id, 0]));
  const samples: string[][] = [];
  for (let s = 0; s < draws; s++) {
    const got = await drawStratum(env.deps.db, scope, stratum, n, population, `seed-${s}`);
    expect(got).toHaveLength(n);
    expect(new Set(got).size).toBe(n); // without replacement
    for (const id of got) counts.set(id, counts.get(id)! + 1); // throws on a conversation outside the stratum
    samples.push(got);
  }
  return { counts: [...counts.values()], samples };
}

describe('sampling fairness (chi-square over fixed seeds on a fixed dataset)', () => {
  it('draws every conversation of a stratum equally often (seeded arcs)', async () => {
    const draws = 1000;
    const { counts, samples } = await inclusionCounts(20, 200, draws);
    const z = chiSquareZ(counts, draws, 20);
    expect(Math.abs(z), `z = ${z}`).toBeLessThan(4);

    // different seeds are independent: two draws share n*n/N members on average (hypergeometric)
    let overlap = 0;
    for (let s = 1; s < draws; s++) overlap += samples[s]!.filter((id) => samples[s - 1]!.includes(id)).length;
    const mean = overlap / (draws - 1);
    expect(Math.abs(mean - 2), `mean overlap ${mean}`).toBeLessThan(0.25);
  }, 120_000);

  it('draws uniformly when the draw is half the stratum or more (read whole, ranked by seed)', async () => {
    const draws = 400;
    const { counts } = await inclusionCounts(120, 200, draws);
    const z = chiSquareZ(counts, draws, 120);
    expect(Math.abs(z), `z = ${z}`).toBeLessThan(4);
  }, 120_000);

  it('has the power to catch an unfair sampler: "n keys after one seeded point" fails the same test', () => {
    // the naive key-range draw (rotate to a seeded point, take the next n keys) on the same keys
    const keys = stratumIds.map((id) => ({ id, k: unitHash(`fair:${id}`, 99) })).sort((a, b) => a.k - b.k);
    const counts = new Map(stratumIds.map((id) => [id, 0]));
    const draws = 1500;
    for (let s = 0; s < draws; s++) {
      const u = unitHash(`seed-${s}`, 1);
      const start = keys.findIndex((x) => x.k >= u);
      for (let i = 0; i < 20; i++) {
        const id = keys[((start < 0 ? 0 : start) + i) % keys.length]!.id;
        counts.set(id, counts.get(id)! + 1);
      }
    }
    const z = chiSquareZ([...counts.values()], draws, 20);
    expect(z, `z = ${z}`).toBeGreaterThan(10);
  });
});
