import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { CliContext } from '../context.js';
import { parse, UsageError } from '../context.js';
import { api, ApiError, request } from '../http.js';

export const summary = 'list, lint, export and import metric definitions';

const USAGE = `sift metrics list --project P [--archived]
sift metrics lint --project P
sift metrics export --project P [--format yaml|json] [--out FILE]
sift metrics import FILE --project P [--dry-run]      (YAML, or JSON when FILE ends in .json)`;

interface Report {
  dry_run: boolean;
  created: string[];
  changed: { name: string; fields: string[] }[];
  unchanged: string[];
  refused: { name: string | null; errors: { pointer: string; detail: string }[] }[];
  unlisted: string[];
  warnings: { rule: string; message: string }[];
}

const base = (project: string) => `/v1/projects/${encodeURIComponent(project)}/metrics`;

function need(project: string | undefined): string {
  if (!project) throw new UsageError(`--project is required\n\n${USAGE}`);
  return project;
}

function printReport(ctx: CliContext, r: Report) {
  const w = (s: string) => ctx.out.write(`${s}\n`);
  w(r.dry_run ? 'Dry run: nothing was changed.' : r.refused.length ? 'Refused: nothing was imported.' : 'Imported.');
  for (const n of r.created) w(`  + create    ${n}`);
  for (const c of r.changed) w(`  ~ change    ${c.name} (${c.fields.join(', ')})`);
  for (const n of r.unchanged) w(`  = unchanged ${n}`);
  for (const f of r.refused) for (const e of f.errors) w(`  ! refuse    ${f.name ?? '(unnamed)'}: ${e.pointer} ${e.detail}`);
  for (const n of r.unlisted) w(`  ? not in file (left alone) ${n}`);
  for (const x of r.warnings) w(`  warning [${x.rule}] ${x.message}`);
}

async function importFile(ctx: CliContext, file: string, project: string, dryRun: boolean): Promise<number> {
  let doc: unknown;
  try {
    const text = await readFile(file, 'utf8');
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const report = await api<Report>(ctx, 'POST', `${base(project)}/import${dryRun ? '?dry_run=true' : ''}`, doc);
    printReport(ctx, report);
    return report.refused.length ? 1 : 0;
  } catch (e) {
    const report = e instanceof ApiError ? (e.problem as { report?: Report } | null)?.report : undefined;
    if (!report) throw e;
    printReport(ctx, report);
    return 1;
  }
}

export async function run(ctx: CliContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  const { values, positionals } = parse(
    rest,
    { project: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'dry-run': { type: 'boolean' }, archived: { type: 'boolean' } },
    USAGE,
  );
  if (sub === 'list') {
    const qs = values.archived ? '?include_archived=true&limit=500' : '?limit=500';
    let path: string | null = `${base(need(values.project))}${qs}`;
    while (path) {
      const page: { data: { name: string; type: string; categories: string[] | null; archived_at: string | null }[]; next_cursor: string | null } = await api(ctx, 'GET', path);
      for (const m of page.data) ctx.out.write(`${m.name}  (${m.type}${m.categories ? `: ${m.categories.join(' | ')}` : ''})${m.archived_at ? '  [archived]' : ''}\n`);
      path = page.next_cursor ? `${base(values.project!)}${qs}&cursor=${page.next_cursor}` : null;
    }
    return 0;
  }
  if (sub === 'lint') {
    const { warnings } = await api<{ warnings: { rule: string; message: string }[] }>(ctx, 'GET', `${base(need(values.project))}/lint`);
    for (const w of warnings) ctx.out.write(`[${w.rule}] ${w.message}\n`);
    if (!warnings.length) ctx.out.write('No naming warnings.\n');
    return 0;
  }
  if (sub === 'export') {
    const format = values.format ?? 'yaml';
    if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json\n\n${USAGE}`);
    const text = await (await request(ctx, 'GET', `${base(need(values.project))}/export?format=${format}`)).text();
    if (values.out) {
      await writeFile(values.out, text);
      ctx.err.write(`Wrote ${values.out}\n`);
    } else ctx.out.write(text);
    return 0;
  }
  if (sub === 'import') {
    const file = positionals[0];
    if (!file) throw new UsageError(`import needs a FILE\n\n${USAGE}`);
    return importFile(ctx, file, need(values.project), values['dry-run'] ?? false);
  }
  throw new UsageError(USAGE);
}
