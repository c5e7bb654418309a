import { once } from 'node:events';
import { parse, UsageError, type CliContext } from '../context.js';
import { api, request } from '../http.js';
import { progressBar } from '../progress.js';

export const summary = 'stream conversations as NDJSON or CSV';

const USAGE = `sift export --project P [--format ndjson|csv] [filters] > FILE

Streams every matching conversation (the same filters and visibility as the list endpoint).
Progress goes to stderr, data to stdout.

  --project P                  project id or slug (required)
  --format ndjson|csv          default ndjson
  --view NAME                  start from a saved view's filters
  --start ISO / --end ISO      started_at range (end exclusive)
  --environment E              live (default), sandbox or pre-release
  --channel C                  voice, webchat, chat or sms (repeatable)
  --in-progress true|false
  --handoff true|false         --handoff-destination D  --handoff-reason R
  --metric 'NAME=VALUE'        equality on a metric (repeatable)
  --filter JSON                e.g. '[{"metric":"CSAT: score","op":"lt","value":3}]'
  --query TEXT                 full-text search over transcripts; --query-role user|agent
  --max-rows N                 stop after N rows`;

const OPTIONS = {
  project: { type: 'string' },
  format: { type: 'string', default: 'ndjson' },
  view: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  environment: { type: 'string' },
  channel: { type: 'string', multiple: true },
  'in-progress': { type: 'string' },
  handoff: { type: 'string' },
  'handoff-destination': { type: 'string' },
  'handoff-reason': { type: 'string' },
  metric: { type: 'string', multiple: true },
  filter: { type: 'string' },
  query: { type: 'string' },
  'query-role': { type: 'string' },
  'max-rows': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** CLI flags as the export endpoint's query string; the server validates every value. */
export function exportQuery(v: Values, base = ''): URLSearchParams {
  const q = new URLSearchParams(base);
  const set = (key: string, value: string | undefined) => value !== undefined && q.set(key, value);
  set('format', v.format);
  set('start_time', v.start);
  set('end_time', v.end);
  set('environment', v.environment);
  for (const c of v.channel ?? []) q.append('channel', c);
  set('in_progress', v['in-progress']);
  set('handoff', v.handoff);
  set('handoff_destination', v['handoff-destination']);
  set('handoff_reason', v['handoff-reason']);
  for (const m of v.metric ?? []) {
    const i = m.indexOf('=');
    if (i < 1) throw new UsageError(`--metric takes NAME=VALUE (got "${m}")`);
    q.append(`metric[${m.slice(0, i)}]`, m.slice(i + 1));
  }
  set('filter', v.filter);
  set('query', v.query);
  set('query_role', v['query-role']);
  set('max_rows', v['max-rows']);
  return q;
}

async function viewQuery(ctx: CliContext, project: string, name: string): Promise<string> {
  const views: { data: { name: string; query: string }[] } = await api(ctx, 'GET', `/v1/projects/${encodeURIComponent(project)}/views`);
  const view = views.data.find((x) => x.name === name);
  if (!view) throw new UsageError(`No saved view named "${name}" (have: ${views.data.map((x) => x.name).join(', ') || 'none'})`);
  return view.query;
}

export async function run(ctx: CliContext): Promise<number> {
  const { values } = parse(ctx.argv, OPTIONS, USAGE);
  if (values.help) {
    ctx.out.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.project) throw new UsageError(`--project is required.\n\n${USAGE}`);
  if (values.format !== 'ndjson' && values.format !== 'csv') throw new UsageError('--format must be ndjson or csv');
  const base = values.view ? await viewQuery(ctx, values.project, values.view) : '';
  const qs = exportQuery(values, base);
  const res = await request(ctx, 'GET', `/v1/projects/${encodeURIComponent(values.project)}/conversations/export?${qs}`, undefined, { 'accept-encoding': 'gzip' });
  const withheld = res.headers.get('sift-withheld');
  if (withheld && withheld !== '{}') ctx.err.write(`withheld: ${withheld}\n`);

  const bar = progressBar(ctx.err, ctx.tty, 'export', null);
  const newline = values.format === 'csv' ? '\r\n' : '\n';
  let rows = values.format === 'csv' ? -1 : 0;
  const decoder = new TextDecoder();
  // fetch undoes the gzip; rows are counted by record terminators as they pass
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    rows += decoder.decode(chunk, { stream: true }).split(newline).length - 1;
    if (!ctx.out.write(chunk)) await once(ctx.out, 'drain');
    bar.update(Math.max(0, rows));
  }
  bar.done(`${Math.max(0, rows)} conversations`);
  return 0;
}
