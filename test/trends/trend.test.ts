import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fixedClock, testEnv } from '../support/deps.js';
import { addConversations, createProject, defineMetric } from './fixtures.js';

const clock = fixedClock(new Date('2026-11-01T12:00:00Z'));
const env = await testEnv({ clock });
const projectId = await createProject(env.call, 'trends');
const db = env.deps.db;
const ok = await defineMetric(db, projectId, 'Caller authenticated', 'boolean');
const outcome = await defineMetric(db, projectId, 'Auth outcome', 'categorical', ['verified', 'failed', 'partial']);
const secs = await defineMetric(db, projectId, 'Handle time', 'numeric');

// Europe/London leaves BST on 2026-10-25 at 01:00 UTC: that day has 25 hours
await addConversations(db, projectId, [
  { at: '2026-10-24T22:30:00Z', values: { [ok]: true, [outcome]: 'verified', [secs]: 10 } }, // 23:30 BST on the 24th
  { at: '2026-10-24T23:30:00Z', values: { [ok]: false, [outcome]: 'failed', [secs]: 20 } }, // 00:30 BST on the 25th
  { at: '2026-10-25T00:30:00Z', channel: 'webchat', values: { [ok]: true, [outcome]: 'verified', [secs]: 30 } }, // 01:30 BST
  { at: '2026-10-25T01:30:00Z', values: { [ok]: true, [outcome]: 'partial', [secs]: 40 } }, // 01:30 GMT
  { at: '2026-10-25T23:30:00Z', values: { [outcome]: 'verified' } }, // 23:30 GMT on the 25th, boolean not written
  { at: '2026-10-25T12:00:00Z', env: 'sandbox', values: { [ok]: false } },
]);

const get = async (path: string, key?: string) => {
  const res = await env.call('GET', `/v1/projects/trends${path}`, undefined, key);
  return { status: res.status, body: await res.json() };
};
const q = 'start_time=2026-10-24T00:00:00%2B01:00&end_time=2026-10-27T00:00:00Z&tz=Europe/London';

