import { describe, expect, it } from 'vitest';
import { KEY_CACHE_MS } from '../../src/auth/keys.js';
import { testEnv, fixedClock } from '../support/deps.js';

const clock = fixedClock();
const env = await testEnv({ clock });

async function makeKey(body: object) {
  const res = await env.call('POST', '/v1/keys', body);
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string; prefix: string };
}

describe('API keys', () => {
  it('shows the secret once, stores only a hash, and lists keys without secrets', async () => {
    const key = await makeKey({ name: 'writer', scopes: ['metrics:write'] });
    expect(key.secret).toMatch(/^sift_[a-z0-9]{10}_/);
    const row = await env.deps.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(key.secret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await (await env.call('GET', '/v1/keys')).json();
    expect(JSON.stringify(list)).not.toContain(key.secret);
    expect(list.data.map((k: { id: string }) => k.id)).toContain(key.id);
  });

  it('accepts Bearer and x-api-key, and refuses a missing or wrong key with 401 problem+json', async () => {
    const ok = await env.app.request('/v1/projects', { headers: { 'x-api-key': env.adminKey } });
    expect(ok.status).toBe(200);
    const missing = await env.app.request('/v1/projects');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await env.call('GET', '/v1/projects', undefined, `${env.adminKey.slice(0, -2)}xx`);
    expect(wrong.status).toBe(401);
  });

  it('refuses a key lacking the route scope with 403 naming the scope', async () => {
    const key = await makeKey({ name: 'reader', scopes: ['conversations:read'] });
    const res = await env.call('GET', '/v1/keys', undefined, key.secret);
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toContain('admin');
  });

  it('refuses revoked and expired keys', async () => {
    const key = await makeKey({ name: 'temp', scopes: ['admin'], expires_in: '1h' });
    expect((await env.call('GET', '/v1/projects', undefined, key.secret)).status).toBe(200);
    clock.advance(2 * 3_600_000);
    const expired = await env.call('GET', '/v1/projects', undefined, key.secret);
    expect(expired.status).toBe(401);
    expect((await expired.json()).detail).toContain('expired');

    const other = await makeKey({ name: 'to revoke', scopes: ['admin'] });
    expect((await env.call('DELETE', `/v1/keys/${other.id}`)).status).toBe(200);
    const revoked = await env.call('GET', '/v1/projects', undefined, other.secret);
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).detail).toContain('revoked');
  });

  it('stops a key revoked by another process within the key cache TTL', async () => {
    const key = await makeKey({ name: 'elsewhere', scopes: ['admin'] });
    expect((await env.call('GET', '/v1/projects', undefined, key.secret)).status).toBe(200);
    // another Sift process revokes it: this process learns of it when its cached row expires
    await env.deps.db.updateTable('api_keys').set({ revoked_at: clock.now() }).where('id', '=', key.id).execute();
    clock.advance(KEY_CACHE_MS + 1);
    expect((await env.call('GET', '/v1/projects', undefined, key.secret)).status).toBe(401);
  });

  it('records last use', async () => {
    const key = await makeKey({ name: 'used', scopes: ['admin'] });
    await env.call('GET', '/v1/projects', undefined, key.secret);
    const row = await env.deps.db.selectFrom('api_keys').select('last_used_at').where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.last_used_at?.toISOString()).toBe(clock.now().toISOString());
  });

  it('validates key creation with pointers', async () => {
    const res = await env.call('POST', '/v1/keys', { name: '', scopes: ['nope'] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/body/name', '/body/scopes/0']));
  });
});

describe('projects', () => {
  it('creates and lists projects, and refuses a duplicate slug', async () => {
    const res = await env.call('POST', '/v1/projects', { slug: 'billing', name: 'Billing agent' });
    expect(res.status).toBe(201);
    expect((await env.call('POST', '/v1/projects', { slug: 'billing', name: 'again' })).status).toBe(409);
  });

  it('hides projects outside a restricted key with 404', async () => {
    const a = await (await env.call('POST', '/v1/projects', { slug: 'alpha', name: 'A' })).json();
    await env.call('POST', '/v1/projects', { slug: 'beta', name: 'B' });
    const key = await makeKey({ name: 'alpha only', scopes: ['admin'], projects: ['alpha'] });
    const list = await (await env.call('GET', '/v1/projects', undefined, key.secret)).json();
    expect(list.data.map((p: { slug: string }) => p.slug)).toEqual(['alpha']);
    expect(list.data[0].id).toBe(a.id);
  });
});

describe('admin keys restricted to projects', () => {
  it('cannot mint, see or revoke keys wider than themselves, nor create projects', async () => {
    await env.call('POST', '/v1/projects', { slug: 'gamma', name: 'G' });
    await env.call('POST', '/v1/projects', { slug: 'delta', name: 'D' });
    const gammaAdmin = await makeKey({ name: 'gamma admin', scopes: ['admin'], projects: ['gamma'] });
    const wide = await makeKey({ name: 'wide reader', scopes: ['conversations:read'] });

    // a key it creates without naming projects is restricted to its own
    const minted = await env.call('POST', '/v1/keys', { name: 'child', scopes: ['metrics:write'] }, gammaAdmin.secret);
    expect(minted.status).toBe(201);
    const child = await minted.json();
    const gamma = (await (await env.call('GET', '/v1/projects')).json()).data.find((p: { slug: string }) => p.slug === 'gamma');
    expect(child.projects).toEqual([gamma.id]);
    // naming a project it cannot see is refused
    const other = await env.call('POST', '/v1/keys', { name: 'x', scopes: ['admin'], projects: ['delta'] }, gammaAdmin.secret);
    expect(other.status).toBe(400);

    const listed = (await (await env.call('GET', '/v1/keys', undefined, gammaAdmin.secret)).json()).data.map((k: { id: string }) => k.id);
    expect(listed).toContain(child.id);
    expect(listed).not.toContain(wide.id);
    expect((await env.call('DELETE', `/v1/keys/${wide.id}`, undefined, gammaAdmin.secret)).status).toBe(404);
    expect((await env.call('GET', '/v1/projects', undefined, wide.secret)).status).toBe(403);
    expect((await env.call('POST', '/v1/projects', { slug: 'epsilon', name: 'E' }, gammaAdmin.secret)).status).toBe(403);
  });
});

describe('HTTP conventions', () => {
  it('answers unknown routes, bad JSON and wrong content types with problem+json', async () => {
    const nf = await env.call('GET', '/v1/nothing');
    expect(nf.status).toBe(404);
    const bad = await env.call('POST', '/v1/projects', '{not json');
    expect(bad.status).toBe(400);
    const text = await env.call('POST', '/v1/projects', undefined, undefined, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('serves health, readiness and an OpenAPI 3.1 document', async () => {
    expect((await env.app.request('/healthz')).status).toBe(200);
    expect((await env.app.request('/readyz')).status).toBe(200);
    const doc = await (await env.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/keys'].post['x-required-scope']).toBe('admin');
  });
});
