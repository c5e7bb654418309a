import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';

// PostgreSQL text stores neither U+0000 nor half of a UTF-16 surrogate pair; such input is
// refused at the door with a pointer to it, on every way in (path, query, JSON body, imported
// definitions), never a 500 from the database.
const env = await testEnv();
await env.call('POST', '/v1/projects', { slug: 'nul', name: 'NUL' });
await env.call('POST', '/v1/projects/nul/metrics', { name: 'Auth: verified', type: 'boolean' });

const NUL = 'must not contain the NUL character (U+0000)';
const refused = async (res: Response, pointer: string, detail: string | RegExp = NUL) => {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json();
  expect(body.errors).toContainEqual({ pointer, detail: typeof detail === 'string' ? detail : expect.stringMatching(detail) });
};

describe('text PostgreSQL cannot store', () => {
  it('NUL is refused in a path, a query, a JSON body and an imported document, naming where', async () => {
    await refused(await env.call('POST', '/v1/projects/nul/conversations/a%00b/metrics', { name: 'Auth: verified' }), '/path/conversation_id');
    await refused(await env.call('GET', '/v1/projects/n%00l/metrics'), '/path/project');
    await refused(await env.call('POST', '/v1/projects/nul/conversations/c1/metrics', { name: 'Auth: verified', source: 'flow\u0000' }), '/body/source');
    await refused(
      await env.call('POST', '/v1/projects/nul/metric-writes', { writes: [{ conversation_id: 'ok', name: 'Auth: verified' }, { conversation_id: 'x\u0000', name: 'Auth: verified' }] }),
      '/body/writes/1/conversation_id',
    );
    await refused(await env.call('PUT', '/v1/projects/nul/conversations/c2', { turns: [{ role: 'user', text: 'hi\u0000' }] }), '/body/turns/0/text');
    await refused(await env.call('GET', '/v1/projects/nul/conversations?query=a%00b'), '/query/query');
    const yaml = 'version: 1\nmetrics:\n  - name: "Bad\\0name"\n    type: boolean\n';
    await refused(await env.call('POST', '/v1/projects/nul/metrics/import', yaml, undefined, { 'content-type': 'application/yaml' }), '/body/metrics/0/name');
    // nothing was written
    const list = await (await env.call('GET', '/v1/projects/nul/conversations')).json();
    expect(list.data).toEqual([]);
  });

  it('is not confused with the six characters \\u0000 written as text', async () => {
    const res = await env.call('POST', '/v1/projects/nul/conversations/c3/metrics', { name: 'Auth: verified', source: 'literal \\u0000' });
    expect(res.status).toBe(201);
    expect((await res.json()).source).toBe('literal \\u0000');
  });

  it('refuses half of a surrogate pair in any JSON string, and keeps a whole pair', async () => {
    const half = /surrogate pair/;
    await refused(await env.call('POST', '/v1/projects/nul/conversations/c4/metrics', '{"name":"Auth: verified","source":"x\\ud800y"}'), '/body/source', half);
    await refused(await env.call('POST', '/v1/projects/nul/metric-writes', '{"writes":[{"conversation_id":"c\\udc00","name":"Auth: verified"}]}'), '/body/writes/0/conversation_id', half);
    await refused(await env.call('PUT', '/v1/projects/nul/conversations/c5', '{"turns":[{"role":"user","text":"hi \\ud83d"}]}'), '/body/turns/0/text', half);
    const whole = await env.call('POST', '/v1/projects/nul/conversations/c6/metrics', '{"name":"Auth: verified","source":"flow \\ud83d\\ude00"}');
    expect(whole.status).toBe(201);
    expect((await whole.json()).source).toBe('flow \u{1F600}');
  });
});
