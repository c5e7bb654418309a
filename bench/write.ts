/**
 * Metric-write throughput over real HTTP against real Postgres, beside the raw insert rate of
 * the same rows measured in the same run (the ceiling).
 *
 *   npx tsx bench/write.ts [--singles 4000] [--clients 16] [--batches 16] [--batch-size 1000] [--rounds 2]
 *
 * Sift runs as its own process (src/runtime/node.ts on a loopback port, DATABASE_URL = a fresh
 * database bench_write). Every phase writes new (conversation, metric) pairs to conversations
 * that already exist, so both sides insert one metric_writes row and one conversation_metrics
 * row per write. The ceiling sends each row (or each batch) as ONE statement that inserts into
 * both tables: the fewest round trips and commits plain SQL can do. Sift also authenticates the
 * key, resolves the project, validates against the definitions and applies write_once rules.
 * The machine is shared (2 cores, other work running): figures are noisy; ratios are what count.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';

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

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  await c.query(sql);
  await c.end();
}

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

async function call(method: string, path: string, body: unknown) {
  const res = await fetch(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
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

const CEILING_SQL = (n: string) => `
  with w as (
    insert into metric_writes (project_id, conversation_id, metric_id, value, source, write_once, ignored, written_at)
    select $1, c, m, v::jsonb, null, false, false, now() from unnest(${n}) as t(c, m, v, vt, vn)
  )
  insert into conversation_metrics (project_id, metric_id, conversation_id, value_text, value_num, write_count, locked, started_at, sample_key, updated_at)
  select $1, m, c, vt, vn, 1, false, now(), random(), now() from unnest(${n}) as t(c, m, v, vt, vn)`;
const SINGLE_SQL = CEILING_SQL('array[$2::text], array[$3::text], array[$4::text], array[$5::text], array[$6::float8]');
const BATCH_SQL = CEILING_SQL('$2::text[], $3::text[], $4::text[], $5::text[], $6::float8[]');
const cols = (r: Row, ids: string[]) => [r.conv, ids[r.metric]!, JSON.stringify(r.value), typeof r.value === 'number' ? null : String(r.value), typeof r.value === 'number' ? r.value : null] as const;

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

    const singlesCeiling = async (prefix: string) => {
      const rows = rowsFor(prefix, SINGLES);
      await convsFor(prefix, SINGLES);
      return timed(SINGLES, rows.map((r) => () => pool.query(SINGLE_SQL, [project.id, ...cols(r, metricIds)])), CLIENTS);
    };
    const singlesHttp = async (prefix: string) => {
      const rows = rowsFor(prefix, SINGLES);
      await convsFor(prefix, SINGLES);
      return timed(SINGLES, rows.map((r) => () => call('POST', `/v1/projects/bench/conversations/${r.conv}/metrics`, { name: METRICS[r.metric]!.name, value: r.value })), CLIENTS);
    };
    const chunks = (rows: Row[]) => Array.from({ length: BATCHES }, (_, b) => rows.slice(b * BATCH, (b + 1) * BATCH));
    const batchCeiling = async (prefix: string) => {
      const rows = rowsFor(prefix, BATCHES * BATCH);
      await convsFor(prefix, rows.length);
      return timed(rows.length, chunks(rows).map((chunk) => () => {
        const c = chunk.map((r) => cols(r, metricIds));
        return pool.query(BATCH_SQL, [project.id, ...[0, 1, 2, 3, 4].map((k) => c.map((x) => x[k]))]);
      }), BATCH_CLIENTS);
    };
    const batchHttp = async (prefix: string) => {
      const rows = rowsFor(prefix, BATCHES * BATCH);
      await convsFor(prefix, rows.length);
      return timed(rows.length, chunks(rows).map((chunk) => () =>
        call('POST', '/v1/projects/bench/metric-writes', { writes: chunk.map((r) => ({ conversation_id: r.conv, name: METRICS[r.metric]!.name, value: r.value })) })), BATCH_CLIENTS);
    };

    await singlesHttp('warm');
    await singlesCeiling('warmc');
    const best = { sc: 0, sh: 0, bc: 0, bh: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // alternate which side goes first, so table growth and cache state do not favour one
      const order = round % 2 ? ['h', 'c'] : ['c', 'h'];
      for (const side of order) {
        if (side === 'c') best.sc = Math.max(best.sc, await singlesCeiling(`sc${round}`));
        else best.sh = Math.max(best.sh, await singlesHttp(`sh${round}`));
      }
      for (const side of order) {
        if (side === 'c') best.bc = Math.max(best.bc, await batchCeiling(`bc${round}`));
        else best.bh = Math.max(best.bh, await batchHttp(`bh${round}`));
      }
    }
    const line = (label: string, sift: number, ceiling: number, target: number) =>
      `${label.padEnd(44)} ${sift.toFixed(0).padStart(7)} writes/s   ceiling ${ceiling.toFixed(0).padStart(7)} rows/s   ${((100 * sift) / ceiling).toFixed(0).padStart(3)}% (target ${target}%)`;
    process.stdout.write(`\nMetric writes, best of ${ROUNDS} rounds (Postgres ${(await pool.query('show server_version')).rows[0].server_version}, pool ${POOL})\n`);
    process.stdout.write(`${line(`single writes, ${CLIENTS} concurrent clients`, best.sh, best.sc, 40)}\n`);
    process.stdout.write(`${line(`batches of ${BATCH}, ${BATCH_CLIENTS} concurrent clients`, best.bh, best.bc, 70)}\n`);
  } finally {
    await pool.end();
    sift.kill();
    await new Promise((r) => sift.once('exit', r));
    await admin('drop database if exists bench_write with (force)');
  }
}

await main();
