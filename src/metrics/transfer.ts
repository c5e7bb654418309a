import { z } from 'zod';
import { categoriesInUse, countOutside, listMetricDefs, type MetricRow } from '../db/metrics.js';
import { AppError, fromZod, type FieldError } from '../errors.js';
import { ImportedMetric, type ImportedMetricInput } from './definition-schema.js';
import { insertDefinition, presentMetric, setArchived, updateMetric, type MetricDeps } from './definitions.js';
import { lintNames, type LintWarning } from './lint.js';
import { toExported, type ExportedMetric } from './transfer-format.js';

export async function exportDefinitions(deps: Pick<MetricDeps, 'db'>, projectId: string): Promise<{ version: 1; metrics: ExportedMetric[] }> {
  const rows = await listMetricDefs(deps.db, projectId, { includeArchived: true });
  return { version: 1, metrics: rows.map((r) => toExported(presentMetric(r))) };
}

const ImportDocument = z.object({ version: z.literal(1).optional(), metrics: z.array(z.unknown()).max(1000) });

export interface ImportReport {
  dry_run: boolean;
  created: string[];
  changed: { name: string; fields: string[] }[];
  unchanged: string[];
  refused: { name: string | null; errors: FieldError[] }[];
  /** metrics in the project that the file does not mention; import leaves them alone */
  unlisted: string[];
  warnings: LintWarning[];
}

type Step = { kind: 'create'; item: ImportedMetricInput } | { kind: 'change'; item: ImportedMetricInput; row: MetricRow; fields: string[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What would change on an existing metric, or why it cannot. */
async function diff(deps: MetricDeps, row: MetricRow, item: ImportedMetricInput, at: string): Promise<{ fields: string[]; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const fields: string[] = [];
  if (item.type !== row.type) errors.push({ pointer: `${at}/type`, detail: `type is fixed once created (it is ${row.type})` });
  if (!same(item.definition ?? '', row.definition)) fields.push('definition');
  if (!same(item.flow, row.flow)) fields.push('flow');
  if (row.type === 'categorical' && item.categories && !same(item.categories, row.categories)) {
    const used = await categoriesInUse(deps.db, row.id, (row.categories ?? []).filter((c) => !item.categories!.includes(c)));
    if (used.length) errors.push({ pointer: `${at}/categories`, detail: `cannot remove ${used.map((c) => `"${c}"`).join(', ')}: recorded values use them`, in_use: used });
    fields.push('categories');
  }
  if (row.type === 'numeric' && (!same(item.min, row.min) || !same(item.max, row.max))) {
    const outside = await countOutside(deps.db, row.id, item.min ?? null, item.max ?? null);
    if (outside) errors.push({ pointer: `${at}/min`, detail: `${outside} recorded value(s) lie outside the new bounds` });
    fields.push(...(['min', 'max'] as const).filter((k) => !same(item[k], row[k])));
  }
  if ((item.archived ?? false) !== Boolean(row.archived_at)) fields.push('archived');
  return { fields, errors };
}

/**
 * Imports definitions: creates the new, changes what may change, refuses the rest. All or
 * nothing: one refusal applies nothing (422 with the report); a dry run only reports.
 */
export async function importDefinitions(deps: MetricDeps, projectId: string, doc: unknown, opts: { dryRun: boolean; pointer?: string }): Promise<ImportReport> {
  const base = opts.pointer ?? '/body';
  const parsed = ImportDocument.safeParse(doc);
  if (!parsed.success) throw fromZod(parsed.error, base, 'definitions file');
  const existing = new Map((await listMetricDefs(deps.db, projectId, { includeArchived: true })).map((r) => [r.name, r]));
  const report: ImportReport = { dry_run: opts.dryRun, created: [], changed: [], unchanged: [], refused: [], unlisted: [], warnings: [] };
  const steps: Step[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of parsed.data.metrics.entries()) {
    const at = `${base}/metrics/${i}`;
    const rawName = typeof (raw as { name?: unknown })?.name === 'string' ? (raw as { name: string }).name : null;
    const item = ImportedMetric.safeParse(raw);
    if (!item.success) {
      report.refused.push({ name: rawName, errors: fromZod(item.error, at).errors ?? [] });
      continue;
    }
    const m = item.data;
    if (seen.has(m.name)) {
      report.refused.push({ name: m.name, errors: [{ pointer: `${at}/name`, detail: `"${m.name}" appears more than once in the file` }] });
      continue;
    }
    seen.add(m.name);
    const row = existing.get(m.name);
    if (!row) {
      steps.push({ kind: 'create', item: m });
      report.created.push(m.name);
      continue;
    }
    const { fields, errors } = await diff(deps, row, m, at);
    if (errors.length) report.refused.push({ name: m.name, errors });
    else if (fields.length) {
      steps.push({ kind: 'change', item: m, row, fields });
      report.changed.push({ name: m.name, fields });
    } else report.unchanged.push(m.name);
  }
  report.unlisted = [...existing.keys()].filter((n) => !seen.has(n));
  report.warnings = lintNames([...new Set([...existing.values()].filter((r) => !r.archived_at).map((r) => r.name).concat(report.created))]);
  if (opts.dryRun) return report;
  if (report.refused.length) {
    throw new AppError('unprocessable', `${report.refused.length} metric(s) refused; nothing was imported`, {
      errors: report.refused.flatMap((r) => r.errors),
      extra: { report },
    });
  }
  await deps.db.transaction().execute(async (tx) => {
    const txDeps = { ...deps, db: tx };
    for (const s of steps) await applyStep(txDeps, projectId, s);
  });
  return report;
}

async function applyStep(deps: MetricDeps, projectId: string, s: Step) {
  const { archived, ...def } = s.item;
  if (s.kind === 'create') {
    await insertDefinition(deps, projectId, def);
    if (archived) await setArchived(deps, projectId, def.name, true);
    return;
  }
  const patch = {
    ...(s.fields.includes('definition') ? { definition: def.definition ?? '' } : {}),
    ...(s.fields.includes('flow') ? { flow: def.flow ?? null } : {}),
    ...(s.fields.includes('categories') ? { categories: def.categories } : {}),
    ...(s.fields.includes('min') ? { min: def.min ?? null } : {}),
    ...(s.fields.includes('max') ? { max: def.max ?? null } : {}),
  };
  if (Object.keys(patch).length) await updateMetric(deps, projectId, def.name, patch);
  if (s.fields.includes('archived')) await setArchived(deps, projectId, def.name, archived ?? false);
}
