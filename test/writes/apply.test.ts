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
});
