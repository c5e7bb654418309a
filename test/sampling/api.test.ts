import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixedClock, testEnv } from '../support/deps.js';
import { manyConversations, seedProject } from './fixture.js';

const clock = fixedClock(new Date('2026-06-15T12:00:00Z'));
const env = await testEnv({ clock });
await seedProject(env, 'calls', manyConversations('k', 200, clock.now()));
const BASE = '/v1/projects/calls/samples';
const body = {
  metric: 'Auth: outcome',
  per_stratum: 10,
  seed: 42,
  strata: [
    { label: 'failures', values: ['failed', 'partial'] },
    { label: 'successes', values: ['verified'] },
  ],
};

async function key(scopes: string[]) {
  const res = await env.call('POST', '/v1/keys', { name: scopes.join(' '), scopes });
  return ((await res.json()) as { secret: string }).secret;
}

describe('samples API', () => {
  it('draws with conversations:read, stores the sample, and GET returns exactly the same set', async () => {
    const reader = await key(['conversations:read', 'transcripts:read']);
    const res = await env.call('POST', BASE, body, reader);
    expect(res.status).toBe(201);
    const s = await res.json();
    expect(s.id).toMatch(/^smp_/);
    expect(s.seed).toBe(42);
    expect(s.frame.map((f: { value: string; population: number; sampled: number; weight: number }) => [f.value, f.population, f.sampled, f.weight])).toEqual([
      ['failures', 100, 10, 10],
      ['successes', 100, 10, 10],
    ]);
    expect(s.conversations).toHaveLength(20);
    const withTurns = s.conversations.find((c: { num_turns: number }) => c.num_turns > 0);
    expect(withTurns.turns.length).toBe(withTurns.num_turns);
    expect(s.conversations[0]).toMatchObject({ stratum: 'failures', erased: false });

    const again = await (await env.call('GET', `${BASE}/${s.id}`, undefined, reader)).json();
    expect(again.conversations.map((c: { id: string }) => c.id)).toEqual(s.conversations.map((c: { id: string }) => c.id));
    expect(again.frame).toEqual(s.frame);
    // and a second draw with the same seed on the same data is the same set under a new id
    const twin = await (await env.call('POST', BASE, body, reader)).json();
    expect(twin.id).not.toBe(s.id);
    expect(twin.conversations.map((c: { id: string }) => c.id)).toEqual(s.conversations.map((c: { id: string }) => c.id));
  });

  it('follows the two-layer visibility rules and says what it withheld', async () => {
    const noTranscripts = await key(['conversations:read']);
    const s = await (await env.call('POST', BASE, body, noTranscripts)).json();
    expect(s.conversations.every((c: { turns: unknown[] }) => c.turns.length === 0)).toBe(true);
    expect(s.withheld.turns).toContain('transcripts:read');
    expect(s.conversations.some((c: { num_turns: number }) => c.num_turns > 0)).toBe(true);

    const put = await env.call('PUT', '/v1/projects/calls/api-config', { response_metrics: ['Auth: outcome'], transcripts: false });
    expect(put.status).toBe(200);
    const full = await key(['conversations:read', 'transcripts:read']);
    const limited = await (await env.call('GET', `${BASE}/${s.id}`, undefined, full)).json();
    expect(limited.withheld.turns).toBe('transcript access is off for this project');
    expect(limited.withheld.metrics).toEqual(expect.arrayContaining(['CSAT', 'Auth: verified']));
    for (const c of limited.conversations) {
      expect(c.metrics['Auth: outcome']).toBeDefined();
      expect(c.metrics.CSAT).toBeUndefined();
      expect(c.turns).toEqual([]);
    }
    await env.call('PUT', '/v1/projects/calls/api-config', { response_metrics: 'all', transcripts: true });
  });

  it('refuses keys without conversations:read, unknown samples and bad bodies', async () => {
    const writer = await key(['metrics:write']);
    expect((await env.call('POST', BASE, body, writer)).status).toBe(403);
    expect((await env.call('GET', `${BASE}/smp_nothere`)).status).toBe(404);
    const bad = await env.call('POST', BASE, { ...body, per_stratum: 0, seed: 1.5 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const pointers = (await bad.json()).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/per_stratum', '/body/seed']));
    expect((await env.call('POST', BASE, { ...body, bogus: true })).status).toBe(400);
  });

  it('documents its routes and scopes in /openapi.json', async () => {
    const doc = await (await env.app.request('/openapi.json')).json();
    expect(doc.paths['/v1/projects/{project}/samples'].post['x-required-scope']).toBe('conversations:read');
    expect(doc.paths['/v1/projects/{project}/samples/{id}'].get['x-required-scope']).toBe('conversations:read');
    expect(doc.paths['/v1/projects/{project}/samples/{id}/export'].get).toBeDefined();
  });

  it('still loads a sample after one of its conversations is erased, marking that member', async () => {
    const s = await (await env.call('POST', BASE, { ...body, seed: 'erasure' })).json();
    const victim = s.conversations[3].id;
    const del = await env.call('DELETE', `/v1/projects/calls/conversations/${victim}`);
    expect(del.status).toBe(200);
    const res = await env.call('GET', `${BASE}/${s.id}`);
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after.conversations.map((c: { id: string }) => c.id)).toEqual(s.conversations.map((c: { id: string }) => c.id));
    expect(after.conversations[3]).toEqual({ id: victim, stratum: s.conversations[3].stratum, erased: true, metrics: {}, turns: [] });
    expect(after.conversations.filter((c: { erased: boolean }) => c.erased)).toHaveLength(1);
    const csv = await (await env.call('GET', `${BASE}/${s.id}/export?format=csv`)).text();
    expect(csv.split('\r\n').find((l) => l.includes(victim))).toMatch(new RegExp(`^${s.id},3,\\w+,10,0\\.1,true,${victim},+$`));
  });

  it('exports a sample as NDJSON and CSV, each row carrying its weight', async () => {
    const s = await (await env.call('POST', BASE, { ...body, seed: 'export' })).json();
    const nd = await env.call('GET', `${BASE}/${s.id}/export?format=ndjson`);
    expect(nd.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(s.conversations.map((c: { id: string }) => c.id));
    const f = s.frame[0];
    expect(f.population).toBe(99); // one failure was erased by the previous test
    expect(lines[0]).toMatchObject({ sample_id: s.id, position: 0, stratum: 'failures', weight: f.weight, inclusion_probability: f.inclusion_probability });

    const csv = await env.call('GET', `${BASE}/${s.id}/export?format=csv`, undefined, undefined, { 'accept-encoding': 'gzip' });
    expect(csv.headers.get('content-encoding')).toBe('gzip');
    const rows = gunzipSync(Buffer.from(await csv.arrayBuffer())).toString('utf8').trim().split('\r\n');
    expect(rows).toHaveLength(21);
    const header = rows[0]!.split(',');
    expect(header.slice(0, 7)).toEqual(['sample_id', 'position', 'stratum', 'weight', 'inclusion_probability', 'erased', 'id']);
    expect(header).toEqual(expect.arrayContaining(['Auth: outcome', 'CSAT', 'turns']));
    expect(rows[1]!.startsWith(`${s.id},0,failures,${f.weight},${f.inclusion_probability},false,${s.conversations[0].id},`)).toBe(true);
    expect((await env.call('GET', `${BASE}/${s.id}/export?format=xml`)).status).toBe(400);
  });
});
