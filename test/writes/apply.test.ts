import { describe, expect, it } from 'vitest';
import { createMetric } from '../../src/metrics/definitions.js';
import { applyWrites } from '../../src/metrics/write.js';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
const project = (await (await env.call('POST', '/v1/projects', { slug: 'apply', name: 'Apply' })).json()) as { id: string };
const db = env.deps.db;
await createMetric(env.deps, project.id, { name: 'Auth: verified', type: 'boolean' });
await createMetric(env.deps, project.id, { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'] });
await createMetric(env.deps, project.id, { name: 'CSAT: score', type: 'numeric', min: 1, max: 5 });

const effective = (conv: string) =>
  db.selectFrom('conversation_metrics as cm').innerJoin('metric_definitions as d', 'd.id', 'cm.metric_id')
    .select(['d.name', 'cm.value_text', 'cm.value_num', 'cm.write_count', 'cm.locked'])
    .where('cm.project_id', '=', project.id).where('cm.conversation_id', '=', conv).orderBy('d.name').execute();

describe('applyWrites (domain)', () => {
  it('applies a batch in one go, replaying write_once and repeats in order', async () => {
    const res = await applyWrites(db, project.id, [
      { conversationId: 'c1', name: 'Auth: verified' },
      { conversationId: 'c1', name: 'Auth: outcome', value: 'failed', writeOnce: true },
      { conversationId: 'c1', name: 'Auth: outcome', value: 'verified' },
      { conversationId: 'c1', name: 'CSAT: score', value: 2 },
      { conversationId: 'c1', name: 'CSAT: score', value: 4 },
      { conversationId: 'c2', name: 'CSAT: score', value: 3 },
    ]);
    expect(res.map((r) => r.ok && r.ignored)).toEqual([false, false, true, false, false, false]);
    expect(res[2]).toMatchObject({ ignored_reason: 'locked' });
    const ids = res.map((r) => (r.ok ? r.id : 0));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(await effective('c1')).toEqual([
      { name: 'Auth: outcome', value_text: 'failed', value_num: null, write_count: 1, locked: true },
      { name: 'Auth: verified', value_text: 'true', value_num: null, write_count: 1, locked: false },
      { name: 'CSAT: score', value_text: null, value_num: 4, write_count: 2, locked: false },
    ]);
    const again = await applyWrites(db, project.id, [
      { conversationId: 'c1', name: 'CSAT: score', value: 5, writeOnce: true },
      { conversationId: 'c1', name: 'CSAT: score', value: 1 },
      { conversationId: 'c1', name: 'Auth: outcome', value: 'partial' },
    ]);
    expect(again.map((r) => r.ok && r.ignored_reason)).toEqual(['write_once_existing_value', null, 'locked']);
    const rows = await effective('c1');
    expect(rows.find((r) => r.name === 'CSAT: score')).toMatchObject({ value_num: 1, write_count: 3 });
  });

  it('with atomic: false applies the valid writes and reports the others', async () => {
    const res = await applyWrites(db, project.id, [
      { conversationId: 'n1', name: 'CSAT: score', value: 4, source: 'import' },
      { conversationId: 'n1', name: 'CSAT: score', value: 40 },
      { conversationId: 'n2', name: 'Nope' },
      { conversationId: '', name: 'Auth: verified' },
    ], { atomic: false, pointer: (i, f) => `/rows/${i}/${f}` });
    expect(res[0]).toMatchObject({ ok: true, ignored: false, source: 'import' });
    expect(res.slice(1).map((r) => !r.ok && r.errors[0]!.pointer)).toEqual(['/rows/1/value', '/rows/2/name', '/rows/3/conversation_id']);
    expect(await effective('n1')).toEqual([{ name: 'CSAT: score', value_text: null, value_num: 4, write_count: 1, locked: false }]);
    expect(await db.selectFrom('conversations').select('id').where('id', '=', 'n2').execute()).toEqual([]);
  });

  it('keeps historical write times and starts a new conversation at its first write', async () => {
    const at = new Date('2026-01-02T03:04:05Z');
    await applyWrites(db, project.id, [
      { conversationId: 'h1', name: 'Auth: verified', at: new Date(at.getTime() + 5000) },
      { conversationId: 'h1', name: 'CSAT: score', value: 3, at },
    ]);
    const conv = await db.selectFrom('conversations').select(['started_at', 'ingested']).where('id', '=', 'h1').executeTakeFirstOrThrow();
    expect(conv).toEqual({ started_at: at, ingested: false });
    const times = await db.selectFrom('metric_writes').select('written_at').where('conversation_id', '=', 'h1').orderBy('id').execute();
    expect(times.map((t) => t.written_at.toISOString())).toEqual(['2026-01-02T03:04:10.000Z', '2026-01-02T03:04:05.000Z']);
  });

  it('works inside a transaction the caller holds, and rolls back with it', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await applyWrites(tx, project.id, [{ conversationId: 't1', name: 'Auth: verified' }]);
        throw new Error('caller fails later');
      }),
    ).rejects.toThrow('caller fails later');
    expect(await db.selectFrom('metric_writes').select('id').where('conversation_id', '=', 't1').execute()).toEqual([]);
    await db.transaction().execute((tx) => applyWrites(tx, project.id, [{ conversationId: 't1', name: 'Auth: verified' }]));
    expect(await effective('t1')).toHaveLength(1);
  });
});
