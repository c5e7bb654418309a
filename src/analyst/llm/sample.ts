import type { ProjectRow } from '../../db/projects.js';
import type { Deps } from '../../deps.js';
import { drawSample } from '../../sampling/draw.js';
import type { FrameEntry, Plan } from '../contract.js';

export interface AnalystSample {
  id: string;
  frame: FrameEntry[];
  /** in draw order; `group` is the stratum label */
  conversations: { id: string; group: 'failures' | 'successes' }[];
  requested: { failures: number; successes: number };
}

/**
 * A stratified sample of failures (the plan's target values) and successes (its contrast
 * values) through the sampling engine, stored under its id. The engine draws the same number
 * from each stratum, so it is asked for the larger size and the smaller group keeps the first
 * n of its uniformly random draw, itself a uniform random sample; the frame describes what is read.
 */
export async function drawAnalystSample(
  deps: Deps,
  project: ProjectRow,
  plan: Plan,
  size: { failures: number; successes: number; seed?: string | number | undefined },
): Promise<AnalystSample> {
  const sample = await drawSample(deps, project, {
    metric: plan.metric,
    ...(size.seed !== undefined ? { seed: size.seed } : {}),
    allocation: 'fixed',
    per_stratum: Math.max(size.failures, size.successes),
    strata: [
      { label: 'failures', values: plan.target_values as (string | boolean)[] },
      { label: 'successes', values: plan.contrast_values as (string | boolean)[] },
    ],
    start_time: plan.window.start,
    end_time: plan.window.end,
    environment: plan.environment,
    ...(plan.channels?.length ? { channel: plan.channels } : {}),
    filters: plan.filters,
    transcript: true,
  }, { turns: false });
  const want = { failures: size.failures, successes: size.successes };
  const conversations: AnalystSample['conversations'] = [];
  const taken = { failures: 0, successes: 0 };
  for (const c of sample.conversations) {
    const group = c.stratum === 'failures' ? 'failures' : c.stratum === 'successes' ? 'successes' : null;
    if (!group || taken[group] >= want[group]) continue;
    taken[group]++;
    conversations.push({ id: c.id, group });
  }
  // the engine's entries (with how the population was counted), re-weighted for what is read
  const frame = (['failures', 'successes'] as const).map((g): FrameEntry => {
    const entry = sample.frame.find((f) => f.value === g);
    const population = entry?.population ?? 0;
    const sampled = taken[g];
    return { ...entry, value: g, population, sampled, inclusion_probability: population > 0 ? sampled / population : 0, weight: sampled > 0 ? population / sampled : 0 };
  });
  return { id: sample.id, frame, conversations, requested: want };
}
