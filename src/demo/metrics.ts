import type { DB } from '../db/connect.js';
import type { Deps } from '../deps.js';
import { insertDefinition } from '../metrics/definitions.js';
import type { DemoMetric } from './causes.js';

/** Creates the demo's metric definitions through the same path as POST /metrics. */
export async function createDemoMetrics(db: DB, deps: Deps, projectId: string, metrics: DemoMetric[]) {
  for (const m of metrics) {
    await insertDefinition({ db, ids: deps.ids, clock: deps.clock }, projectId, {
      name: m.name,
      type: m.type,
      ...(m.categories ? { categories: m.categories } : {}),
      ...(m.min !== undefined ? { min: m.min } : {}),
      ...(m.max !== undefined ? { max: m.max } : {}),
      definition: m.definition,
      flow: m.flow,
    });
  }
}
