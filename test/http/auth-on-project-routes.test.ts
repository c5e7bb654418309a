import { describe, expect, it } from 'vitest';
import { fixedClock, testEnv } from '../support/deps.js';

/** Key lifecycle and presentation, checked on a project route rather than an admin one. */
const clock = fixedClock();
const env = await testEnv({ clock });
await env.call('POST', '/v1/projects', { slug: 'shop', name: 'Shop' });
const ROUTE = '/v1/projects/shop/metrics';

async function key(body: object) {
  const res = await env.call('POST', '/v1/keys', { name: 'k', scopes: ['conversations:read', 'definitions:write'], ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

describe('API keys on a project route', () => {
  it('accepts the key as Bearer (any case) and as x-api-key', async () => {
    const { secret } = await key({});
    expect((await env.app.request(ROUTE, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    expect((await env.app.request(ROUTE, { headers: { authorization: `bearer ${secret}` } })).status).toBe(200);
    expect((await env.app.request(ROUTE, { headers: { 'x-api-key': secret } })).status).toBe(200);
    const basic = await env.app.request(ROUTE, { headers: { authorization: `Basic ${secret}` } });
    expect(basic.status).toBe(401);
    expect((await basic.json()).detail).toContain('Bearer');
    expect((await env.app.request(ROUTE)).status).toBe(401);
  });

  it('refuses an expired key from the moment it expires', async () => {
    const { secret } = await key({ expires_in: '30m' });
    expect((await env.call('GET', ROUTE, undefined, secret)).status).toBe(200);
    clock.advance(30 * 60_000);
    const res = await env.call('GET', ROUTE, undefined, secret);
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toContain('expired');
  });

  it('refuses a revoked key at once', async () => {
    const { id, secret } = await key({});
    expect((await env.call('GET', ROUTE, undefined, secret)).status).toBe(200);
    expect((await env.call('DELETE', `/v1/keys/${id}`)).status).toBe(200);
    const res = await env.call('GET', ROUTE, undefined, secret);
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toContain('revoked');
  });

  it('answers 404, not 403, for a project the key cannot see, and for one that does not exist', async () => {
    await env.call('POST', '/v1/projects', { slug: 'other', name: 'Other' });
    const { secret } = await key({ projects: ['other'] });
    const hidden = await env.call('GET', ROUTE, undefined, secret);
    const missing = await env.call('GET', '/v1/projects/nope/metrics', undefined, secret);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await env.call('GET', '/v1/projects/other/metrics', undefined, secret)).status).toBe(200);
  });
});
