import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fixedClock, testEnv } from '../support/deps.js';

// The rollup behind trends is kept by triggers; this drives the real write paths (metric
// writes, conversation upserts, erasure) and compares the trend with the raw rows each time.
const env = await testEnv({ clock: fixedClock(new Date('2026-06-20T00:00:00Z')) });
await env.call('POST', '/v1/projects', { slug: 'wp', name: 'Write path' });
await env.call('POST', '/v1/projects/wp/metrics', { name: 'Auth: verified', type: 'boolean' });
await env.call('POST', '/v1/projects/wp/metrics', { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed'] });

const put = (id: string, body: object) =>
  env.call('PUT', `/v1/projects/wp/conversations/${id}`, { turns: [{ role: 'user', text: 'hello' }], ...body });
const writes = (w: object[]) => env.call('POST', '/v1/projects/wp/metric-writes', { writes: w });
const trend = async (env_ = 'live') =>
  (await (await env.call('GET', `/v1/projects/wp/metrics/Auth%3A%20verified/trend?interval=day&start_time=2026-06-01T00:00:00Z&end_time=2026-06-04T00:00:00Z&environment=${env_}`)).json()) as {
    buckets: { counts: { true: number; false: number }; not_written: number; conversations: number }[];
  };
async function raw(environment: string) {
  const { rows } = await sql<{ d: string; v: string; n: number }>`
    select to_char(cm.started_at at time zone 'UTC', 'YYYY-MM-DD') as d, cm.value_text as v, count(*)::int as n
    from conversation_metrics cm join conversations c on c.project_id = cm.project_id and c.id = cm.conversation_id
    join metric_definitions m on m.id = cm.metric_id
    where m.name = 'Auth: verified' and c.environment = ${environment} group by 1, 2 order by 1, 2`.execute(env.deps.db);
  return rows;
}
const asRows = (t: Awaited<ReturnType<typeof trend>>) =>
  t.buckets.flatMap((b, i) =>
    (['false', 'true'] as const).filter((v) => b.counts[v] > 0).map((v) => ({ d: `2026-06-0${i + 1}`, v, n: b.counts[v] })),
  );

describe('trend rollup under the real write paths', () => {
  it('matches the raw rows after writes, overwrites, moves and erasure', async () => {
    expect((await put('a', { started_at: '2026-06-01T10:00:00Z', channel: 'voice' })).status).toBeLessThan(300);
    expect((await put('b', { started_at: '2026-06-01T11:00:00Z', channel: 'voice' })).status).toBeLessThan(300);
    expect((await put('c', { started_at: '2026-06-02T11:00:00Z', channel: 'webchat', environment: 'sandbox' })).status).toBeLessThan(300);
    const w = await writes([
      { conversation_id: 'a', name: 'Auth: verified', value: true },
      { conversation_id: 'b', name: 'Auth: verified', value: false },
      { conversation_id: 'b', name: 'Auth: verified', value: true },
      { conversation_id: 'c', name: 'Auth: verified', value: false },
      { conversation_id: 'a', name: 'Auth: outcome', value: 'verified' },
    ]);
    expect(w.status).toBe(201);
    let t = await trend();
    expect(t.buckets[0]).toMatchObject({ counts: { true: 2, false: 0 }, conversations: 2, not_written: 0 });
    expect(asRows(t)).toEqual(await raw('live'));
    expect(asRows(await trend('sandbox'))).toEqual(await raw('sandbox'));

    // a later request changes a value: its count moves; the same value again, or the
    // conversation sent again unchanged, moves nothing
    for (let i = 0; i < 2; i++) expect((await writes([{ conversation_id: 'a', name: 'Auth: verified', value: false }])).status).toBe(201);
    expect((await put('a', { started_at: '2026-06-01T10:00:00Z', channel: 'voice' })).status).toBeLessThan(300);
    t = await trend();
    expect(t.buckets[0]).toMatchObject({ counts: { true: 1, false: 1 }, conversations: 2, not_written: 0 });
    expect(asRows(t)).toEqual(await raw('live'));

    // the conversation moves day and environment; its metric values follow
    expect((await put('b', { started_at: '2026-06-03T09:00:00Z', channel: 'voice', environment: 'sandbox' })).status).toBeLessThan(300);
    t = await trend();
    expect(t.buckets[0]).toMatchObject({ counts: { true: 0, false: 1 }, conversations: 1 });
    expect(asRows(t)).toEqual(await raw('live'));
    expect(asRows(await trend('sandbox'))).toEqual(await raw('sandbox'));

    expect((await env.call('DELETE', '/v1/projects/wp/conversations/c')).status).toBe(200);
    expect(asRows(await trend('sandbox'))).toEqual(await raw('sandbox'));
    expect((await trend('sandbox')).buckets[1]).toMatchObject({ conversations: 0, counts: { true: 0, false: 0 } });
  });
});
