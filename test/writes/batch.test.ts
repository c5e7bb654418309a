import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
await env.call('POST', '/v1/projects', { slug: 'batch', name: 'Batch' });
for (const m of [
  { name: 'Auth: verified', type: 'boolean' },
  { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'] },
  { name: 'CSAT: score', type: 'numeric', min: 1, max: 5 },
]) {
  await env.call('POST', '/v1/projects/batch/metrics', m);
}
const db = env.deps.db;
const batch = (writes: object[], headers: Record<string, string> = {}) => env.call('POST', '/v1/projects/batch/metric-writes', { writes }, undefined, headers);
const count = async (table: 'metric_writes' | 'conversation_metrics' | 'conversations') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('POST /metric-writes', () => {
  it('applies writes across conversations and reports each one', async () => {
    const res = await batch([
      { conversation_id: 'b1', name: 'Auth: verified' },
      { conversation_id: 'b2', name: 'Auth: outcome', value: 'failed', write_once: true },
      { conversation_id: 'b2', name: 'Auth: outcome', value: 'verified' },
      { conversation_id: 'b1', name: 'CSAT: score', value: 4, source: 'survey' },
    ]);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.applied).toBe(3);
    expect(body.ignored).toBe(1);
    expect(body.data.map((d: { conversation_id: string; ignored: boolean }) => [d.conversation_id, d.ignored])).toEqual([
      ['b1', false],
      ['b2', false],
      ['b2', true],
      ['b1', false],
    ]);
    expect(body.data[3].source).toBe('survey');
  });

  it('is all or nothing: one bad item writes nothing and every bad item is reported with its pointer', async () => {
    const before = [await count('metric_writes'), await count('conversation_metrics'), await count('conversations')];
    const res = await batch([
      { conversation_id: 'atom-1', name: 'Auth: verified' },
      { conversation_id: 'atom-2', name: 'CSAT: score', value: 9 },
      { conversation_id: 'atom-3', name: 'Auth: outcome', value: 'verified' },
      { conversation_id: 'atom-4', name: 'Auth: verifed' },
    ]);
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.detail).toContain('2 of 4 writes are invalid; nothing was written');
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/writes/1/value', '/body/writes/3/name']);
    expect(problem.errors[1].closest).toContain('Auth: verified');
    expect([await count('metric_writes'), await count('conversation_metrics'), await count('conversations')]).toEqual(before);
  });

  it('refuses an empty batch, more than 1,000 writes, and a malformed item with 400', async () => {
    expect((await batch([])).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ conversation_id: `x${i}`, name: 'Auth: verified' }));
    const res = await batch(tooMany);
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].pointer).toBe('/body/writes');
    const shape = await batch([{ name: 'Auth: verified' }]);
    expect((await shape.json()).errors[0].pointer).toBe('/body/writes/0/conversation_id');
  });

  it('takes 1,000 writes in one request', async () => {
    const writes = Array.from({ length: 1000 }, (_, i) => ({ conversation_id: `k${i % 250}`, name: i % 2 ? 'CSAT: score' : 'Auth: verified', value: i % 2 ? (i % 5) + 1 : i % 3 === 0 }));
    const res = await batch(writes);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.applied).toBe(1000);
    const ids = body.data.map((d: { id: number }) => d.id);
    expect([...ids].sort((a: number, b: number) => a - b)).toEqual(ids);
    const k1 = await db
      .selectFrom('conversation_metrics as cm')
      .innerJoin('metric_definitions as d', 'd.id', 'cm.metric_id')
      .select(['cm.value_num', 'cm.write_count'])
      .where('cm.conversation_id', '=', 'k1')
      .where('d.name', '=', 'CSAT: score')
      .executeTakeFirstOrThrow();
    // k1 gets i = 1, 251, 501, 751: the last one (751 % 5 + 1 = 2) is effective
    expect(k1).toEqual({ value_num: 2, write_count: 4 });
  });

  it('replays a batch retried with the same Idempotency-Key', async () => {
    const writes = [{ conversation_id: 'ib', name: 'CSAT: score', value: 3 }];
    const first = await batch(writes, { 'idempotency-key': 'batch-1' });
    const again = await batch(writes, { 'idempotency-key': 'batch-1' });
    expect(await again.json()).toEqual(await first.json());
    expect((await db.selectFrom('metric_writes').select('id').where('conversation_id', '=', 'ib').execute()).length).toBe(1);
    expect((await batch([{ conversation_id: 'ib', name: 'CSAT: score', value: 4 }], { 'idempotency-key': 'batch-1' })).status).toBe(422);
  });

  it('keeps concurrent writers to one new conversation consistent', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        env.call('POST', '/v1/projects/batch/conversations/race/metrics', i % 3 === 0 ? { name: 'Auth: outcome', value: 'verified', write_once: true } : { name: 'CSAT: score', value: (i % 5) + 1 }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const bodies = await Promise.all(results.map((r) => r.json()));
    const once = bodies.filter((b) => b.name === 'Auth: outcome');
    expect(once.filter((b) => !b.ignored)).toHaveLength(1);
    const rows = await db.selectFrom('conversation_metrics').select(['write_count', 'locked', 'value_text']).where('conversation_id', '=', 'race').execute();
    expect(rows.map((r) => r.write_count).sort()).toEqual([1, 8]);
    expect(await db.selectFrom('metric_writes').select('id').where('conversation_id', '=', 'race').execute()).toHaveLength(12);
    expect(await db.selectFrom('conversations').select('id').where('id', '=', 'race').execute()).toHaveLength(1);
  });
});

describe('concurrent overlapping batches', () => {
  it('stay consistent: every effective value matches the writes recorded as applied', async () => {
    const convs = ['o1', 'o2', 'o3', 'o4'];
    const names = ['Auth: verified', 'Auth: outcome', 'CSAT: score'];
    const value = (n: string, i: number) => (n === 'Auth: verified' ? i % 2 === 0 : n === 'Auth: outcome' ? ['verified', 'failed', 'partial'][i % 3] : (i % 5) + 1);
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 24 }, (_, i) => {
        const k = (i * 7 + b * 5) % 12;
        const name = names[k % 3]!;
        return { conversation_id: convs[Math.floor(k / 3)]!, name, value: value(name, i + b), write_once: (i + b) % 5 === 0 };
      }),
    );
    const results = await Promise.all(batches.map((w) => batch(w)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const applied = await db
      .selectFrom('metric_writes')
      .select(['conversation_id', 'metric_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('conversation_id', 'in', convs)
      .where('ignored', '=', false)
      .groupBy(['conversation_id', 'metric_id'])
      .execute();
    const cms = await db.selectFrom('conversation_metrics').select(['conversation_id', 'metric_id', 'write_count', 'locked', 'value_text', 'value_num']).where('conversation_id', 'in', convs).execute();
    expect(cms).toHaveLength(12);
    for (const cm of cms) {
      const n = applied.find((a) => a.conversation_id === cm.conversation_id && a.metric_id === cm.metric_id)?.n;
      expect(Number(n)).toBe(cm.write_count);
      const last = await db
        .selectFrom('metric_writes')
        .select(['value', 'write_once'])
        .where('conversation_id', '=', cm.conversation_id)
        .where('metric_id', '=', cm.metric_id)
        .where('ignored', '=', false)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(cm.value_num ?? cm.value_text).toEqual(typeof last.value === 'number' ? last.value : String(last.value));
      expect(cm.locked).toBe(last.write_once);
    }
  });
});
