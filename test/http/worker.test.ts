import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import worker from '../../src/runtime/worker.js';
import { freshDatabase } from '../support/db.js';

/** A stand-in for the Workers ExecutionContext that lets the test await waitUntil work. */
function context() {
  const pending: Promise<unknown>[] = [];
  return { ctx: { waitUntil: (p: Promise<unknown>) => void pending.push(p) }, settle: () => Promise.all(pending) };
}

describe('Cloudflare Workers entry', () => {
  it('bundles without PGlite or the Node-only database code (what wrangler would bundle)', async () => {
    const node = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
    const out = await build({
      entryPoints: ['src/runtime/worker.ts'],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      external: [...node, 'cloudflare:*'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs).toContain('src/runtime/worker.ts');
    expect(inputs.some((i) => i.includes('node_modules/pg/'))).toBe(true);
    expect(inputs.filter((i) => /pglite|src\/db\/connect\.ts|src\/db\/migrate\.ts|src\/runtime\/node\.ts/.test(i))).toEqual([]);
  });

  it('answers 500 naming the missing database binding', async () => {
    const { ctx } = context();
    const res = await worker.fetch(new Request('http://sift.test/healthz'), { SIFT_LOG_LEVEL: 'silent' }, ctx);
    expect(res.status).toBe(500);
    expect((await res.json()).detail).toMatch(/HYPERDRIVE.*DATABASE_URL/);
  });

  it.runIf(process.env.DATABASE_URL)('serves the API from Postgres per request, bootstrapping SIFT_BOOTSTRAP_KEY, and closes the connection', async () => {
    const conn = await freshDatabase();
    const name = (await sql<{ d: string }>`select current_database() as d`.execute(conn.db)).rows[0]!.d;
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const key = 'worker-bootstrap-secret-0123456789';
    // Hyperdrive's binding wins over a DATABASE_URL variable
    const env = { HYPERDRIVE: { connectionString: url.toString() }, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SIFT_BOOTSTRAP_KEY: key, SIFT_LOG_LEVEL: 'silent' };
    try {
      const a = context();
      const ready = await worker.fetch(new Request('http://sift.test/readyz'), env, a.ctx);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      await a.settle();

      const b = context();
      const created = await worker.fetch(
        new Request('http://sift.test/v1/projects', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'edge', name: 'Edge' }) }),
        env,
        b.ctx,
      );
      expect(created.status).toBe(201);
      // the connection closes once the body has been read (Workers always reads it)
      expect((await created.json()).slug).toBe('edge');
      await b.settle();
      const list = await (await worker.fetch(new Request('http://sift.test/v1/projects', { headers: { 'x-api-key': key } }), env, b.ctx)).json();
      expect(list.data.map((p: { slug: string }) => p.slug)).toEqual(['edge']);
      await b.settle();

      // the cron trigger sweeps due digests (none here) on its own connection
      const c = context();
      await worker.scheduled({ scheduledTime: Date.now(), cron: '*/5 * * * *' }, env, c.ctx);
      await c.settle();

      // every connection the requests opened is closed again
      const open = async () =>
        (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = ${name} and application_name = 'sift-worker'`.execute(conn.db)).rows[0]!.n;
      for (let i = 0; i < 50 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await open()).toBe(0);
    } finally {
      await conn.close();
    }
  });
});
