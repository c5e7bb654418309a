import type { MetricScalar } from './records.js';

export interface ExistingMetric {
  name: string;
  type: 'boolean' | 'categorical' | 'numeric';
  categories: string[] | null;
  archived_at: string | null;
}

export type MetricPlan =
  | { action: 'create'; name: string; type: 'boolean' | 'numeric' }
  | { action: 'create'; name: string; type: 'categorical'; categories: string[] }
  | { action: 'add_categories'; name: string; categories: string[] }
  | { action: 'refuse'; name: string; reason: string };

const MAX_CATEGORIES = 100;

/**
 * What --create-metrics does for each metric seen in the file: booleans only -> boolean, finite
 * numbers only -> numeric, strings only -> categorical with the labels seen (2 to 100). An
 * existing categorical metric gets the labels it lacks. Mixed types, or one lone label, are
 * refused: those need a definition written by a person.
 */
export function planMetrics(seen: Map<string, Set<MetricScalar>>, existing: ExistingMetric[]): MetricPlan[] {
  const byName = new Map(existing.map((m) => [m.name, m]));
  const plans: MetricPlan[] = [];
  for (const [name, values] of [...seen.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const kinds = new Set([...values].map((v) => typeof v));
    const def = byName.get(name);
    if (def) {
      if (def.type === 'categorical' && kinds.size === 1 && kinds.has('string')) {
        const missing = [...values].map(String).filter((v) => !(def.categories ?? []).includes(v));
        if (missing.length) plans.push({ action: 'add_categories', name, categories: [...(def.categories ?? []), ...missing.sort()] });
      }
      continue;
    }
    if (kinds.size !== 1) {
      plans.push({ action: 'refuse', name, reason: `values of several types (${[...kinds].join(', ')}); define "${name}" yourself` });
    } else if (kinds.has('boolean')) plans.push({ action: 'create', name, type: 'boolean' });
    else if (kinds.has('number')) plans.push({ action: 'create', name, type: 'numeric' });
    else {
      const labels = [...values].map(String).sort();
      if (labels.length < 2 || labels.length > MAX_CATEGORIES) {
        plans.push({ action: 'refuse', name, reason: `${labels.length} distinct label(s) seen; a categorical metric needs 2 to ${MAX_CATEGORIES}: define "${name}" yourself` });
      } else plans.push({ action: 'create', name, type: 'categorical', categories: labels });
    }
  }
  return plans;
}
