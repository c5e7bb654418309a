import pg from 'pg';
import { createApp } from '/work/main/src/app.js';
import { bootstrap } from '/work/main/src/bootstrap.js';
import { loadConfig } from '/work/main/src/config.js';
import { connect } from '/work/main/src/db/connect.js';
import { migrate, readMigrations } from '/work/main/src/db/migrate.js';
import { randomIds } from '/work/main/src/ids.js';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query('drop database if exists scratch_a with (force)');
await admin.query('create database scratch_a');
await admin.query(`alter database scratch_a set session_preload_libraries = 'auto_explain'`);
await admin.query(`alter database scratch_a set log_min_duration_statement = -1`);
await admin.query(`alter database scratch_a set auto_explain.log_analyze = on`);
await admin.query(`alter database scratch_a set auto_explain.log_triggers = on`);
const conn = await connect({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/scratch_a', dataDir: 'x' });
await migrate(conn.db, await readMigrations());
const config = loadConfig({ SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false', SIFT_BOOTSTRAP_KEY: 'sift_benchwrite_0123456789abcdefghijklmnop' });
const deps = { db: conn.db, config, clock: { now: () => new Date() }, ids: randomIds, log: { debug() {}, info() {}, warn() {}, error() {} }, llm: null, fetch };
const boot = await bootstrap(deps as any);
const app = createApp(deps as any);
const call = async (m: string, p: string, b: unknown) => app.request(p, { method: m, headers: { authorization: `Bearer ${boot.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(b) });
await call('POST', '/v1/projects', { slug: 'bench', name: 'b' });
await call('POST', '/v1/projects/bench/metrics', { name: 'A', type: 'boolean' });
await call('POST', '/v1/projects/bench/metrics', { name: 'B', type: 'numeric' });
for (let k = 0; k < 6; k++) {
  if (k === 1) await admin.query('select 1'), await (await import('kysely')).sql`analyze`.execute(conn.db);
  const writes = Array.from({ length: 1000 }, (_, i) => ({ conversation_id: `c${k}-${i >> 1}`, name: i % 2 ? 'B' : 'A', value: i % 2 ? i : true }));
  const t0 = performance.now();
  const r = await call('POST', '/v1/projects/bench/metric-writes', { writes });
  await r.text();
  console.log('batch ms', (performance.now() - t0).toFixed(0), r.status);
}
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) await (await call('POST', `/v1/projects/bench/conversations/s${k}-${i}/metrics`, { name: 'A' })).text();
  console.log('100 singles ms', (performance.now() - t0).toFixed(0));
}
await conn.close();
await admin.end();
