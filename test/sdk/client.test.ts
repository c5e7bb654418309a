import { describe, expect, it } from 'vitest';
import { Sift, SiftError } from '../../src/sdk/index.js';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
await env.call('POST', '/v1/projects', { slug: 'sdk', name: 'SDK' });
const appFetch = (input: string, init: RequestInit) => Promise.resolve(env.app.request(input, init));
const sift = new Sift({ baseUrl: 'http://sift.test/', apiKey: env.adminKey, fetch: appFetch });
const writes = (conv: string) => env.deps.db.selectFrom('metric_writes').select(['value', 'ignored']).where('conversation_id', '=', conv).orderBy('id').execute();

describe('Sift SDK', () => {
  it('manages definitions', async () => {
    const m = sift.metrics('sdk');
    const created = await m.create({ name: 'Auth: verified', type: 'boolean', definition: 'ID&V passed' });
    expect(created).toMatchObject({ name: 'Auth: verified', warnings: [] });
    await m.create({ name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed'] });
    await m.create({ name: 'CSAT: score', type: 'numeric', min: 1, max: 5 });
    expect((await m.get('Auth: outcome')).categories).toEqual(['verified', 'failed']);
    expect((await m.list()).map((d) => d.name)).toEqual(['Auth: outcome', 'Auth: verified', 'CSAT: score']);
    expect((await m.update('Auth: verified', { flow: 'auth' })).flow).toBe('auth');
    expect((await m.lint()).warnings).toEqual([]);
  });

  it('writes metrics from function logic', async () => {
    const conv = sift.conversation('sdk', 'call-1');
    const w = await conv.writeMetric('Auth: verified');
    expect(w).toMatchObject({ name: 'Auth: verified', value: true, ignored: false, conversation_id: 'call-1' });
    await conv.writeMetric('Auth: outcome', 'failed', { writeOnce: true, source: 'auth_flow' });
    const again = await conv.writeMetricOnce('Auth: outcome', 'verified');
    expect(again).toMatchObject({ ignored: true, ignored_reason: 'locked' });
    expect(await writes('call-1')).toHaveLength(3);
  });

  it('throws a typed SiftError carrying the problem and its pointers', async () => {
    const conv = sift.conversation('sdk', 'call-2');
    const err = await conv.writeMetric('Auth: outcome', 'maybe').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SiftError);
    const e = err as SiftError;
    expect(e.status).toBe(422);
    expect(e.errors[0]).toMatchObject({ pointer: '/body/value', allowed: ['verified', 'failed'] });
    expect(e.retryable).toBe(false);
    expect(e.requestId).toBeTruthy();
    const unknown = (await conv.writeMetric('Auth verified').catch((x: unknown) => x)) as SiftError;
    expect(unknown.errors[0]?.closest).toContain('Auth: verified');
    const bad = new Sift({ baseUrl: 'http://sift.test', apiKey: 'sift_nope_nope', fetch: appFetch });
    expect(((await bad.conversation('sdk', 'x').writeMetric('Auth: verified').catch((x: unknown) => x)) as SiftError).status).toBe(401);
  });

  it('sends batches and idempotency keys', async () => {
    const batch = [
      { conversation_id: 'b-1', name: 'CSAT: score', value: 4 },
      { conversation_id: 'b-2', name: 'Auth: verified', value: false },
    ];
    const first = await sift.writeMetrics('sdk', batch, { idempotencyKey: 'sdk-batch-1' });
    expect(first.applied).toBe(2);
    const replay = await sift.writeMetrics('sdk', batch, { idempotencyKey: 'sdk-batch-1' });
    expect(replay).toEqual(first);
    expect(await writes('b-1')).toHaveLength(1);
    const conv = sift.conversation('sdk', 'k-1');
    await conv.writeMetric('CSAT: score', 2, { idempotencyKey: 'one' });
    await conv.writeMetric('CSAT: score', 2, { idempotencyKey: 'one' });
    expect(await writes('k-1')).toHaveLength(1);
  });

  it('retries a lost response with the same Idempotency-Key, so the write lands once', async () => {
    const seenKeys: (string | null)[] = [];
    let calls = 0;
    const flaky = async (input: string, init: RequestInit) => {
      seenKeys.push(new Headers(init.headers).get('idempotency-key'));
      const res = await env.app.request(input, init);
      if (++calls === 1) throw new TypeError('socket hang up'); // the write landed, the answer was lost
      return res;
    };
    const retrying = new Sift({ baseUrl: 'http://sift.test', apiKey: env.adminKey, fetch: flaky, retries: 2, retryDelayMs: 1 });
    const w = await retrying.conversation('sdk', 'flaky-1').writeMetric('CSAT: score', 5);
    expect(w.value).toBe(5);
    expect(seenKeys).toHaveLength(2);
    expect(seenKeys[0]).toBeTruthy();
    expect(seenKeys[1]).toBe(seenKeys[0]);
    expect(await writes('flaky-1')).toHaveLength(1);
  });

  it('reports an unreachable server as status 0', async () => {
    const down = new Sift({ baseUrl: 'http://sift.test', apiKey: env.adminKey, fetch: () => Promise.reject(new TypeError('ECONNREFUSED')) });
    const e = (await down.metrics('sdk').list().catch((x: unknown) => x)) as SiftError;
    expect(e.status).toBe(0);
    expect(e.message).toContain('Could not reach Sift');
  });
});