describe('GET /metrics/{name}/trend', () => {
  it('buckets boolean values by local day across the October change, with rate, Wilson ci and not-written', async () => {
    const { status, body } = await get(`/metrics/Caller%20authenticated/trend?interval=day&${q}`);
    expect(status).toBe(200);
    expect(body.buckets.map((b: { start: string }) => b.start)).toEqual(['2026-10-23T23:00:00.000Z', '2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']);
    const [d24, d25, d26] = body.buckets;
    expect(d24).toMatchObject({ start_local: '2026-10-24T00:00:00+01:00', counts: { true: 1, false: 0 }, not_written: 0, rate: 1, conversations: 1 });
    expect(d25).toMatchObject({ counts: { true: 2, false: 1 }, not_written: 1, conversations: 4 });
    expect(d25.rate).toBeCloseTo(2 / 3, 5);
    expect(d25.ci[0]).toBeCloseTo(0.2077, 3); // Wilson 95% for 2/3
    expect(d25.ci[1]).toBeCloseTo(0.9385, 3);
    expect(d26).toMatchObject({ counts: { true: 0, false: 0 }, not_written: 0, conversations: 0, rate: null, ci: null });
  });

  it('keeps the two 01:00 hours of the fall-back night apart (hourly)', async () => {
    const { body } = await get('/metrics/Caller%20authenticated/trend?interval=hour&start_time=2026-10-24T23:00:00Z&end_time=2026-10-25T02:00:00Z&tz=Europe/London');
    expect(body.buckets.map((b: { start_local: string; counts: { true: number; false: number } }) => [b.start_local, b.counts.true, b.counts.false])).toEqual([
      ['2026-10-25T00:00:00+01:00', 0, 1],
      ['2026-10-25T01:00:00+01:00', 1, 0],
      ['2026-10-25T01:00:00+00:00', 1, 0],
    ]);
  });

  it('agrees with date_trunc(interval, started_at AT TIME ZONE tz) over the raw rows', async () => {
    const { body } = await get(`/metrics/Caller%20authenticated/trend?interval=day&${q}`);
    const { rows } = await sql<{ day: string; n: number }>`
      select to_char(date_trunc('day', cm.started_at at time zone 'Europe/London'), 'YYYY-MM-DD') as day, count(*)::int as n
      from conversation_metrics cm join conversations c on c.project_id = cm.project_id and c.id = cm.conversation_id
      where cm.metric_id = ${ok} and c.environment = 'live' group by 1 order by 1`.execute(db);
    const ours = body.buckets
      .filter((b: { counts: { true: number; false: number } }) => b.counts.true + b.counts.false > 0)
      .map((b: { start_local: string; counts: { true: number; false: number } }) => ({ day: b.start_local.slice(0, 10), n: b.counts.true + b.counts.false }));
    expect(ours).toEqual(rows);
  });

  it('gives categorical shares and numeric count, mean and percentiles', async () => {
    const cat = (await get(`/metrics/Auth%20outcome/trend?interval=day&${q}`)).body;
    expect(cat.buckets[1].counts).toEqual({ verified: 2, failed: 1, partial: 1 });
    expect(cat.buckets[1].shares).toEqual({ verified: 0.5, failed: 0.25, partial: 0.25 });
    const num = (await get(`/metrics/Handle%20time/trend?interval=day&${q}`)).body;
    expect(num.buckets[1]).toMatchObject({ count: 3, mean: 30, p50: 30, not_written: 1 });
    expect(num.buckets[1].p95).toBeCloseTo(39, 6);
    expect(num.buckets[2]).toMatchObject({ count: 0, mean: null, p50: null });
  });

  it('groups by channel, environment and another metric', async () => {
    const ch = (await get(`/metrics/Caller%20authenticated/trend?interval=week&${q}&group_by=channel`)).body;
    expect(ch.groups.map((g: { key: string }) => g.key)).toEqual(['voice', 'webchat']);
    expect(ch.groups[1].buckets[0].counts).toEqual({ true: 1, false: 0 });
    const en = (await get(`/metrics/Caller%20authenticated/trend?interval=week&${q}&group_by=environment`)).body;
    expect(en.environment).toBe('all');
    expect(en.groups.find((g: { key: string }) => g.key === 'sandbox').buckets[0].counts).toEqual({ true: 0, false: 1 });
    const by = (await get(`/metrics/Caller%20authenticated/trend?interval=week&${q}&group_by=metric:Auth%20outcome`)).body;
    const verified = by.groups.find((g: { key: string }) => g.key === 'verified');
    expect(verified.buckets[0]).toMatchObject({ counts: { true: 2, false: 0 }, conversations: 3, not_written: 1 });
    const num = (await get(`/metrics/Handle%20time/trend?interval=week&${q}&group_by=channel`)).body;
    expect(num.buckets[0]).toMatchObject({ count: 4, mean: 25, p50: 25 });
    expect(num.groups.find((g: { key: string }) => g.key === 'webchat').buckets[0]).toMatchObject({ count: 1, p50: 30 });
  });

  it('follows updates and deletes of stored values (the rollup is kept on write)', async () => {
    const [id] = await addConversations(db, projectId, [{ at: '2026-10-26T10:00:00Z', values: { [ok]: false } }]);
    await db.updateTable('conversation_metrics').set({ value_text: 'true' }).where('conversation_id', '=', id!).execute();
    let d26 = (await get(`/metrics/Caller%20authenticated/trend?interval=day&${q}`)).body.buckets[2];
    expect(d26.counts).toEqual({ true: 1, false: 0 });
    await db.updateTable('conversations').set({ environment: 'sandbox' }).where('id', '=', id!).execute();
    d26 = (await get(`/metrics/Caller%20authenticated/trend?interval=day&${q}`)).body.buckets[2];
    expect(d26).toMatchObject({ counts: { true: 0, false: 0 }, conversations: 0 });
    await db.deleteFrom('conversations').where('id', '=', id!).execute();
    const sandbox = (await get(`/metrics/Caller%20authenticated/trend?interval=day&${q}&environment=sandbox`)).body.buckets[2];
    expect(sandbox).toMatchObject({ counts: { true: 0, false: 0 }, conversations: 0 });
  });

  it('refuses bad parameters with problem+json naming the field, unknown metrics with 404, and keys without the scope', async () => {
    const tz = await get('/metrics/Caller%20authenticated/trend?tz=Mars/Olympus');
    expect(tz.status).toBe(400);
    expect(tz.body.errors[0].pointer).toBe('/query/tz');
    const iv = await get('/metrics/Caller%20authenticated/trend?interval=minute');
    expect(iv.body.errors[0].pointer).toBe('/query/interval');
    const inverted = await get('/metrics/Caller%20authenticated/trend?start_time=2026-10-02T00:00:00Z&end_time=2026-10-01T00:00:00Z');
    expect(inverted.body.errors[0].pointer).toBe('/query/start_time');
    const long = await get('/metrics/Caller%20authenticated/trend?start_time=2025-01-01T00:00:00Z&end_time=2026-10-01T00:00:00Z');
    expect(long.status).toBe(400);
    const grp = await get('/metrics/Caller%20authenticated/trend?group_by=metric:Handle%20time');
    expect(grp.body.errors[0].pointer).toBe('/query/group_by');
    expect((await get('/metrics/Nope/trend')).status).toBe(404);
    const res = await env.call('POST', '/v1/keys', { name: 'writer', scopes: ['metrics:write'] });
    const writer = (await res.json()).secret;
    expect((await get('/metrics/Caller%20authenticated/trend', writer)).status).toBe(403);
  });
});
