// Trend and summary latency over 1M conversations on real Postgres, against the plain aggregate
// over the raw rows that the rollup replaces, measured in the same run:
//   - trend: 90 daily buckets (Europe/London) of a boolean metric, through metricTrend();
//   - raw: the same counts by date_trunc('day', started_at AT TIME ZONE tz) over the raw rows
//     (conversation_metrics joined to conversations for the environment) plus conversations per
//     day for "not written";
//   - summary: every metric, 7 days against the 7 before;
//   - write cost: 100k metric rows inserted with the rollup triggers, and without them.
// Run: npx tsx bench/trends.ts   (real Postgres at DATABASE_URL or 127.0.0.1; own database,
// dropped at the end). Figures are noisy: 2 cores shared with other work.
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { randomIds } from '../src/ids.js';
import { projectSummary } from '../src/trends/summary.js';
import { metricTrend } from '../src/trends/trend.js';
import { onServer, quantile } from './support.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'bench_trends';
const N = Number(process.env.BENCH_CONVERSATIONS ?? 1_000_000);
const START = '2026-01-01T00:00:00Z';
const END = '2026-04-01T00:00:00Z';
const REPS = 30;

const admin = (statement: string) => onServer(SERVER, statement);

async function time(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  const r = { label, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
  console.log(`${label.padEnd(44)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms`);
  return r;
}

async function exists(): Promise<boolean> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  const r = await c.query('select 1 from pg_database where datname = $1', [DB_NAME]);
  await c.end();
  return r.rowCount === 1;
}

