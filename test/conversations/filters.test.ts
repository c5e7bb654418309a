import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';
import { allIds, defineMetric, getJson, makeProject, putConversation, write } from './fixtures.js';

const env = await testEnv();
const p = await makeProject(env, 'filters');
const base = `/v1/projects/filters/conversations`;
await defineMetric(env, p, 'B', 'boolean');
await defineMetric(env, p, 'C', 'categorical', ['a', 'b', 'c']);
await defineMetric(env, p, 'N', 'numeric');
for (const [i, id] of ['x1', 'x2', 'x3', 'x4'].entries()) {
  await putConversation(env, p, id, { started_at: `2026-06-0${i + 1}T10:00:00Z` });
}
await write(env, p, 'x1', 'B', true);
await write(env, p, 'x1', 'C', 'a');
await write(env, p, 'x1', 'N', 1);
await write(env, p, 'x2', 'B', false);
await write(env, p, 'x2', 'C', 'b');
await write(env, p, 'x2', 'N', 5);
// x3's B was false first: filters see the effective (last written) value
await write(env, p, 'x3', 'B', false);
await write(env, p, 'x3', 'B', true);
await write(env, p, 'x3', 'C', 'c');
await write(env, p, 'x3', 'N', 10);
// x4: nothing written

const filterUrl = (filters: unknown[]) => `${base}?filter=${encodeURIComponent(JSON.stringify(filters))}`;
const ids = async (url: string) => (await allIds(env, url)).sort();

describe('metric filters: every operator on every type, on the effective value', () => {
  const cases: [string, unknown, string[]][] = [
    ['B eq true', { metric: 'B', op: 'eq', value: true }, ['x1', 'x3']],
    ['B eq false', { metric: 'B', op: 'eq', value: false }, ['x2']],
    ['B neq true', { metric: 'B', op: 'neq', value: true }, ['x2']],
    ['B in [true,false]', { metric: 'B', op: 'in', value: [true, false] }, ['x1', 'x2', 'x3']],
    ['B exists', { metric: 'B', op: 'exists' }, ['x1', 'x2', 'x3']],
    ['B not_exists', { metric: 'B', op: 'not_exists' }, ['x4']],
    ['C eq a', { metric: 'C', op: 'eq', value: 'a' }, ['x1']],
    ['C neq a', { metric: 'C', op: 'neq', value: 'a' }, ['x2', 'x3']],
    ['C in [a,c]', { metric: 'C', op: 'in', value: ['a', 'c'] }, ['x1', 'x3']],
    ['C exists', { metric: 'C', op: 'exists' }, ['x1', 'x2', 'x3']],
    ['C not_exists', { metric: 'C', op: 'not_exists' }, ['x4']],
    ['N eq 5', { metric: 'N', op: 'eq', value: 5 }, ['x2']],
    ['N neq 5', { metric: 'N', op: 'neq', value: 5 }, ['x1', 'x3']],
    ['N in [1,10]', { metric: 'N', op: 'in', value: [1, 10] }, ['x1', 'x3']],
    ['N lt 5', { metric: 'N', op: 'lt', value: 5 }, ['x1']],
    ['N lte 5', { metric: 'N', op: 'lte', value: 5 }, ['x1', 'x2']],
    ['N gt 5', { metric: 'N', op: 'gt', value: 5 }, ['x3']],
    ['N gte 5', { metric: 'N', op: 'gte', value: 5 }, ['x2', 'x3']],
    ['N between [1,5]', { metric: 'N', op: 'between', value: [1, 5] }, ['x1', 'x2']],
    ['N exists', { metric: 'N', op: 'exists' }, ['x1', 'x2', 'x3']],
    ['N not_exists', { metric: 'N', op: 'not_exists' }, ['x4']],
  ];
  it.each(cases)('%s', async (_name, filter, expected) => {
    expect(await ids(filterUrl([filter]))).toEqual(expected);
  });

  it('combines several filters with AND', async () => {
    expect(await ids(filterUrl([{ metric: 'B', op: 'eq', value: true }, { metric: 'N', op: 'gt', value: 1 }]))).toEqual(['x3']);
  });

  it('takes metric[NAME]=VALUE for equality, typed by the metric, combined with filter=', async () => {
    expect(await ids(`${base}?metric[B]=true`)).toEqual(['x1', 'x3']);
    expect(await ids(`${base}?metric[N]=10`)).toEqual(['x3']);
    expect(await ids(`${base}?metric[B]=true&metric[C]=a`)).toEqual(['x1']);
    expect(await ids(`${base}?metric[C]=a&metric[C]=b`)).toEqual(['x1', 'x2']);
    expect(await ids(`${base}?metric[B]=true&filter=${encodeURIComponent(JSON.stringify([{ metric: 'N', op: 'lt', value: 5 }]))}`)).toEqual(['x1']);
    expect(await ids(`${base}?${encodeURIComponent('metric[C]')}=c`)).toEqual(['x3']);
  });
});

