/**
 * Metric-write throughput over real HTTP against real Postgres, beside the raw insert rate of
 * the same rows measured in the same run (the ceiling).
 *
 *   npx tsx bench/write.ts [--singles 4000] [--clients 16] [--batches 16] [--batch-size 1000] [--rounds 2]
 *
 * Sift runs as its own process (src/runtime/node.ts on a loopback port, DATABASE_URL = a fresh
 * database bench_write). Every phase writes new (conversation, metric) pairs to conversations
 * that already exist, so every side inserts one metric_writes row and one conversation_metrics
 * row per write, with the same pool size and the same number of concurrent clients. The ceiling
 * is the plain INSERTs of those rows (two statements per write, or per batch of rows); a
 * stricter reference puts both INSERTs in one statement. Sift also authenticates the key,
 * resolves the project, checks each value against its definition and applies write_once.
 * The machine is shared (2 cores, other work running): figures are noisy; ratios are what count.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { onServer } from './support.js';

const { values: opt } = parseArgs({
  options: {
    singles: { type: 'string', default: '4000' },
    clients: { type: 'string', default: '16' },
    batches: { type: 'string', default: '16' },
    'batch-size': { type: 'string', default: '1000' },
    'batch-clients': { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    port: { type: 'string', default: '8797' },
  },
});
const SINGLES = Number(opt.singles);
const CLIENTS = Number(opt.clients);
const BATCHES = Number(opt.batches);
const BATCH = Number(opt['batch-size']);
const BATCH_CLIENTS = Number(opt['batch-clients']);
const ROUNDS = Number(opt.rounds);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_URL = Object.assign(new URL(SERVER), { pathname: '/bench_write' }).toString();
const KEY = 'sift_benchwrite_0123456789abcdefghijklmnop';
const BASE = `http://127.0.0.1:${opt.port}`;
// Pool size of the Sift process (src/db/connect.ts default); the ceiling gets the same.
const POOL = 10;

const METRICS = [
  { name: 'Auth: verified', type: 'boolean', value: (i: number) => i % 3 !== 0 },
  { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'], value: (i: number) => ['verified', 'failed', 'partial'][i % 3] },
  { name: 'CSAT: score', type: 'numeric', min: 1, max: 5, value: (i: number) => (i % 5) + 1 },
  { name: 'Booking: completed', type: 'boolean', value: (i: number) => i % 2 === 0 },
] as const;

interface Row { conv: string; metric: number; value: boolean | string | number }
/** n writes over n/4 conversations, each conversation getting each metric once. */
const rowsFor = (prefix: string, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ conv: `${prefix}-${Math.floor(i / METRICS.length)}`, metric: i % METRICS.length, value: METRICS[i % METRICS.length]!.value(i)! }));

const admin = (statement: string) => onServer(SERVER, statement);

