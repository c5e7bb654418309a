import { runImport, type ImportClient, type RemoteMetric } from '../../conversations/import/run.js';
import { parse, UsageError, type CliContext } from '../context.js';
import { api } from '../http.js';
import { progressBar } from '../progress.js';

export const summary = 'load conversations and their metrics from JSON or JSONL';

const USAGE = `sift import FILE --project P [--create-metrics] [--restart] [--concurrency N] [--source NAME]

Loads conversations from JSONL (one per line) or JSON (an array, or PolyAI's {"conversations": [...]}),
in Sift's shape ({id, started_at, turns: [{role, text}], metrics: {NAME: value}}) or as PolyAI
Conversations API v3 exports (turns as user_input / agent_response pairs).

  --project P         project id or slug (required)
  --create-metrics    define metrics the project lacks, inferring the type from the values seen
  --restart           ignore the checkpoint of an interrupted run and start from the first line
  --concurrency N     requests in flight (default 8)
  --source NAME       source recorded on each metric write (default "import")`;

function httpClient(ctx: CliContext, project: string): ImportClient {
  const p = `/v1/projects/${encodeURIComponent(project)}`;
  return {
    async listMetrics() {
      const out: RemoteMetric[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: RemoteMetric[]; next_cursor: string | null } = await api(ctx, 'GET', `${p}/metrics?include_archived=true&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
        out.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor);
      return out;
    },
    async createMetric(body) {
      await api(ctx, 'POST', `${p}/metrics`, body);
    },
    async setCategories(name, categories) {
      await api(ctx, 'PATCH', `${p}/metrics/${encodeURIComponent(name)}`, { categories });
    },
    async putConversation(id, body) {
      await api(ctx, 'PUT', `${p}/conversations/${encodeURIComponent(id)}`, body);
    },
    async writeMetrics(writes, key) {
      await api(ctx, 'POST', `${p}/metric-writes`, { writes }, { 'idempotency-key': key });
    },
  };
}

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(
    ctx.argv,
    {
      project: { type: 'string' },
      'create-metrics': { type: 'boolean', default: false },
      restart: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '8' },
      source: { type: 'string', default: 'import' },
      help: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (values.help) {
    ctx.out.write(`${USAGE}\n`);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(`Pass exactly one FILE.\n\n${USAGE}`);
  if (!values.project) throw new UsageError(`--project is required.\n\n${USAGE}`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be an integer from 1 to 64');

  let bar = progressBar(ctx.err, ctx.tty, 'import', null);
  const result = await runImport(httpClient(ctx, values.project), {
    file,
    project: values.project,
    createMetrics: values['create-metrics'],
    restart: values.restart,
    concurrency,
    source: values.source,
    onTotal: (total) => (bar = progressBar(ctx.err, ctx.tty, 'import', total)),
    onProgress: (done) => bar.update(done),
    onReject: (line, id, reason) => ctx.err.write(`${ctx.tty ? '\r\x1b[K' : ''}rejected line ${line}${id ? ` (${id})` : ''}: ${reason}\n`),
    onNote: (text) => ctx.err.write(`${text}\n`),
  });
  bar.done(`${result.imported} imported, ${result.rejected} rejected${result.skipped ? `, ${result.skipped} skipped (already done)` : ''}, ${result.writes} metric writes`);
  return result.rejected ? 1 : 0;
}