describe('bad filters are 400s that say which', () => {
  const bad: [string, string, string, RegExp][] = [
    ['unknown metric', filterUrl([{ metric: 'Nope', op: 'eq', value: true }]), '/query/filter/0/metric', /unknown metric "Nope"/],
    ['unknown operator', filterUrl([{ metric: 'B', op: 'like', value: true }]), '/query/filter/0/op', /unknown operator "like"/],
    ['operator not valid for the type', filterUrl([{ metric: 'B', op: 'lt', value: true }]), '/query/filter/0/op', /does not apply to boolean/],
    ['boolean given a string', filterUrl([{ metric: 'B', op: 'eq', value: 'yes' }]), '/query/filter/0/value', /true or false/],
    ['unknown category', filterUrl([{ metric: 'C', op: 'eq', value: 'z' }]), '/query/filter/0/value', /allowed: a, b, c/],
    ['numeric given a string', filterUrl([{ metric: 'N', op: 'gt', value: '5' }]), '/query/filter/0/value', /finite number/],
    ['between upside down', filterUrl([{ metric: 'N', op: 'between', value: [5, 1] }]), '/query/filter/0/value', /low <= high/],
    ['in with no values', filterUrl([{ metric: 'C', op: 'in', value: [] }]), '/query/filter/0/value', /array of 1 to/],
    ['exists with a value', filterUrl([{ metric: 'C', op: 'exists', value: 'a' }]), '/query/filter/0/value', /takes no value/],
    ['filter not JSON', `${base}?filter=%7Bnope`, '/query/filter', /JSON array/],
    ['filter not an array', `${base}?filter=${encodeURIComponent('{"metric":"B"}')}`, '/query/filter', /array/i],
    ['metric[] unknown', `${base}?metric[Nope]=1`, '/query/metric[Nope]/0/metric', /unknown metric/],
    ['metric[] wrong type', `${base}?metric[N]=ten`, '/query/metric[N]/0/value', /finite number/],
    ['unknown parameter', `${base}?chanel=voice`, '/query/chanel', /unknown query parameter/],
    ['bad channel', `${base}?channel=fax`, '/query/channel', /./],
    ['bad time', `${base}?start_time=yesterday`, '/query/start_time', /./],
    ['limit 0', `${base}?limit=0`, '/query/limit', /./],
    ['limit 1001', `${base}?limit=1001`, '/query/limit', /./],
    ['export option on the list', `${base}?format=csv`, '/query/format', /export only/],
  ];
  it.each(bad)('%s', async (_name, url, pointer, detail) => {
    const res = await env.call('GET', url);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { errors: { pointer: string; detail: string }[] };
    const hit = body.errors.find((e) => e.pointer === pointer);
    expect(hit, JSON.stringify(body.errors)).toBeDefined();
    expect(hit!.detail).toMatch(detail);
  });

  it('reports every bad filter at once', async () => {
    const res = await getJson<{ errors: { pointer: string }[] }>(env, filterUrl([{ metric: 'Nope', op: 'eq', value: 1 }, { metric: 'N', op: 'eq', value: 'x' }]));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.pointer)).toEqual(['/query/filter/0/metric', '/query/filter/1/value']);
  });
});

describe('conversation filters', () => {
  it('filters on time, environment (default live), channel, in_progress and handoff', async () => {
    await putConversation(env, p, 'h1', { started_at: '2026-05-01T00:00:00Z', channel: 'voice', handoff: { to: 'billing', reason: 'angry' } });
    await putConversation(env, p, 'h2', { started_at: '2026-05-02T00:00:00Z', channel: 'sms', in_progress: true, handoff: { to: 'sales' } });
    await putConversation(env, p, 's1', { started_at: '2026-05-03T00:00:00Z', channel: 'chat', environment: 'sandbox' });
    expect(await ids(`${base}?handoff=true`)).toEqual(['h1', 'h2']);
    expect(await ids(`${base}?handoff=false`)).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect(await ids(`${base}?handoff_destination=billing`)).toEqual(['h1']);
    expect(await ids(`${base}?handoff_reason=angry`)).toEqual(['h1']);
    expect(await ids(`${base}?channel=voice&channel=sms`)).toEqual(['h1', 'h2']);
    expect(await ids(`${base}?in_progress=true`)).toEqual(['h2']);
    expect(await ids(`${base}?environment=sandbox`)).toEqual(['s1']);
    expect(await ids(`${base}?start_time=2026-05-02T00:00:00Z&end_time=2026-06-02T00:00:00Z`)).toEqual(['h2', 'x1']);
    const bad = await env.call('GET', `${base}?start_time=2026-06-02T00:00:00Z&end_time=2026-05-02T00:00:00Z`);
    expect(bad.status).toBe(400);
  });
});