async function load(db: Awaited<ReturnType<typeof connect>>['db']) {
  await migrate(db, await readMigrations());
  await sql`insert into workspaces (id, name) values ('ws', 'bench')`.execute(db);
  await sql`insert into projects (id, workspace_id, slug, name) values ('prj', 'ws', 'bench', 'bench')`.execute(db);
  await sql`insert into metric_definitions (id, project_id, name, type, categories) values
    ('m_ok', 'prj', 'Resolved', 'boolean', null),
    ('m_reason', 'prj', 'Reason', 'categorical', array['billing', 'booking', 'other']),
    ('m_secs', 'prj', 'Handle time', 'numeric', null),
    ('m_extra', 'prj', 'Extra', 'boolean', null)`.execute(db);

  let t = performance.now();
  const chunk = 100_000;
  for (let from = 1; from <= N; from += chunk) {
    const to = Math.min(N, from + chunk - 1);
    // 1% sandbox, three channels, spread evenly over 90 days
    await sql`insert into conversations (project_id, id, environment, channel, started_at, ingested)
      select 'prj', 'c' || g, case when g % 100 = 0 then 'sandbox' else 'live' end, (array['voice', 'webchat', 'sms'])[1 + g % 3],
        ${START}::timestamptz + (g::float8 / ${N}) * interval '90 days', true
      from generate_series(${from}::int, ${to}::int) g`.execute(db);
    // the rate drifts down over time; 10% of conversations never write the boolean
    await sql`insert into conversation_metrics (project_id, metric_id, conversation_id, value_text, value_num, started_at, sample_key)
      select 'prj', m.id, 'c' || g,
        case m.id when 'm_ok' then (random() < 0.85 - 0.1 * g::float8 / ${N})::text when 'm_reason' then (array['billing', 'booking', 'other'])[1 + (g * 7) % 3] else null end,
        case m.id when 'm_secs' then 30 + random() * 300 else null end,
        ${START}::timestamptz + (g::float8 / ${N}) * interval '90 days', random()
      from generate_series(${from}::int, ${to}::int) g
      cross join (values ('m_ok'), ('m_reason'), ('m_secs')) m(id)
      where m.id <> 'm_ok' or g % 10 <> 0`.execute(db);
  }
  console.log(`loaded ${N} conversations and ${Math.round(N * 2.9)} metric values in ${((performance.now() - t) / 1000).toFixed(1)} s (rollup triggers on)`);
  t = performance.now();
  await sql`vacuum analyze`.execute(db);
  console.log(`vacuum analyze ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function main() {
  // BENCH_REUSE=1 times an existing bench_trends (left by BENCH_KEEP=1) instead of loading again
  const reuse = Boolean(process.env.BENCH_REUSE) && (await exists());
  if (!reuse) {
    await admin(`drop database if exists ${DB_NAME} with (force)`);
    await admin(`create database ${DB_NAME}`);
  }
  const url = new URL(SERVER);
  url.pathname = `/${DB_NAME}`;
  const conn = await connect({ databaseUrl: url.toString(), dataDir: 'memory://' });
  const db = conn.db;
  try {
    if (reuse) {
      const ran = await migrate(db, await readMigrations());
      await sql`vacuum analyze`.execute(db);
      console.log(`reusing ${DB_NAME}${ran.length ? `; applied ${ran.join(', ')}` : ''}`);
    } else await load(db);
    const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n;
    console.log(`${await count('conversations')} conversations; rollup rows: ${await count('trend_metric_slots')} metric slots, ${await count('trend_metric_totals')} metric totals\n`);

    const config = loadConfig({ DATABASE_URL: url.toString(), SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false' });
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    const deps: Deps = { db, config, clock: { now: () => new Date(END) }, ids: randomIds, log, llm: null, fetch: globalThis.fetch };
    const project = { id: 'prj', workspace_id: 'ws', slug: 'bench', name: 'bench', created_at: new Date() };
    const q = { interval: 'day' as const, tz: 'Europe/London', environment: 'live', start_time: '2026-01-01T00:00:00+00:00', end_time: '2026-03-31T23:00:00+01:00' };

    const check = await metricTrend(deps, project, 'Resolved', q);
    console.log(`trend buckets: ${check.buckets.length}; first ${JSON.stringify({ ...check.buckets[0], ci: undefined })}\n`);

    const trend = await time('trend, 90 daily buckets (rollup)', () => metricTrend(deps, project, 'Resolved', q));
    const raw = await time('raw aggregate over the rows (baseline)', async () => {
      await sql`select date_trunc('day', cm.started_at at time zone 'Europe/London') as d, cm.value_text, count(*)
        from conversation_metrics cm join conversations c on c.project_id = cm.project_id and c.id = cm.conversation_id
        where cm.metric_id = 'm_ok' and c.environment = 'live' and cm.started_at >= ${START} and cm.started_at < ${END}
        group by 1, 2`.execute(db);
      await sql`select date_trunc('day', started_at at time zone 'Europe/London') as d, count(*) from conversations
        where project_id = 'prj' and environment = 'live' and started_at >= ${START} and started_at < ${END} group by 1`.execute(db);
    });
    const rawIndex = await time('raw index-only, no environment filter', async () => {
      await sql`select date_trunc('day', started_at at time zone 'Europe/London') as d, value_text, count(*) from conversation_metrics
        where metric_id = 'm_ok' and value_text in ('true', 'false') and started_at >= ${START} and started_at < ${END} group by 1, 2`.execute(db);
      await sql`select date_trunc('day', started_at at time zone 'Europe/London') as d, count(*) from conversations
        where project_id = 'prj' and environment = 'live' and started_at >= ${START} and started_at < ${END} group by 1`.execute(db);
    });
    await time('trend, categorical, grouped by channel', () => metricTrend(deps, project, 'Reason', { ...q, group_by: 'channel' }));
    await time('trend, hourly, 14 days', () => metricTrend(deps, project, 'Resolved', { ...q, interval: 'hour', start_time: '2026-03-18T00:00:00Z' }));
    await time('trend, numeric (percentiles read raw rows)', () => metricTrend(deps, project, 'Handle time', q));
    const summary = await time('summary, all metrics, 7d vs previous 7d', () =>
      projectSummary(deps, project, { end: new Date(END), windowMs: 7 * 86_400_000, environment: 'live' }),
    );
    console.log(`\ntrend p95 ${trend.p95.toFixed(1)} ms (target < 100 ms); raw aggregate p95 ${raw.p95.toFixed(1)} ms: ${(raw.p95 / trend.p95).toFixed(0)}x; raw index-only p95 ${rawIndex.p95.toFixed(1)} ms: ${(rawIndex.p95 / trend.p95).toFixed(0)}x; summary p95 ${summary.p95.toFixed(1)} ms`);

    // write cost of the rollup: 100k new metric values with and without the triggers
    const insertExtra = () =>
      sql`insert into conversation_metrics (project_id, metric_id, conversation_id, value_text, started_at, sample_key)
        select 'prj', 'm_extra', 'c' || g, (g % 2 = 0)::text, ${START}::timestamptz + (g::float8 / ${N}) * interval '90 days', random()
        from generate_series(1, ${Math.min(N, 100_000)}::int) g`.execute(db);
    const w: Record<string, number> = {};
    for (const mode of ['off', 'on', 'off', 'on'] as const) {
      await sql`delete from conversation_metrics where metric_id = 'm_extra'`.execute(db);
      if (mode === 'off') await sql`alter table conversation_metrics disable trigger trend_cm_insert`.execute(db);
      const s = performance.now();
      await insertExtra();
      w[mode] = performance.now() - s;
      if (mode === 'off') await sql`alter table conversation_metrics enable trigger trend_cm_insert`.execute(db);
    }
    console.log(`insert ${Math.min(N, 100_000)} metric values: ${w.off!.toFixed(0)} ms without the rollup trigger, ${w.on!.toFixed(0)} ms with it (${(w.on! / w.off!).toFixed(2)}x)`);
    const single: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      await sql`update conversation_metrics set value_text = ${i % 2 === 0 ? 'false' : 'true'} where project_id = 'prj' and metric_id = 'm_ok' and conversation_id = ${`c${1 + i * 37}`}`.execute(db);
      single.push(performance.now() - s);
    }
    console.log(`single-row value change with the rollup: p50 ${quantile(single, 0.5).toFixed(2)} ms, p95 ${quantile(single, 0.95).toFixed(2)} ms`);
  } finally {
    await conn.close();
    if (!process.env.BENCH_KEEP) await admin(`drop database if exists ${DB_NAME} with (force)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
