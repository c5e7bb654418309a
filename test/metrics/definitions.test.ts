import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
await env.call('POST', '/v1/projects', { slug: 'defs', name: 'Definitions' });
const base = '/v1/projects/defs/metrics';
const at = (name: string) => `${base}/${encodeURIComponent(name)}`;

async function create(body: object, expected = 201) {
  const res = await env.call('POST', base, body);
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(expected);
  return json;
}
const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer);

describe('creating metric definitions', () => {
  it('creates each type and reads it back by its URL-encoded name', async () => {
    const b = await create({ name: 'Auth: verified', type: 'boolean', definition: 'Caller passed ID&V', flow: 'auth' });
    expect(b).toMatchObject({ name: 'Auth: verified', type: 'boolean', categories: null, definition: 'Caller passed ID&V', flow: 'auth', archived_at: null });
    await create({ name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'] });
    await create({ name: 'CSAT: score', type: 'numeric', min: 1, max: 5 });
    await create({ name: 'Billing / refunds: amount', type: 'numeric' });
    const got = await (await env.call('GET', at('Auth: outcome'))).json();
    expect(got.categories).toEqual(['verified', 'failed', 'partial']);
    expect((await (await env.call('GET', at('Billing / refunds: amount'))).json()).type).toBe('numeric');
    expect((await env.call('GET', at('Nope'))).status).toBe(404);
  });

  it('refuses a duplicate name with 409', async () => {
    await create({ name: 'Dup check', type: 'boolean' });
    const body = await create({ name: 'Dup check', type: 'numeric' }, 409);
    expect(body.detail).toContain('already exists');
  });

  it.each([
    [{ name: '', type: 'boolean' }, '/body/name'],
    [{ name: 'x'.repeat(101), type: 'boolean' }, '/body/name'],
    [{ name: ' padded', type: 'boolean' }, '/body/name'],
    [{ name: 'lint', type: 'boolean' }, '/body/name'],
    [{ name: 'Bad type', type: 'text' }, '/body/type'],
    [{ name: 'No cats', type: 'categorical' }, '/body/categories'],
    [{ name: 'One cat', type: 'categorical', categories: ['only'] }, '/body/categories'],
    [{ name: 'Many cats', type: 'categorical', categories: Array.from({ length: 101 }, (_, i) => `c${i}`) }, '/body/categories'],
    [{ name: 'Dup cats', type: 'categorical', categories: ['a', 'b', 'a'] }, '/body/categories/2'],
    [{ name: 'Empty cat', type: 'categorical', categories: ['a', ''] }, '/body/categories/1'],
    [{ name: 'Blank cat', type: 'categorical', categories: ['  ', 'b'] }, '/body/categories/0'],
    [{ name: 'Cats on bool', type: 'boolean', categories: ['a', 'b'] }, '/body/categories'],
    [{ name: 'Min on cat', type: 'categorical', categories: ['a', 'b'], min: 1 }, '/body/min'],
    [{ name: 'Max on bool', type: 'boolean', max: 1 }, '/body/max'],
    [{ name: 'Min above max', type: 'numeric', min: 5, max: 1 }, '/body/max'],
    [{ name: 'Extra field', type: 'boolean', colour: 'red' }, '/body'],
    [{ name: 'Long flow', type: 'boolean', flow: 'f'.repeat(201) }, '/body/flow'],
  ])('refuses %j with a pointer to %s', async (body, pointer) => {
    const res = await create(body, 400);
    expect(res.type).toContain('validation');
    expect(pointers(res)).toContain(pointer);
  });

  it('accepts a name of exactly 100 characters and 100 categories', async () => {
    await create({ name: 'n'.repeat(100), type: 'boolean' });
    await create({ name: 'Hundred', type: 'categorical', categories: Array.from({ length: 100 }, (_, i) => `c${i}`) });
  });
});

describe('editing metric definitions', () => {
  it('edits definition and flow', async () => {
    await create({ name: 'Booking: completed', type: 'boolean' });
    const res = await env.call('PATCH', at('Booking: completed'), { definition: 'A slot was confirmed', flow: 'booking' });
    expect(await res.json()).toMatchObject({ definition: 'A slot was confirmed', flow: 'booking' });
  });

  it('keeps name and type fixed', async () => {
    const n = await env.call('PATCH', at('Booking: completed'), { name: 'Booking: done' });
    expect(n.status).toBe(422);
    expect(pointers(await n.json())).toEqual(['/body/name']);
    const t = await env.call('PATCH', at('Booking: completed'), { type: 'numeric' });
    expect(t.status).toBe(422);
    expect((await t.json()).detail).toContain('type is fixed');
  });

  it('adds categories, and removes one only while no value uses it', async () => {
    await create({ name: 'Handoff: reason', type: 'categorical', categories: ['caller asked', 'auth failed', 'other'] });
    const added = await env.call('PATCH', at('Handoff: reason'), { categories: ['caller asked', 'auth failed', 'other', 'timeout'] });
    expect((await added.json()).categories).toHaveLength(4);
    expect((await env.call('POST', '/v1/projects/defs/conversations/h1/metrics', { name: 'Handoff: reason', value: 'timeout' })).status).toBe(201);
    // the effective value now moves away from "timeout", but the recorded write still uses it
    await env.call('POST', '/v1/projects/defs/conversations/h1/metrics', { name: 'Handoff: reason', value: 'other' });
    const usedByWrite = await env.call('PATCH', at('Handoff: reason'), { categories: ['caller asked', 'auth failed', 'other'] });
    expect(usedByWrite.status).toBe(422);
    expect((await usedByWrite.json()).errors[0]).toMatchObject({ pointer: '/body/categories', in_use: ['timeout'] });
    const usedByValue = await env.call('PATCH', at('Handoff: reason'), { categories: ['caller asked', 'auth failed', 'timeout'] });
    expect((await usedByValue.json()).detail).toContain('"other"');
    const unused = await env.call('PATCH', at('Handoff: reason'), { categories: ['other', 'timeout', 'auth failed'] });
    expect(unused.status).toBe(200);
    expect((await unused.json()).categories).toEqual(['other', 'timeout', 'auth failed']);
    const tooFew = await env.call('PATCH', at('Handoff: reason'), { categories: ['other'] });
    expect(tooFew.status).toBe(400);
  });

  it('changes numeric bounds only while recorded values stay inside', async () => {
    await create({ name: 'Wait: seconds', type: 'numeric', min: 0, max: 600 });
    await env.call('POST', '/v1/projects/defs/conversations/w1/metrics', { name: 'Wait: seconds', value: 300 });
    const narrow = await env.call('PATCH', at('Wait: seconds'), { max: 100 });
    expect(narrow.status).toBe(422);
    expect((await narrow.json()).detail).toContain('1 recorded value');
    expect((await (await env.call('PATCH', at('Wait: seconds'), { max: 3600 })).json()).max).toBe(3600);
    expect((await env.call('PATCH', at('Wait: seconds'), { min: 4000 })).status).toBe(422);
    expect((await env.call('PATCH', at('Auth: verified'), { min: 1 })).status).toBe(422);
    expect((await env.call('PATCH', at('Auth: verified'), { categories: ['a', 'b'] })).status).toBe(422);
  });
});

describe('archiving', () => {
  it('refuses new writes on an archived metric, keeps its history, and can unarchive', async () => {
    await create({ name: 'Legacy: flag', type: 'boolean' });
    await env.call('POST', '/v1/projects/defs/conversations/a1/metrics', { name: 'Legacy: flag' });
    const archived = await (await env.call('POST', `${at('Legacy: flag')}/archive`)).json();
    expect(archived.archived_at).not.toBeNull();
    const refused = await env.call('POST', '/v1/projects/defs/conversations/a2/metrics', { name: 'Legacy: flag' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).detail).toContain('archived');
    const list = await (await env.call('GET', `${base}?limit=500`)).json();
    expect(list.data.map((m: { name: string }) => m.name)).not.toContain('Legacy: flag');
    const all = await (await env.call('GET', `${base}?include_archived=true&limit=500`)).json();
    expect(all.data.map((m: { name: string }) => m.name)).toContain('Legacy: flag');
    const history = await env.deps.db.selectFrom('metric_writes').select('id').where('conversation_id', '=', 'a1').execute();
    expect(history).toHaveLength(1);
    await env.call('POST', `${at('Legacy: flag')}/unarchive`);
    expect((await env.call('POST', '/v1/projects/defs/conversations/a2/metrics', { name: 'Legacy: flag' })).status).toBe(201);
  });
});

describe('listing and access', () => {
  it('pages by name with a cursor', async () => {
    const first = await (await env.call('GET', `${base}?limit=2`)).json();
    expect(first.data).toHaveLength(2);
    const second = await (await env.call('GET', `${base}?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second.data[0].name > first.data[1].name).toBe(true);
    const bad = await env.call('GET', `${base}?cursor=garbage`);
    expect(bad.status).toBe(400);
    expect(pointers(await bad.json())).toEqual(['/query/cursor']);
  });

  it('needs definitions:write to change and conversations:read to read', async () => {
    const mk = async (scopes: string[]) => (await (await env.call('POST', '/v1/keys', { name: scopes.join(), scopes })).json()).secret as string;
    const writer = await mk(['metrics:write']);
    const reader = await mk(['conversations:read']);
    const definer = await mk(['definitions:write']);
    expect((await env.call('POST', base, { name: 'Scoped', type: 'boolean' }, writer)).status).toBe(403);
    expect((await env.call('POST', base, { name: 'Scoped', type: 'boolean' }, reader)).status).toBe(403);
    expect((await env.call('GET', base, undefined, reader)).status).toBe(200);
    expect((await env.call('GET', base, undefined, writer)).status).toBe(403);
    expect((await env.call('POST', base, { name: 'Scoped', type: 'boolean' }, definer)).status).toBe(201);
    expect((await env.call('PATCH', at('Scoped'), { definition: 'x' }, reader)).status).toBe(403);
    expect((await env.call('POST', `${at('Scoped')}/archive`, undefined, writer)).status).toBe(403);
    await env.call('POST', '/v1/projects', { slug: 'other', name: 'Other' });
    const otherOnly = (await (await env.call('POST', '/v1/keys', { name: 'o', scopes: ['admin'], projects: ['other'] })).json()).secret;
    expect((await env.call('GET', base, undefined, otherOnly)).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the metric and write routes with their scopes', async () => {
    const doc = await (await env.app.request('/openapi.json')).json();
    expect(doc.paths['/v1/projects/{project}/metrics'].post['x-required-scope']).toBe('definitions:write');
    expect(doc.paths['/v1/projects/{project}/metrics/{name}'].get['x-required-scope']).toBe('conversations:read');
    expect(doc.paths['/v1/projects/{project}/metrics/lint'].get).toBeDefined();
    expect(doc.paths['/v1/projects/{project}/conversations/{conversation_id}/metrics'].post['x-required-scope']).toBe('metrics:write');
    expect(doc.paths['/v1/projects/{project}/metric-writes'].post.requestBody).toBeDefined();
  });
});
