import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';
import { allIds, defineMetric, getJson, makeKey, makeProject, putConversation, write } from './fixtures.js';

const env = await testEnv();
const p = await makeProject(env, 'ingest');
const base = '/v1/projects/ingest/conversations';
await defineMetric(env, p, 'Auth: verified', 'boolean');

type Detail = { id: string; started_at: string; ended_at: string | null; num_turns: number; total_duration: number | null; turns: { role: string; text: string }[]; handoff: boolean; handoff_destination: string | null; handoff_reason: string | null; channel: string; metrics: Record<string, unknown>; state: Record<string, unknown> };

describe('PUT /conversations/{id}', () => {
  it('creates (201), then replaces (200) the conversation and its transcript', async () => {
    const first = await env.call('PUT', `${base}/a1`, {
      started_at: '2026-06-01T10:00:00Z',
      ended_at: '2026-06-01T10:02:30Z',
      channel: 'voice',
      handoff: { to: 'billing', reason: 'refund' },
      state: { account: 'x' },
      turns: [
        { role: 'agent', text: 'Hello, how can I help?' },
        { role: 'user', text: 'I need a refund', at: '2026-06-01T10:00:05Z' },
        { role: 'function', text: '{"ok":true}', name: 'lookup_account' },
      ],
    });
    expect(first.status).toBe(201);
    const d = (await getJson<Detail>(env, `${base}/a1`)).body;
    expect(d).toMatchObject({ num_turns: 3, total_duration: 150, channel: 'voice', handoff: true, handoff_destination: 'billing', handoff_reason: 'refund', state: { account: 'x' } });
    expect(d.turns.map((t) => t.role)).toEqual(['agent', 'user', 'function']);

    const again = await env.call('PUT', `${base}/a1`, { started_at: '2026-06-01T10:00:00Z', turns: [{ role: 'user', text: 'only this' }] });
    expect(again.status).toBe(200);
    const d2 = (await getJson<Detail>(env, `${base}/a1`)).body;
    expect(d2.num_turns).toBe(1);
    expect(d2.turns).toEqual([{ role: 'user', text: 'only this', at: null, name: null }]);
    expect(d2.handoff).toBe(false);
  });

  it('validates every field with pointers', async () => {
    const res = await env.call('PUT', `${base}/bad`, {
      started_at: 'yesterday',
      channel: 'fax',
      environment: 'prod',
      turns: [{ role: 'bot', text: 'x' }, { role: 'user' }],
      in_progress: 'yes',
      handoff: { reason: 'x' },
      extra: 1,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { pointer: string }[] };
    const pointers = body.errors.map((e) => e.pointer);
    for (const ptr of ['/body/started_at', '/body/channel', '/body/environment', '/body/turns/0/role', '/body/turns/1/text', '/body/in_progress', '/body/handoff/to', '/body']) {
      expect(pointers).toContain(ptr);
    }
    const order = await env.call('PUT', `${base}/bad`, { started_at: '2026-06-01T10:00:00Z', ended_at: '2026-06-01T09:00:00Z' });
    expect(order.status).toBe(400);
    expect(((await order.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('/body/ended_at');
    expect((await env.call('PUT', `${base}/bad`, 'not json')).status).toBe(400);
    expect((await env.call('PUT', `${base}/bad`, undefined, undefined, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('needs conversations:write', async () => {
    const reader = await makeKey(env, ['conversations:read']);
    const res = await env.call('PUT', `${base}/a9`, { started_at: '2026-06-01T10:00:00Z' }, reader);
    expect(res.status).toBe(403);
    const writer = await makeKey(env, ['conversations:write']);
    expect((await env.call('PUT', `${base}/a9`, { started_at: '2026-06-01T10:00:00Z' }, writer)).status).toBe(201);
  });

  it('fills in a conversation a metric write created, and keeps metric started_at in sync', async () => {
    await write(env, p, 'live-1', 'Auth: verified', true);
    const before = await env.deps.db.selectFrom('conversations').select(['ingested']).where('id', '=', 'live-1').executeTakeFirstOrThrow();
    expect(before.ingested).toBe(false);
    await putConversation(env, p, 'live-1', { started_at: '2026-03-03T03:03:03Z', turns: [{ role: 'user', text: 'hi' }] });
    const conv = await env.deps.db.selectFrom('conversations').select(['ingested', 'started_at']).where('id', '=', 'live-1').executeTakeFirstOrThrow();
    expect(conv.ingested).toBe(true);
    const cm = await env.deps.db.selectFrom('conversation_metrics').select('started_at').where('conversation_id', '=', 'live-1').executeTakeFirstOrThrow();
    expect(cm.started_at.toISOString()).toBe('2026-03-03T03:03:03.000Z');
    const d = (await getJson<Detail>(env, `${base}/live-1`)).body;
    expect(d.metrics['Auth: verified']).toBe(true);
    await putConversation(env, p, 'live-1', { started_at: '2026-03-04T00:00:00Z' });
    const cm2 = await env.deps.db.selectFrom('conversation_metrics').select('started_at').where('conversation_id', '=', 'live-1').executeTakeFirstOrThrow();
    expect(cm2.started_at.toISOString()).toBe('2026-03-04T00:00:00.000Z');
  });
});

describe('GET /conversations/{id}', () => {
  it('returns the full metric history: time, source, write_once, ignored; repeats as a list', async () => {
    await defineMetric(env, p, 'Step', 'numeric');
    await putConversation(env, p, 'hist', { started_at: '2026-06-03T00:00:00Z' });
    await write(env, p, 'hist', 'Auth: verified', false, { writeOnce: true, source: 'auth-flow' });
    await write(env, p, 'hist', 'Auth: verified', true, { source: 'retry' });
    await write(env, p, 'hist', 'Step', 1);
    await write(env, p, 'hist', 'Step', 2);
    const d = (await getJson<Detail & { metric_history: Record<string, unknown>[] }>(env, `${base}/hist`)).body;
    expect(d.metric_history).toEqual([
      expect.objectContaining({ metric: 'Auth: verified', value: false, source: 'auth-flow', write_once: true, ignored: false }),
      expect.objectContaining({ metric: 'Auth: verified', value: true, source: 'retry', write_once: false, ignored: true }),
      expect.objectContaining({ metric: 'Step', value: 1, ignored: false }),
      expect.objectContaining({ metric: 'Step', value: 2, ignored: false }),
    ]);
    expect(typeof d.metric_history[0]!.written_at).toBe('string');
    expect(d.metrics['Auth: verified']).toBe(false);
    expect(d.metrics.Step).toEqual([1, 2]);
    const listed = await getJson<{ data: { id: string; metrics: Record<string, unknown> }[] }>(env, `${base}?start_time=2026-06-03T00:00:00Z&end_time=2026-06-03T00:00:01Z`);
    expect(listed.body.data[0]!.metrics.Step).toEqual([1, 2]);
  });

  it('is a 404 for an unknown conversation', async () => {
    expect((await env.call('GET', `${base}/nope`)).status).toBe(404);
  });
});

describe('POST /conversations/{id}/turns', () => {
  it('prints times to the millisecond in UTC, the same in the list, the detail and the export', async () => {
    expect((await env.call('PUT', `${base}/micro`, { started_at: '2026-06-03T12:00:00.123987+02:00', ended_at: '2026-06-03T10:00:05.000999Z', turns: [] })).status).toBe(201);
    const expected = { started_at: '2026-06-03T10:00:00.123Z', ended_at: '2026-06-03T10:00:05.000Z', total_duration: 4.877 };
    expect((await getJson<Detail>(env, `${base}/micro`)).body).toMatchObject(expected);
    const window = 'start_time=2026-06-03T10:00:00Z&end_time=2026-06-03T10:00:01Z';
    const listed = (await getJson<{ data: Detail[] }>(env, `${base}?${window}`)).body.data;
    expect(listed).toEqual([expect.objectContaining({ id: 'micro', ...expected })]);
    const exported = await (await env.call('GET', `${base}/export?format=ndjson&${window}`)).text();
    expect(JSON.parse(exported.trim())).toMatchObject({ id: 'micro', ...expected });
  });

  it('appends to a live conversation without resending it, creating it on the first turns', async () => {
    const url = `${base}/call-7/turns`;
    const r1 = await env.call('POST', url, { started_at: '2026-06-02T09:00:00Z', channel: 'voice', turns: [{ role: 'agent', text: 'Welcome' }] });
    expect(r1.status).toBe(201);
    const r2 = await env.call('POST', url, { turns: [{ role: 'user', text: 'my booking' }, { role: 'agent', text: 'Sure' }] });
    expect(r2.status).toBe(200);
    expect(((await r2.json()) as { num_turns: number }).num_turns).toBe(3);
    let d = (await getJson<Detail & { in_progress: boolean }>(env, `${base}/call-7`)).body;
    expect(d.in_progress).toBe(true);
    expect(d.turns.map((t) => t.text)).toEqual(['Welcome', 'my booking', 'Sure']);
    await env.call('POST', url, { turns: [{ role: 'user', text: 'bye' }], in_progress: false, ended_at: '2026-06-02T09:05:00Z' });
    d = (await getJson<Detail & { in_progress: boolean }>(env, `${base}/call-7`)).body;
    expect(d).toMatchObject({ in_progress: false, num_turns: 4, total_duration: 300 });
    // appended turns are searchable
    expect(await allIds(env, `${base}?query=bye`)).toEqual(['call-7']);
  });

  it('numbers concurrent appends without collisions', async () => {
    const url = `${base}/call-8/turns`;
    await env.call('POST', url, { started_at: '2026-06-02T10:00:00Z', turns: [{ role: 'agent', text: 't0' }] });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => env.call('POST', url, { turns: [{ role: 'user', text: `u${i}` }] })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const d = (await getJson<Detail>(env, `${base}/call-8`)).body;
    expect(d.num_turns).toBe(6);
  });

  it('refuses an empty append', async () => {
    const res = await env.call('POST', `${base}/call-9/turns`, { turns: [] });
    expect(res.status).toBe(400);
  });
});

describe('full-text query', () => {
  it('searches transcripts, optionally only user or only agent turns', async () => {
    await putConversation(env, p, 'ft1', { started_at: '2026-06-05T00:00:00Z', turns: [{ role: 'user', text: 'My date of birth is wrong' }, { role: 'agent', text: 'Let me transfer you' }] });
    await putConversation(env, p, 'ft2', { started_at: '2026-06-06T00:00:00Z', turns: [{ role: 'agent', text: 'Please confirm your date of birth' }, { role: 'user', text: 'ok' }] });
    expect(await allIds(env, `${base}?query=${encodeURIComponent('date of birth')}`)).toEqual(['ft2', 'ft1']);
    expect(await allIds(env, `${base}?query=birth&query_role=user`)).toEqual(['ft1']);
    expect(await allIds(env, `${base}?query=birth&query_role=agent`)).toEqual(['ft2']);
    expect(await allIds(env, `${base}?query=${encodeURIComponent('"transfer you"')}`)).toEqual(['ft1']);
    expect(await allIds(env, `${base}?query=zebra`)).toEqual([]);
    // punctuation that is SQL or tsquery syntax elsewhere is just text here
    expect((await env.call('GET', `${base}?query=${encodeURIComponent("'); drop table x; --:*&|!")}`)).status).toBe(200);
    expect((await env.call('GET', `${base}?query_role=user`)).status).toBe(400);
  });
});
