import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';

const env = await testEnv({}, { SIFT_BODY_LIMIT: '2048' });

describe('request bodies', () => {
  it('refuses a body over SIFT_BODY_LIMIT with 413 problem+json', async () => {
    const big = JSON.stringify({ slug: 'big', name: 'x'.repeat(3000) });
    const res = await env.call('POST', '/v1/projects', big);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain('2048');
    // nothing was created
    const list = await (await env.call('GET', '/v1/projects')).json();
    expect(list.data).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit, and takes one under it', async () => {
    const big = JSON.stringify({ slug: 'declared', name: 'x'.repeat(3000) });
    const over = await env.call('POST', '/v1/projects', big, undefined, { 'content-length': String(Buffer.byteLength(big)) });
    expect(over.status).toBe(413);
    expect((await over.json()).detail).toContain('2048');
    const small = JSON.stringify({ slug: 'declared', name: 'Declared' });
    const under = await env.call('POST', '/v1/projects', small, undefined, { 'content-length': String(Buffer.byteLength(small)) });
    expect(under.status).toBe(201);
  });

  it('accepts a body under the limit', async () => {
    // padded with JSON whitespace to just under the limit
    const res = await env.call('POST', '/v1/projects', `{"slug":"small","name":"Small"${' '.repeat(1990)}}`);
    expect(res.status).toBe(201);
  });

  it('refuses a body without a JSON content type with 415, on every route that takes one', async () => {
    const withBody = env.app.routeSpecs.filter((s) => s.body && !s.path.includes(':'));
    expect(withBody.length).toBeGreaterThan(0);
    for (const spec of withBody) {
      const res = await env.call(spec.method.toUpperCase(), spec.path, undefined, undefined, { 'content-type': 'text/plain' });
      expect(res.status, spec.path).toBe(415);
      expect((await res.json()).detail).toContain('application/json');
    }
  });

  it('refuses an oversized project write with 413 too', async () => {
    await env.call('POST', '/v1/projects', { slug: 'p2', name: 'P2' });
    const res = await env.call('POST', '/v1/projects/p2/metric-writes', JSON.stringify({ writes: [{ conversation_id: 'c', name: 'x'.repeat(4000) }] }));
    expect(res.status).toBe(413);
  });
});
