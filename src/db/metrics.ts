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

/** Definitions (archived ones too) for the names a write batch uses, in one indexed query. */
export function findMetricDefsByNames(db: DB, projectId: string, names: string[]) {
  if (names.length === 0) return Promise.resolve([] as MetricRow[]);
  return db.selectFrom('metric_definitions').selectAll().where('project_id', '=', projectId).where('name', 'in', names).execute();
}

/** Names of the project's active metrics, for "did you mean" answers. */
export async function activeMetricNames(db: DB, projectId: string): Promise<string[]> {
  const rows = await db.selectFrom('metric_definitions').select('name').where('project_id', '=', projectId).where('archived_at', 'is', null).execute();
  return rows.map((r) => r.name);
}

export type NewMetricRow = Omit<MetricRow, 'created_at' | 'updated_at' | 'archived_at' | 'definition'> & { definition: string };

export function insertMetricDef(db: DB, row: NewMetricRow) {
  return db.insertInto('metric_definitions').values(row).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
}

export function updateMetricDef(
  db: DB,
  id: string,
  patch: Partial<Pick<MetricRow, 'categories' | 'min' | 'max' | 'definition' | 'flow' | 'archived_at'>> & { updated_at: Date },
) {
  return db.updateTable('metric_definitions').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Which of these categories some effective value or recorded write still uses (index-backed). */
export async function categoriesInUse(db: DB, metricId: string, categories: string[]): Promise<string[]> {
  if (categories.length === 0) return [];
  const effective = await db
    .selectFrom('conversation_metrics')
    .select('value_text')
    .distinct()
    .where('metric_id', '=', metricId)
    .where('value_text', 'in', categories)
    .execute();
  const written = await db
    .selectFrom('metric_writes')
    .select('value')
    .distinct()
    .where('metric_id', '=', metricId)
    .where('value', 'in', categories.map((c) => JSON.stringify(c)))
    .execute();
  const used = new Set<string>(effective.map((r) => r.value_text ?? ''));
  for (const r of written) used.add(String(r.value));
  return categories.filter((c) => used.has(c));
}

/** How many effective values of a numeric metric lie outside [min, max]. */
export async function countOutside(db: DB, metricId: string, min: number | null, max: number | null): Promise<number> {
  if (min === null && max === null) return 0;
  const row = await db
    .selectFrom('conversation_metrics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('metric_id', '=', metricId)
    .where('value_num', 'is not', null)
    .where((eb) => eb.or([...(min !== null ? [eb('value_num', '<', min)] : []), ...(max !== null ? [eb('value_num', '>', max)] : [])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of definitions by name, after a keyset cursor (the unique (project_id, name) index). */
export function listMetricDefsPage(db: DB, projectId: string, opts: { after?: string | undefined; limit: number; includeArchived: boolean }) {
  let q = db.selectFrom('metric_definitions').selectAll().where('project_id', '=', projectId);
  if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
  if (opts.after !== undefined) q = q.where('name', '>', opts.after);
  return q.orderBy('name').limit(opts.limit).execute();
}
