/**
 * The offline engine on a why-question over 2,000 conversations, on the real PostgreSQL server
 * (database bench_offline, dropped afterwards), against a naive baseline in the same run.
 *
 *   engine:   the statistical engine as `sift ask` runs it (stratified sample of 250 + 250 through
 *             the sampling engine, indexed transcript reads, contrast, themes, quotes)
 *   baseline: the naive full scan: every conversation of both groups in the window, read whole
 *             with its transcript (no sample, no index-backed draw), then the same analysis
 *
 * Run: npx tsx bench/offline.ts   (figures are noisy: 2 cores, other work on the machine)
 */
import { sql } from 'kysely';
import { matchPlan } from '../src/analyst/planner/match.js';
import type { Plan } from '../src/analyst/contract.js';
import { contrast } from '../src/analyst/statistical/contrast.js';
import { coverThemes } from '../src/analyst/statistical/covering.js';
import { DEFAULT_SAMPLE, runStatistical } from '../src/analyst/statistical/engine.js';
import { drawAnalystSample } from '../src/analyst/llm/sample.js';
import type { ReadConversation } from '../src/analyst/statistical/features.js';
import { bootstrap } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { listMetricDefs } from '../src/db/metrics.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { loadTurns } from '../src/db/turns.js';
import { generateDemo } from '../src/demo/generate.js';
import { seedDemo } from '../src/demo/seed.js';
import type { Deps } from '../src/deps.js';
import { randomIds } from '../src/ids.js';
import { onServer, quantile } from './support.js';

const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'bench_offline';
const RUNS = 7;
const now = new Date('2026-06-15T12:00:00Z');

const admin = (statement: string) => onServer(BASE, statement);

async function naive(deps: Deps, projectId: string, plan: Plan, metricId: string) {
  // every row of both groups in the window, then every transcript: no sample
  const rows = await deps.db
    .selectFrom('conversation_metrics as cm')
    .innerJoin('conversations as c', (j) => j.onRef('c.project_id', '=', 'cm.project_id').onRef('c.id', '=', 'cm.conversation_id'))
    .select(['c.id', 'cm.value_text', 'c.handoff_to', 'c.handoff_reason'])
    .where('cm.metric_id', '=', metricId)
    .where('cm.started_at', '>=', new Date(plan.window.start))
    .where('cm.started_at', '<', new Date(plan.window.end))
    .execute();
  const turns = await loadTurns(deps.db, projectId, rows.map((r) => r.id));
  const convs: ReadConversation[] = rows.map((r) => ({
    id: r.id,
    group: r.value_text === 'false' ? 'failures' : 'successes',
    turns: turns.get(r.id) ?? [],
    handoff_to: r.handoff_to,
    handoff_reason: r.handoff_reason,
  }));
  return { n: convs.length, themes: coverThemes(contrast(convs), { maxPhrases: 2 }).length };
}

async function main() {
  await admin(`drop database if exists ${NAME} with (force)`);
  await admin(`create database ${NAME}`);
  const u = new URL(BASE);
  u.pathname = `/${NAME}`;
  const conn = await connect({ databaseUrl: u.toString(), dataDir: 'memory://', poolSize: 4 });
  try {
    await migrate(conn.db, await readMigrations());
    const config = loadConfig({ SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false' });
    const deps: Deps = { db: conn.db, config, clock: { now: () => now }, ids: randomIds, log: { debug() {}, info() {}, warn() {}, error() {} }, llm: null, fetch };
    const boot = await bootstrap(deps);
    // 4,000 calls over 60 days: about 2,000 in the 30-day window of the question
    await seedDemo(deps, boot.workspaceId, generateDemo({ seed: 7, now, count: 4000 }), 'bench');
    await sql`analyze`.execute(conn.db);
    const project = await conn.db.selectFrom('projects').selectAll().where('slug', '=', 'bench').executeTakeFirstOrThrow();
    const metrics = await listMetricDefs(conn.db, project.id);
    const question = 'why are calls failing authentication?';
    const plan = matchPlan(question, metrics, { now, maxWindowDays: 90 });
    if (plan.kind === 'clarification') throw new Error(plan.question);
    const metricId = metrics.find((m) => m.name === plan.metric)!.id;
    const inWindow = await conn.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', project.id)
      .where('started_at', '>=', new Date(plan.window.start))
      .where('started_at', '<', new Date(plan.window.end))
      .executeTakeFirstOrThrow();

    const engine: number[] = [];
    const draw: number[] = [];
    const base: number[] = [];
    let read = 0;
    let baseN = 0;
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const a = await runStatistical(deps, project, plan, question, { seed: i + 1 });
      engine.push(performance.now() - t);
      read = a.frame!.reduce((s, f) => s + f.sampled, 0);
      t = performance.now();
      await drawAnalystSample(deps, project, plan, { ...DEFAULT_SAMPLE, seed: i + 100 });
      draw.push(performance.now() - t);
      t = performance.now();
      baseN = (await naive(deps, project.id, plan, metricId)).n;
      base.push(performance.now() - t);
    }
    const p50e = quantile(engine, 0.5);
    const p50b = quantile(base, 0.5);
    console.log(`conversations in the window: ${Number(inWindow.n)}; with ${plan.metric} written: ${baseN}`);
    console.log(`offline engine (sample of ${read}): p50 ${p50e.toFixed(0)} ms, max ${Math.max(...engine).toFixed(0)} ms over ${RUNS} runs`);
    console.log(`  of which the stratified draw alone (sampling engine): p50 ${quantile(draw, 0.5).toFixed(0)} ms`);
    console.log(`naive full scan (${baseN} read whole): p50 ${p50b.toFixed(0)} ms, max ${Math.max(...base).toFixed(0)} ms`);
    console.log(`ratio: the engine takes ${(p50e / p50b).toFixed(2)}x the baseline's time (${(p50b / p50e).toFixed(1)}x faster); target: under 1000 ms -> ${p50e < 1000 ? 'met' : 'MISSED'}`);
  } finally {
    await conn.close();
    await admin(`drop database if exists ${NAME} with (force)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
