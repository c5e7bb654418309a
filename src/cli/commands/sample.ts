import { parse, UsageError, wholeNumber, type CliContext } from '../context.js';
import { api, request } from '../http.js';

export const summary = 'draw a stratified sample by metric value (or fetch/export a stored one)';

const USAGE = `sift sample --project P --metric NAME --per-stratum N [options]
sift sample --project P --id SAMPLE_ID [--format json|ndjson|csv]

Draws a stratified sample over HTTP (POST /v1/projects/P/samples), stores it, and prints its id,
seed, sampling frame and members. The same --seed on the same data draws the same sample.

  --metric NAME            the metric whose values make the strata
  --per-stratum N          draw N from each stratum (allocation "fixed")
  --allocation A --total N "equal" or "proportional" split of N over the strata
  --seed S                 reproducible draws (default: random, printed)
  --stratum VALUE          one stratum per value (repeatable; true/false for boolean metrics)
  --group LABEL=V1,V2      a named group of values as one stratum (repeatable)
  --range [LABEL=]MIN..MAX a numeric range [MIN, MAX), either end may be empty (repeatable)
  --include-not-written    add a stratum of conversations without the metric
  --start ISO --end ISO    time window (default: the last 30 days)
  --environment E          default live
  --channel C              repeatable
  --filter JSON            a metric filter {"metric","op","value"} (repeatable)
  --with-transcript | --without-transcript
  --min-turns N
  --format F               table (default), json, ndjson or csv
  --id SAMPLE_ID           fetch a stored sample instead of drawing one`;

const OPTIONS = {
  project: { type: 'string' },
  metric: { type: 'string' },
  'per-stratum': { type: 'string' },
  allocation: { type: 'string' },
  total: { type: 'string' },
  seed: { type: 'string' },
  stratum: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  range: { type: 'string', multiple: true },
  'include-not-written': { type: 'boolean' },
  start: { type: 'string' },
  end: { type: 'string' },
  environment: { type: 'string' },
  channel: { type: 'string', multiple: true },
  filter: { type: 'string', multiple: true },
  'with-transcript': { type: 'boolean' },
  'without-transcript': { type: 'boolean' },
  'min-turns': { type: 'string' },
  format: { type: 'string' },
  id: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const scalar = (v: string): string | boolean => (v === 'true' ? true : v === 'false' ? false : v);
const num = (v: string, flag: string) => {
  if (v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${flag}: "${v}" is not a number`);
  return n;
};

function strata(values: ReturnType<typeof parse<typeof OPTIONS>>['values']) {
  const out: unknown[] = [];
  for (const s of values.stratum ?? []) out.push(scalar(s));
  for (const g of values.group ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(g);
    if (!m) throw new UsageError(`--group must look like LABEL=V1,V2 (got "${g}")`);
    out.push({ label: m[1]!.trim(), values: m[2]!.split(',').map((v) => scalar(v.trim())) });
  }
  for (const r of values.range ?? []) {
    const m = /^(?:([^=]+)=)?(-?[\d.]*)\.\.(-?[\d.]*)$/.exec(r);
    if (!m) throw new UsageError(`--range must look like [LABEL=]MIN..MAX (got "${r}")`);
    const min = num(m[2]!, '--range');
    const max = num(m[3]!, '--range');
    out.push({ ...(m[1] ? { label: m[1].trim() } : {}), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
  }
  return out.length ? out : undefined;
}

export async function run(ctx: CliContext): Promise<number> {
  const { values } = parse(ctx.argv, OPTIONS, USAGE);
  if (values.help) {
    ctx.out.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.project) throw new UsageError(`--project is required\n\n${USAGE}`);
  const format = values.format ?? 'table';
  if (!['table', 'json', 'ndjson', 'csv'].includes(format)) throw new UsageError(`--format must be table, json, ndjson or csv (got "${format}")`);
  const base = `/v1/projects/${encodeURIComponent(values.project)}/samples`;

  let sample: SampleReply;
  if (values.id) sample = await api<SampleReply>(ctx, 'GET', `${base}/${encodeURIComponent(values.id)}`);
  else {
    if (!values.metric) throw new UsageError(`--metric is required\n\n${USAGE}`);
    if (values['with-transcript'] && values['without-transcript']) throw new UsageError('--with-transcript and --without-transcript exclude each other');
    const filters = (values.filter ?? []).map((f) => {
      try {
        return JSON.parse(f) as unknown;
      } catch {
        throw new UsageError(`--filter must be JSON like {"metric":"CSAT","op":"gte","value":4} (got ${f})`);
      }
    });
    const seed = values.seed === undefined ? undefined : /^\d{1,15}$/.test(values.seed) ? Number(values.seed) : values.seed;
    const body = {
      metric: values.metric,
      ...(seed !== undefined ? { seed } : {}),
      ...(values.allocation ? { allocation: values.allocation } : {}),
      ...(values['per-stratum'] !== undefined ? { per_stratum: wholeNumber('per-stratum', values['per-stratum']) } : {}),
      ...(values.total !== undefined ? { total: wholeNumber('total', values.total) } : {}),
      ...(strata(values) ? { strata: strata(values) } : {}),
      ...(values['include-not-written'] ? { include_not_written: true } : {}),
      ...(values.start ? { start_time: values.start } : {}),
      ...(values.end ? { end_time: values.end } : {}),
      ...(values.environment ? { environment: values.environment } : {}),
      ...(values.channel ? { channel: values.channel } : {}),
      ...(filters.length ? { filters } : {}),
      ...(values['with-transcript'] ? { transcript: true } : values['without-transcript'] ? { transcript: false } : {}),
      ...(values['min-turns'] !== undefined ? { min_turns: wholeNumber('min-turns', values['min-turns']) } : {}),
    };
    sample = await api<SampleReply>(ctx, 'POST', base, body);
  }

  if (format === 'json') ctx.out.write(`${JSON.stringify(sample, null, 2)}\n`);
  else if (format === 'ndjson' || format === 'csv') {
    const res = await request(ctx, 'GET', `${base}/${encodeURIComponent(sample.id)}/export?format=${format}`);
    ctx.out.write(await res.text());
  } else ctx.out.write(table(sample));
  return 0;
}

interface SampleReply {
  id: string;
  seed: number | string;
  metric: string;
  window: { start: string; end: string };
  frame: { value: string; population: number; sampled: number; inclusion_probability: number; weight: number }[];
  conversations: { id: string; stratum: string; erased: boolean; metrics: Record<string, unknown> }[];
}

function table(s: SampleReply): string {
  const lines = [`sample ${s.id}  seed ${JSON.stringify(s.seed)}  metric "${s.metric}"  window ${s.window.start} .. ${s.window.end}`, ''];
  const w = Math.max(7, ...s.frame.map((f) => f.value.length));
  lines.push(`${'stratum'.padEnd(w)}  population  sampled  inclusion  weight`);
  for (const f of s.frame) {
    lines.push(
      `${f.value.padEnd(w)}  ${String(f.population).padStart(10)}  ${String(f.sampled).padStart(7)}  ${f.inclusion_probability.toFixed(4).padStart(9)}  ${f.weight.toFixed(2).padStart(6)}`,
    );
  }
  lines.push('');
  for (const c of s.conversations) {
    const value = c.erased ? '(erased)' : JSON.stringify(c.metrics[s.metric] ?? null);
    lines.push(`${c.stratum.padEnd(w)}  ${c.id}  ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