async function startSift() {
  const child = spawn(process.execPath, [...process.execArgv, 'src/runtime/node.ts'], {
    env: { ...process.env, DATABASE_URL: DB_URL, PORT: opt.port, HOST: '127.0.0.1', SIFT_BOOTSTRAP_KEY: KEY, SIFT_DEMO: 'false', SIFT_SCHEDULER: 'false', SIFT_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${BASE}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('Sift did not become ready');
}

// node:http with keep-alive rather than fetch: on a 2-core machine the client's own CPU comes
// out of the server's share, and undici's fetch costs several times more per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function call(method: string, path: string, body: unknown): Promise<unknown> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${BASE}${path}`, { method, agent, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `tasks` with `concurrency` workers; returns rows per second. */
async function timed(count: number, tasks: (() => Promise<unknown>)[], concurrency: number) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
  return count / ((performance.now() - t0) / 1000);
}

// The ceiling, two ways. "plain": the two INSERT statements a hand-written writer would send
// (one round trip and one commit each). "one statement": both INSERTs in one statement, one
// round trip and one commit per write (or per batch): the fewest plain SQL can do.
const MW = 'insert into metric_writes (project_id, conversation_id, metric_id, value, source, write_once, ignored, written_at)';
const CM = 'insert into conversation_metrics (project_id, metric_id, conversation_id, value_text, value_num, write_count, locked, started_at, sample_key, updated_at)';
const PLAIN_MW = `${MW} select $1, c, m, v::jsonb, null, false, false, now() from unnest($2::text[], $3::text[], $4::text[]) as t(c, m, v)`;
const PLAIN_CM = `${CM} select $1, m, c, vt, vn, 1, false, now(), random(), now() from unnest($2::text[], $3::text[], $4::text[], $5::float8[]) as t(c, m, vt, vn)`;
const ONE_STATEMENT = `with w as (${PLAIN_MW.replace('$4::text[]', '$6::text[]')}) ${PLAIN_CM}`;
type Cols = [string[], string[], string[], (string | null)[], (number | null)[]];
function colsOf(rows: Row[], ids: string[]): Cols {
  const out: Cols = [[], [], [], [], []];
  for (const r of rows) {
    out[0].push(r.conv);
    out[1].push(ids[r.metric]!);
    out[2].push(JSON.stringify(r.value));
    out[3].push(typeof r.value === 'number' ? null : String(r.value));
    out[4].push(typeof r.value === 'number' ? r.value : null);
  }
  return out;
}
async function plainInsert(pool: pg.Pool, project: string, [c, m, v, vt, vn]: Cols) {
  await pool.query(PLAIN_MW, [project, c, m, v]);
  await pool.query(PLAIN_CM, [project, c, m, vt, vn]);
}
const oneStatement = (pool: pg.Pool, project: string, [c, m, v, vt, vn]: Cols) => pool.query(ONE_STATEMENT, [project, c, m, vt, vn, v]);

async function main() {
  await admin('drop database if exists bench_write with (force)');
  await admin('create database bench_write');
  const sift = await startSift();
  const pool = new pg.Pool({ connectionString: DB_URL, max: POOL });
  try {
    const project = (await call('POST', '/v1/projects', { slug: 'bench', name: 'Bench' })) as { id: string };
    for (const { value: _v, ...m } of METRICS) await call('POST', '/v1/projects/bench/metrics', m);
    const ids = (await pool.query<{ id: string; name: string }>('select id, name from metric_definitions')).rows;
    const metricIds = METRICS.map((m) => ids.find((r) => r.name === m.name)!.id);
    const convsFor = async (prefix: string, n: number) =>
      pool.query(`insert into conversations (project_id, id, started_at, ingested) select $1, $2 || '-' || g, now(), true from generate_series(0, $3) g`, [project.id, prefix, Math.ceil(n / METRICS.length)]);

    type Insert = (pool: pg.Pool, project: string, cols: Cols) => Promise<unknown>;
    const chunks = (rows: Row[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, b) => rows.slice(b * size, (b + 1) * size));
    const ceiling = async (prefix: string, n: number, size: number, clients: number, insert: Insert) => {
      const rows = rowsFor(prefix, n);
      await convsFor(prefix, n);
      return timed(n, chunks(rows, size).map((chunk) => () => insert(pool, project.id, colsOf(chunk, metricIds))), clients);
    };
    const singlesHttp = async (prefix: string) => {
      const rows = rowsFor(prefix, SINGLES);
      await convsFor(prefix, SINGLES);
      return timed(SINGLES, rows.map((r) => () => call('POST', `/v1/projects/bench/conversations/${r.conv}/metrics`, { name: METRICS[r.metric]!.name, value: r.value })), CLIENTS);
    };
    const batchHttp = async (prefix: string) => {
      const rows = rowsFor(prefix, BATCHES * BATCH);
      await convsFor(prefix, rows.length);
      return timed(rows.length, chunks(rows, BATCH).map((chunk) => () =>
        call('POST', '/v1/projects/bench/metric-writes', { writes: chunk.map((r) => ({ conversation_id: r.conv, name: METRICS[r.metric]!.name, value: r.value })) })), BATCH_CLIENTS);
    };
    const phases: Record<string, (prefix: string) => Promise<number>> = {
      singleSift: singlesHttp,
      singlePlain: (x) => ceiling(x, SINGLES, 1, CLIENTS, plainInsert),
      singleOne: (x) => ceiling(x, SINGLES, 1, CLIENTS, oneStatement),
      batchSift: batchHttp,
      batchPlain: (x) => ceiling(x, BATCHES * BATCH, BATCH, BATCH_CLIENTS, plainInsert),
      batchOne: (x) => ceiling(x, BATCHES * BATCH, BATCH, BATCH_CLIENTS, oneStatement),
    };

    // a table with statistics, as in steady state (a never-analysed table gets poor FK-check plans)
    await convsFor('seed', 20_000);
    await pool.query('analyze');
    await singlesHttp('warm');
    await phases.singlePlain!('warmc');
    const best: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      // rotate which side goes first, so table growth and cache state do not favour one
      for (const group of [['singleSift', 'singlePlain', 'singleOne'], ['batchSift', 'batchPlain', 'batchOne']]) {
        const order = group.map((_, i) => group[(i + round) % group.length]!);
        for (const name of order) best[name] = Math.max(best[name] ?? 0, await phases[name]!(`${name}${round}`));
      }
    }
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`;
    const out = [
      `\nMetric writes over HTTP, best of ${ROUNDS} rounds (Postgres ${(await pool.query('show server_version')).rows[0].server_version}, pool ${POOL} on both sides)`,
      `single writes, ${CLIENTS} concurrent clients`,
      `  Sift   POST /conversations/{id}/metrics   ${best.singleSift!.toFixed(0).padStart(6)} writes/s`,
      `  plain INSERT x2 per write (ceiling)      ${best.singlePlain!.toFixed(0).padStart(6)} rows/s   Sift = ${pct(best.singleSift!, best.singlePlain!)} (target 40%)`,
      `  both INSERTs in one statement           ${best.singleOne!.toFixed(0).padStart(6)} rows/s   Sift = ${pct(best.singleSift!, best.singleOne!)}`,
      `batches of ${BATCH}, ${BATCH_CLIENTS} concurrent clients`,
      `  Sift   POST /metric-writes               ${best.batchSift!.toFixed(0).padStart(6)} writes/s`,
      `  plain INSERT x2 per batch (ceiling)      ${best.batchPlain!.toFixed(0).padStart(6)} rows/s   Sift = ${pct(best.batchSift!, best.batchPlain!)} (target 70%)`,
      `  both INSERTs in one statement           ${best.batchOne!.toFixed(0).padStart(6)} rows/s   Sift = ${pct(best.batchSift!, best.batchOne!)}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await pool.end();
    agent.destroy();
    sift.kill();
    await new Promise((r) => sift.once('exit', r));
    await admin('drop database if exists bench_write with (force)');
  }
}

await main();
