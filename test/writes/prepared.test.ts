import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { connect } from '../../src/db/connect.js';
import { preparingPool, prepared } from '../../src/db/prepared.js';
import { createMetric } from '../../src/metrics/definitions.js';
import { applyWrites } from '../../src/metrics/write.js';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
const project = (await (await env.call('POST', '/v1/projects', { slug: 'prep', name: 'Prepared' })).json()) as { id: string };
await createMetric(env.deps, project.id, { name: 'Auth: verified', type: 'boolean' });
await createMetric(env.deps, project.id, { name: 'CSAT: score', type: 'numeric', min: 1, max: 5 });

describe('named prepared statements', () => {
  it('sends a marked statement under its name and leaves every other query alone', () => {
    const pool = new EventEmitter() as unknown as pg.Pool;
    preparingPool(pool);
    const sent: unknown[][] = [];
    const client = { query: (...args: unknown[]) => sent.push(args) };
    pool.emit('connect', client);
    const marked = `${prepared('apply_metric_writes').compile(env.deps.db).sql}select $1`;
    client.query(marked, [1]);
    client.query('select $1', [2]);
    expect(sent).toEqual([[{ name: 'apply_metric_writes', text: marked, values: [1] }], ['select $1', [2]]]);
    expect(() => prepared('Bad name')).toThrow(/snake_case/);
  });

  it.runIf(process.env.DATABASE_URL)('keeps the write statements prepared on the connection that ran them, with every batch size', async () => {
    await env.deps.db.connection().execute(async (db) => {
      for (const [i, n] of [1, 7, 300, 2].entries()) {
        const writes = Array.from({ length: n }, (_, j) => ({ conversationId: `b${i}-${j}`, name: 'CSAT: score', value: (j % 5) + 1 }));
        const res = await applyWrites(db, project.id, writes);
        expect(res.filter((r) => r.ok && !r.ignored)).toHaveLength(n);
      }
      // a pair written twice, and a write_once write, take the replaying statements, each under its own name
      const twice = await applyWrites(db, project.id, [1, 2].map((value) => ({ conversationId: 'b0-0', name: 'CSAT: score', value })));
      expect(twice.map((r) => r.ok && !r.ignored)).toEqual([true, true]);
      const once = await applyWrites(db, project.id, [{ conversationId: 'b0-0', name: 'Auth: verified', writeOnce: true }]);
      expect(once[0]).toMatchObject({ ok: true, ignored: false });
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db);
      expect(rows.map((r) => r.name)).toEqual(['apply_metric_writes', 'apply_metric_writes_once', 'apply_metric_writes_one_per_pair']);
    });
  });

  it.runIf(process.env.DATABASE_URL)('sends it unnamed with SIFT_PREPARED_STATEMENTS=false (for poolers that cannot keep prepared statements)', async () => {
    expect(loadConfig({ SIFT_PREPARED_STATEMENTS: 'false' }).SIFT_PREPARED_STATEMENTS).toBe(false);
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(env.deps.db);
    const url = Object.assign(new URL(process.env.DATABASE_URL!), { pathname: `/${rows[0]!.name}` }).toString();
    const conn = await connect({ databaseUrl: url, dataDir: 'memory://', poolSize: 1, preparedStatements: false });
    try {
      const res = await applyWrites(conn.db, project.id, [{ conversationId: 'unnamed', name: 'CSAT: score', value: 3 }]);
      expect(res[0]).toMatchObject({ ok: true, ignored: false });
      const names = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(conn.db);
      expect(names.rows).toEqual([]);
    } finally {
      await conn.close();
    }
  });
});
