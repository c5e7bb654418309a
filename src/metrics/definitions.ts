import type { DB } from '../db/connect.js';
import { categoriesInUse, countOutside, findMetricDef, insertMetricDef, listMetricDefs, updateMetricDef, type MetricRow } from '../db/metrics.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { CreateMetricInput, Metric, PatchMetricInput } from './definition-schema.js';
import { lintFor, type LintWarning } from './lint.js';

export type MetricDeps = Pick<Deps, 'db' | 'ids' | 'clock'>;

export function presentMetric(row: MetricRow): Metric {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    categories: row.categories,
    min: row.min,
    max: row.max,
    definition: row.definition,
    flow: row.flow,
    archived_at: row.archived_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Creates a definition (409 if the name exists, archived or not) and lints the name against the project. */
export async function createMetric(deps: MetricDeps, projectId: string, input: CreateMetricInput): Promise<{ metric: Metric; warnings: LintWarning[] }> {
  const metric = await insertDefinition(deps, projectId, input);
  const names = (await listMetricDefs(deps.db, projectId)).map((m) => m.name);
  return { metric, warnings: lintFor(metric.name, names) };
}

/** Creates a definition without linting (imports lint once at the end). */
export async function insertDefinition(deps: MetricDeps, projectId: string, input: CreateMetricInput): Promise<Metric> {
  const row = await insertMetricDef(deps.db, {
    id: deps.ids.make('met'),
    project_id: projectId,
    name: input.name,
    type: input.type,
    categories: input.categories ?? null,
    min: input.min ?? null,
    max: input.max ?? null,
    definition: input.definition ?? '',
    flow: input.flow ?? null,
  });
  if (!row) throw new AppError('conflict', `A metric named "${input.name}" already exists in this project (archived metrics keep their names)`);
  return presentMetric(row);
}


export async function getMetric(db: DB, projectId: string, name: string): Promise<MetricRow> {
  const row = await findMetricDef(db, projectId, name);
  if (!row) throw new AppError('not_found', `No metric named "${name}" in this project`);
  return row;
}

const field = (name: string, detail: string, extra: Record<string, unknown> = {}) =>
  new AppError('unprocessable', detail, { errors: [{ pointer: `/body/${name}`, detail, ...extra }] });

/**
 * Edits what may change: definition, flow, categories (added freely, removed only while no
 * effective value or recorded write uses them) and numeric bounds (only if every effective
 * value stays inside). Name and type are fixed.
 */
export async function updateMetric(deps: MetricDeps, projectId: string, name: string, patch: PatchMetricInput): Promise<Metric> {
  const row = await getMetric(deps.db, projectId, name);
  if (patch.name !== undefined && patch.name !== row.name) throw field('name', 'name is fixed once a metric is created; create a new metric and archive this one');
  if (patch.type !== undefined && patch.type !== row.type) throw field('type', `type is fixed once a metric is created (this one is ${row.type})`);
  const set: Parameters<typeof updateMetricDef>[2] = { updated_at: deps.clock.now() };
  if (patch.definition !== undefined) set.definition = patch.definition;
  if (patch.flow !== undefined) set.flow = patch.flow;
  if (patch.categories !== undefined) {
    if (row.type !== 'categorical') throw field('categories', `only a categorical metric has categories (this one is ${row.type})`);
    const removed = (row.categories ?? []).filter((c) => !patch.categories!.includes(c));
    const used = await categoriesInUse(deps.db, row.id, removed);
    if (used.length) {
      throw field('categories', `cannot remove ${used.map((c) => `"${c}"`).join(', ')}: recorded values use ${used.length > 1 ? 'them' : 'it'}`, { in_use: used });
    }
    set.categories = patch.categories;
  }
  if (patch.min !== undefined || patch.max !== undefined) {
    if (row.type !== 'numeric') throw field(patch.min !== undefined ? 'min' : 'max', `only a numeric metric has min and max (this one is ${row.type})`);
    const min = patch.min !== undefined ? patch.min : row.min;
    const max = patch.max !== undefined ? patch.max : row.max;
    if (min !== null && max !== null && min > max) throw field('max', `must be at least min (${min})`);
    const outside = await countOutside(deps.db, row.id, min, max);
    if (outside) throw field(patch.min !== undefined ? 'min' : 'max', `${outside} recorded value(s) lie outside [${min ?? '-∞'}, ${max ?? '∞'}]`);
    set.min = min;
    set.max = max;
  }
  return presentMetric(await updateMetricDef(deps.db, row.id, set));
}

/** Archived metrics refuse new writes and keep their history; unarchiving reopens them. */
export async function setArchived(deps: MetricDeps, projectId: string, name: string, archived: boolean): Promise<Metric> {
  const row = await getMetric(deps.db, projectId, name);
  if (Boolean(row.archived_at) === archived) return presentMetric(row);
  return presentMetric(await updateMetricDef(deps.db, row.id, { archived_at: archived ? deps.clock.now() : null, updated_at: deps.clock.now() }));
}
