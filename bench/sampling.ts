/**
 * Stratified sampling on real Postgres: 1M conversations in three strata of "Auth: outcome"
 * (verified 60%, failed 25%, partial 15%), all inside the default 30-day window. Times a 50 + 50
 * sample (failures = failed + partial vs successes = verified) through drawSample, end to end
 * (counts, draw, storing the sample, loading the members without transcripts), and the same
 * two strata drawn with ORDER BY random() in the same run. Figures are noisy: 2 cores shared.
 *
 *   npx tsx bench/sampling.ts            (BENCH_ROWS=1000000, BENCH_RUNS=200)
 */
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { connect, type DB } from '../src/db/connect.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { randomIds } from '../src/ids.js';
import { drawSample } from '../src/sampling/draw.js';
import { selectSample } from '../src/sampling/select.js';
import { onServer, quantile } from './support.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'bench_sampling';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 10);
const NOW = new Date('2026-06-15T12:00:00Z');

const admin = (statement: string) => onServer(SERVER, statement);

const ms = (x: number) => `${x.toFixed(2)} ms`;

async function setup(db: DB) {
  const t0 = performance.now();
  await sql`insert into workspaces (id, name) values ('ws_bench', 'bench')`.execute(db);
  await sql`insert into projects (id, workspace_id, slug, name) values ('prj_bench', 'ws_bench', 'bench', 'bench')`.execute(db);
  await sql`insert into metric_definitions (id, project_id, name, type, categories)
  values ('met_outcome', 'prj_bench', 'Auth: outcome', 'categorical', array['verified','failed','partial'])`.execute(db);
  // 1M conversations over the last 29 days, all live; sample_key is the column default random()
  await sql`insert into conversations (project_id, id, environment, channel, started_at, ingested, num_turns)
  select 'prj_bench', 'c' || lpad(i::text, 8, '0'), 'live', 'voice',
     ${NOW}::timestamptz - (i % (29 * 86400)) * interval '1 second', true, 6
  from generate_series(1, ${ROWS}) as i`.execute(db);
  await sql`insert into conversation_metrics (project_id, metric_id, conversation_id, value_text, started_at, sample_key)
  select c.project_id, 'met_outcome', c.id,
     case when r < 0.60 then 'verified' when r < 0.85 then 'failed' else 'partial' end,
     c.started_at, c.sample_key
  from (select *, random() as r from conversations) c`.execute(db);
  await sql`vacuum analyze`.execute(db);
  console.log(`setup: ${ROWS} conversations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function main() {
  // BENCH_REUSE=1 keeps the data of a previous BENCH_KEEP=1 run (setup takes minutes)
  const reuse = Boolean(process.env.BENCH_REUSE);
  if (!reuse) {
    await admin(`drop database if exists ${NAME} with (force)`);
    await admin(`create database ${NAME}`);
  }
  const url = new URL(SERVER);
  url.pathname = `/${NAME}`;
  const conn = await connect({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 4 });
  const db = conn.db;
  try {
    await migrate(db, await readMigrations());
    if (!reuse) await setup(db);

    const deps: Deps = {
      db,
      config: loadConfig({ SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false' }),
      clock: { now: () => NOW },
      ids: randomIds,
      log: { debug() {}, info() {}, warn() {}, error() {} },
      llm: null,
      fetch,
    };
    const project = { id: 'prj_bench', workspace_id: 'ws_bench', slug: 'bench', name: 'bench', created_at: NOW };
    const request = {
      metric: 'Auth: outcome',
      per_stratum: 50,
      strata: [
        { label: 'failures', values: ['failed', 'partial'] },
        { label: 'successes', values: ['verified'] },
      ],
    };

    for (let i = 0; i < 5; i++) await drawSample(deps, project, { ...request, seed: 1_000_000 + i }, { turns: false }); // warm-up
    const times: number[] = [];
    let frame = null;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const s = await drawSample(deps, project, { ...request, seed: i }, { turns: false });
      times.push(performance.now() - t);
      frame = s.frame;
    }

    // the draw alone (population estimates and seeded arcs), without storing or loading members
    const selectTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await selectSample(deps, project, { ...request, seed: i });
      selectTimes.push(performance.now() - t);
    }
    // the machine's floor: one trivial round trip
    const floor: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await sql`select 1`.execute(db);
      floor.push(performance.now() - t);
    }

    const start = new Date(NOW.getTime() - 30 * 86_400_000);
    const baseline: number[] = [];
    for (let i = 0; i < BASELINE_RUNS; i++) {
      const t = performance.now();
      for (const values of [['failed', 'partial'], ['verified']]) {
        await sql`select count(*) from conversation_metrics cm join conversations c on c.project_id = cm.project_id and c.id = cm.conversation_id
          where cm.metric_id = 'met_outcome' and cm.value_text in (${sql.join(values)}) and cm.started_at >= ${start} and cm.started_at < ${NOW}
            and c.environment = 'live'`.execute(db);
        await sql`select cm.conversation_id from conversation_metrics cm join conversations c on c.project_id = cm.project_id and c.id = cm.conversation_id
          where cm.metric_id = 'met_outcome' and cm.value_text in (${sql.join(values)}) and cm.started_at >= ${start} and cm.started_at < ${NOW}
            and c.environment = 'live'
          order by random() limit 50`.execute(db);
      }
      baseline.push(performance.now() - t);
    }

    const p50 = quantile(times, 0.5);
    const p95 = quantile(times, 0.95);
    const b50 = quantile(baseline, 0.5);
    console.log(`frame: ${JSON.stringify(frame)}`);
    console.log(`drawSample 50 + 50 (${RUNS} seeds): p50 ${ms(p50)}, p95 ${ms(p95)}`);
    console.log(`draw only (selectSample, no storage): p50 ${ms(quantile(selectTimes, 0.5))}, p95 ${ms(quantile(selectTimes, 0.95))}`);
    console.log(`round-trip floor (select 1): p50 ${ms(quantile(floor, 0.5))}, p95 ${ms(quantile(floor, 0.95))}`);
    console.log(`ORDER BY random() baseline, same strata with counts (${BASELINE_RUNS} runs): p50 ${ms(b50)}, p95 ${ms(quantile(baseline, 0.95))}`);
    console.log(`ratio (baseline p50 / drawSample p50): ${(b50 / p50).toFixed(1)}x; targets p95 < 20 ms and >= 50x`);
  } finally {
    await conn.close();
    if (!process.env.BENCH_KEEP) await admin(`drop database if exists ${NAME} with (force)`);
  }
}

await main();
