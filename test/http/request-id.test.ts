import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
await env.call('POST', '/v1/projects', { slug: 'rid', name: 'Request ids' });
await env.call('POST', '/v1/projects/rid/metrics', { name: 'Auth: verified', type: 'boolean' });

describe('x-request-id', () => {
  it('is on every response, and in a problem body it matches the header', async () => {
    const ok = await env.call('POST', '/v1/projects/rid/conversations/c1/metrics', { name: 'Auth: verified', value: true });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('x-request-id')).toMatch(/^req_/);

    const bad = await env.call('POST', '/v1/projects/rid/conversations/c1/metrics', { name: 'Auth: verified', value: 'yes' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).request_id).toBe(bad.headers.get('x-request-id'));

    const stream = await env.call('GET', '/v1/projects/rid/conversations/export?format=ndjson');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('x-request-id')).toMatch(/^req_/);
    await stream.text();

    const missing = await env.call('GET', '/v1/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it("echoes a caller's well-formed id and replaces a malformed one", async () => {
    const echoed = await env.call('GET', '/v1/projects', undefined, undefined, { 'x-request-id': 'trace-123.abc' });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123.abc');
    const replaced = await env.call('GET', '/v1/projects', undefined, undefined, { 'x-request-id': 'bad id <script>' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
