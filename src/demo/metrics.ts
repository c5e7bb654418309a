import type { DB } from '../db/connect.js';
import type { Deps } from '../deps.js';
import type { DemoMetric } from './causes.js';

/** Creates the demo's metric definitions. */
export async function createDemoMetrics(db: DB, deps: Deps, projectId: string, metrics: DemoMetric[]) {
  await db
    .insertInto('metric_definitions')
    .values(
      metrics.map((m) => ({
        id: deps.ids.make('met'),
        project_id: projectId,
        name: m.name,
        type: m.type,
        categories: m.categories ?? null,
        min: m.min ?? null,
        max: m.max ?? null,
        definition: m.definition,
        flow: m.flow,
      })),
    )
    .execute();
}
