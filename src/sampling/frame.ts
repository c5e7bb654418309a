import type { FrameEntry } from '../analyst/contract.js';
import type { Population } from './population.js';

/** A frame entry, plus whether its population was counted or estimated (and the estimate's 95% interval). */
export type SampleFrameEntry = FrameEntry & { population_exact: boolean; population_ci: [number, number] };

/**
 * One frame entry per stratum. Within a stratum every conversation had the same chance of being
 * drawn, sampled / population, so each sampled conversation stands for population / sampled
 * conversations of its stratum: a total is estimated as the sum over strata of weight times the
 * sampled count, a share as that total over the summed populations. An empty draw has
 * probability and weight 0 (it stands for nothing).
 */
export function frameEntry(value: string, pop: Population, sampled: number): SampleFrameEntry {
  const population = pop.value;
  return {
    value,
    population,
    sampled,
    inclusion_probability: population > 0 ? sampled / population : 0,
    weight: sampled > 0 ? population / sampled : 0,
    population_exact: pop.exact,
    population_ci: pop.ci,
  };
}

/** A population estimate weighted back from per-stratum counts in the sample. */
export function weightedTotal(frame: FrameEntry[], countsByStratum: Record<string, number>): number {
  return frame.reduce((sum, f) => sum + f.weight * (countsByStratum[f.value] ?? 0), 0);
}
