import { describe, expect, it } from 'vitest';
import { createMetric } from '../../src/metrics/definitions.js';
import { applyWrites, type WriteInput } from '../../src/metrics/write.js';
import { testEnv } from '../support/deps.js';

// A write statement that Postgres picks as a deadlock victim is retried, but only so many times:
// under enough contention the retries run out and the client gets a 500 (CI saw one). Each
// batch runs here in a transaction of its own, where nothing retries it, so any deadlock
// between two write statements fails the test. Only a server has concurrent connections.
const env = await testEnv();
const db = env.deps.db;
const project = (await (await env.call('POST', '/v1/projects', { slug: 'locks', name: 'Locks' })).json()) as { id: string };
await createMetric(env.deps, project.id, { name: 'Auth: verified', type: 'boolean' });
await createMetric(env.deps, project.id, { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'] });
await createMetric(env.deps, project.id, { name: 'CSAT: score', type: 'numeric', min: 1, max: 5 });

/** Every batch at once, each in its own transaction (no retry); the reasons of those that failed. */
async function concurrently(batches: WriteInput[][]) {
  const settled = await Promise.allSettled(batches.map((w) => db.transaction().execute((tx) => applyWrites(tx, project.id, w))));
  return settled.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as Error).message)] : []));
}

describe.runIf(process.env.DATABASE_URL)('concurrent write statements never deadlock', () => {
  it('batches sharing (conversation, metric) pairs, some of them write_once', async () => {
    const names = ['Auth: verified', 'Auth: outcome', 'CSAT: score'];
    const value = (n: string, i: number) => (n === 'Auth: verified' ? i % 2 === 0 : n === 'Auth: outcome' ? ['verified', 'failed', 'partial'][i % 3] : (i % 5) + 1);
    const failures: string[] = [];
    for (let round = 0; round < 12; round++) {
      const convs = [0, 1, 2, 3].map((c) => `shared-${round}-${c}`);
      const batches = Array.from({ length: 8 }, (_, b) =>
        Array.from({ length: 24 }, (_, i) => {
          const k = (i * 7 + b * 5) % 12;
          const name = names[k % 3]!;
          return { conversationId: convs[Math.floor(k / 3)]!, name, value: value(name, i + b), writeOnce: (i + b) % 5 === 0 };
        }),
      );
      failures.push(...(await concurrently(batches)));
    }
    expect(failures).toEqual([]);
  });

  it('batches on different conversations that move the same trend counts in crossing orders', async () => {
    const values = ['failed', 'partial', 'verified'];
    const failures: string[] = [];
    for (let round = 0; round < 12; round++) {
      // each batch's conversations exist, half with an outcome already: the batch inserts some
      // values and changes others, so its trend triggers count up and down different values
      const batches: WriteInput[][] = [];
      for (let b = 0; b < 6; b++) {
        const ids = Array.from({ length: 6 }, (_, i) => `own-${round}-${b}-${i}`);
        await applyWrites(db, project.id, ids.map((id) => ({ conversationId: id, name: 'Auth: verified', value: true })));
        await applyWrites(db, project.id, ids.slice(3).map((id, i) => ({ conversationId: id, name: 'Auth: outcome', value: values[(b + i) % 3] })));
        batches.push(ids.map((id, i) => ({ conversationId: id, name: 'Auth: outcome', value: values[(b + i * 2 + (i < 3 ? 0 : 1)) % 3] })));
      }
      failures.push(...(await concurrently(batches)));
    }
    expect(failures).toEqual([]);
  });
});
