import type { Selectable } from 'kysely';
import type { DB } from './connect.js';
import type { MetricDefinitionsTable } from './schema.js';

export type MetricRow = Selectable<MetricDefinitionsTable>;

/** A project's metric definitions, by name; archived ones only when asked. */
export function listMetricDefs(db: DB, projectId: string, opts: { includeArchived?: boolean } = {}) {
  let q = db.selectFrom('metric_definitions').selectAll().where('project_id', '=', projectId);
  if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('name').execute();
}

export function findMetricDef(db: DB, projectId: string, name: string) {
  return db.selectFrom('metric_definitions').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
}
