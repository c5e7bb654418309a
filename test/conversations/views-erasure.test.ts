import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { subjectHash } from '../../src/conversations/erase.js';
import { testEnv } from '../support/deps.js';
import { allIds, defineMetric, getJson, makeKey, makeProject, putConversation, write } from './fixtures.js';

const env = await testEnv();
const p = await makeProject(env, 'views');
const base = '/v1/projects/views/conversations';
await defineMetric(env, p, 'Auth: verified', 'boolean');
for (const [i, ok] of [true, false, false].entries()) {
  await putConversation(env, p, `v${i}`, { started_at: `2026-06-0${i + 1}T00:00:00Z`, channel: 'voice', turns: [{ role: 'user', text: `turn ${i}` }] });
  await write(env, p, `v${i}`, 'Auth: verified', ok);
}

type View = { id: string; name: string; query: string; url: string; export_url: string };

describe('saved views', () => {
  it('creates a view whose URL reproduces the list query', async () => {
    const res = await env.call('POST', '/v1/projects/views/views', { name: 'Failed auth', query: '?metric[Auth: verified]=false&channel=voice&cursor=abc' });
    expect(res.status).toBe(201);
    const view = (await res.json()) as View;
    expect(view.query).not.toContain('cursor');
    const url = new URL(view.url);
    expect(url.pathname).toBe(base);
    expect(await allIds(env, `${url.pathname}${url.search}`)).toEqual(['v2', 'v1']);
    const exp = new URL(view.export_url);
    expect((await (await env.call('GET', `${exp.pathname}${exp.search}`)).text()).trim().split('\n')).toHaveLength(2);
  });

  it('lists and deletes views, refuses duplicates and bad filters', async () => {
    expect((await env.call('POST', '/v1/projects/views/views', { name: 'Failed auth', query: 'channel=sms' })).status).toBe(409);
    const bad = await env.call('POST', '/v1/projects/views/views', { name: 'x', query: 'metric[Nope]=1' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toMatch(/^\/body\/query/);
    const list = (await getJson<{ data: View[] }>(env, '/v1/projects/views/views')).body;
    expect(list.data.map((v) => v.name)).toEqual(['Failed auth']);
    const reader = await makeKey(env, ['conversations:read']);
    expect((await env.call('GET', '/v1/projects/views/views', undefined, reader)).status).toBe(200);
    expect((await env.call('DELETE', `/v1/projects/views/views/${list.data[0]!.id}`, undefined, reader)).status).toBe(403);
    expect((await env.call('DELETE', `/v1/projects/views/views/${list.data[0]!.id}`)).status).toBe(204);
    expect((await env.call('DELETE', `/v1/projects/views/views/${list.data[0]!.id}`)).status).toBe(404);
  });
});

describe('erasure', () => {
  it('erases transcript, values, writes and search data, leaving a content-free audit record', async () => {
    const res = await env.call('DELETE', `${base}/v1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { subject_hash: string; turns_erased: number; writes_erased: number };
    expect(body).toMatchObject({ turns_erased: 1, writes_erased: 1 });
    expect(body.subject_hash).toBe(await subjectHash(p.id, 'v1'));
    expect((await env.call('GET', `${base}/v1`)).status).toBe(404);
    for (const table of ['conversation_turns', 'metric_writes', 'conversation_metrics', 'conversation_search'] as const) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where conversation_id = 'v1'`.execute(env.deps.db);
      expect(rows[0]!.n, table).toBe(0);
    }
    expect(await allIds(env, `${base}?query=turn`)).toEqual(['v2', 'v0']);
    const audit = await env.deps.db.selectFrom('conversation_erasures').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('"v1"');
    expect(JSON.stringify(audit)).not.toContain('turn 1');
  });

  it('is admin only and 404s for an unknown conversation', async () => {
    const writer = await makeKey(env, ['conversations:write', 'conversations:read']);
    expect((await env.call('DELETE', `${base}/v2`, undefined, writer)).status).toBe(403);
    expect((await env.call('DELETE', `${base}/nope`)).status).toBe(404);
  });
});
