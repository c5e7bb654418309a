import { describe, expect, it } from 'vitest';
import { SCOPES, type Scope } from '../../src/auth/scopes.js';
import type { RouteSpec } from '../../src/http/router.js';
import { testEnv } from '../support/deps.js';

/**
 * The scope-by-route matrix, generated from the routes the app registered: every route that
 * takes a key refuses a key without its scope (403), lets a key with only that scope past
 * authentication, and hides projects outside a restricted key (404).
 */
const env = await testEnv();
const project = await (await env.call('POST', '/v1/projects', { slug: 'matrix', name: 'Matrix' })).json();
await env.call('POST', '/v1/projects', { slug: 'elsewhere', name: 'Elsewhere' });

async function key(scopes: string[], projects?: string[]) {
  const res = await env.call('POST', '/v1/keys', { name: `matrix ${scopes.length}`, scopes, ...(projects ? { projects } : {}) });
  if (res.status !== 201) throw new Error(`key creation failed: ${await res.text()}`);
  return ((await res.json()) as { secret: string }).secret;
}

// minimal, valid-looking path parameters: validation or lookups may refuse them after auth
const PARAMS: Record<string, string> = { project: 'matrix', name: 'Auth%3A%20verified', conversation_id: 'call-1', id: 'x_1' };
const fill = (path: string) => path.replace(/:([A-Za-z_]+)/g, (_, p: string) => PARAMS[p] ?? 'x1');

function send(spec: RouteSpec, secret: string) {
  const body = spec.body ? '{}' : undefined;
  return env.call(spec.method.toUpperCase(), fill(spec.path), body, secret);
}

const routes = env.app.routeSpecs.filter((s) => s.scope !== 'public');
const label = (s: RouteSpec) => `${s.method.toUpperCase()} ${s.path} (${s.scope})`;
const keys = new Map<string, string>();
for (const scope of SCOPES) {
  keys.set(`only:${scope}`, await key([scope]));
  keys.set(`all-but:${scope}`, await key(SCOPES.filter((s) => s !== scope && s !== 'admin')));
  keys.set(`other-project:${scope}`, await key([scope], ['elsewhere']));
}

describe('scope-by-route matrix', () => {
  it('covers every route, and every route declares a scope', () => {
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const s of env.app.routeSpecs) expect([...SCOPES, 'public']).toContain(s.scope);
  });

  it.each(routes.map((s) => [label(s), s] as const))('%s: 403 for a key with every other scope', async (_, spec) => {
    const res = await send(spec, keys.get(`all-but:${spec.scope}`)!);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain(spec.scope);
  });

  it.each(routes.map((s) => [label(s), s] as const))('%s: past auth with only its scope', async (_, spec) => {
    const res = await send(spec, keys.get(`only:${spec.scope}`)!);
    expect([401, 403]).not.toContain(res.status);
    // validation and lookups may refuse the minimal input, but never with a server error
    expect(res.status).toBeLessThan(500);
  });

  const projectRoutes = routes.filter((s) => s.path.includes(':project'));
  it.each(projectRoutes.map((s) => [label(s), s] as const))('%s: 404 for a key restricted to another project', async (_, spec) => {
    const res = await send(spec, keys.get(`other-project:${spec.scope as Scope}`)!);
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toBe('Project "matrix" was not found');
    // by id as well as by slug
    const byId = await env.call(spec.method.toUpperCase(), fill(spec.path).replace('/matrix', `/${project.id}`), spec.body ? '{}' : undefined, keys.get(`other-project:${spec.scope}`)!);
    expect(byId.status).toBe(404);
  });
});
