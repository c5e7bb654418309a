import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
await env.call('POST', '/v1/projects', { slug: 'gitops', name: 'GitOps' });
const base = '/v1/projects/gitops/metrics';
for (const m of [
  { name: 'Auth: verified', type: 'boolean', definition: 'ID&V passed', flow: 'auth' },
  { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'] },
  { name: 'CSAT: score', type: 'numeric', min: 1, max: 5 },
]) {
  await env.call('POST', base, m);
}
await env.call('POST', `${base}/${encodeURIComponent('CSAT: score')}/archive`);
await env.call('POST', '/v1/projects/gitops/conversations/c1/metrics', { name: 'Auth: outcome', value: 'partial' });

const importDoc = (text: string, type: string, dryRun = false) =>
  env.app.request(`${base}/import${dryRun ? '?dry_run=true' : ''}`, { method: 'POST', headers: { authorization: `Bearer ${env.adminKey}`, 'content-type': type }, body: text });

describe('export', () => {
  it('exports YAML by default and JSON on request, with archived metrics marked', async () => {
    const res = await env.call('GET', `${base}/export`);
    expect(res.headers.get('content-type')).toContain('application/yaml');
    const doc = parse(await res.text());
    expect(doc.version).toBe(1);
    expect(doc.metrics).toEqual([
      { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'], definition: '' },
      { name: 'Auth: verified', type: 'boolean', definition: 'ID&V passed', flow: 'auth' },
      { name: 'CSAT: score', type: 'numeric', min: 1, max: 5, definition: '', archived: true },
    ]);
    const json = await (await env.call('GET', `${base}/export?format=json`)).json();
    expect(json).toEqual(doc);
  });
});

describe('import', () => {
  const edited = `version: 1
metrics:
  - name: "Auth: verified"
    type: boolean
    definition: ID&V passed on the first try
    flow: auth
  - name: "Auth: outcome"
    type: categorical
    categories: [verified, failed, partial, locked out]
  - name: "Booking: completed"
    type: boolean
  - name: "CSAT: score"
    type: numeric
    min: 1
    max: 5
    archived: true
`;

  it('dry-runs: lists what would be created, changed and left unchanged, and writes nothing', async () => {
    const res = await importDoc(edited, 'application/yaml', true);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({
      dry_run: true,
      created: ['Booking: completed'],
      changed: [
        { name: 'Auth: verified', fields: ['definition'] },
        { name: 'Auth: outcome', fields: ['categories'] },
      ],
      unchanged: ['CSAT: score'],
      refused: [],
      unlisted: [],
    });
    expect((await env.call('GET', `${base}/${encodeURIComponent('Booking: completed')}`)).status).toBe(404);
  });

  it('applies the file', async () => {
    const report = await (await importDoc(edited, 'application/yaml')).json();
    expect(report.dry_run).toBe(false);
    expect((await (await env.call('GET', `${base}/${encodeURIComponent('Auth: outcome')}`)).json()).categories).toContain('locked out');
    expect((await (await env.call('GET', `${base}/${encodeURIComponent('Auth: verified')}`)).json()).definition).toBe('ID&V passed on the first try');
    const again = await (await importDoc(edited, 'application/yaml', true)).json();
    expect(again.created).toEqual([]);
    expect(again.changed).toEqual([]);
  });

  it('refuses type changes, in-use category removals and invalid items, and then applies nothing', async () => {
    const doc = {
      version: 1,
      metrics: [
        { name: 'Auth: verified', type: 'numeric' },
        { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed'] },
        { name: 'New: one', type: 'boolean' },
        { name: 'Broken', type: 'categorical', categories: ['only'] },
        { name: 'New: one', type: 'boolean' },
      ],
    };
    const dry = await (await importDoc(JSON.stringify(doc), 'application/json', true)).json();
    expect(dry.refused.map((r: { name: string; errors: { pointer: string }[] }) => [r.name, r.errors[0]!.pointer])).toEqual([
      ['Auth: verified', '/body/metrics/0/type'],
      ['Auth: outcome', '/body/metrics/1/categories'],
      ['Broken', '/body/metrics/3/categories'],
      ['New: one', '/body/metrics/4/name'],
    ]);
    expect(dry.created).toEqual(['New: one']);
    const res = await importDoc(JSON.stringify(doc), 'application/json');
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.detail).toContain('nothing was imported');
    expect(problem.report.refused).toHaveLength(4);
    expect((await env.call('GET', `${base}/${encodeURIComponent('New: one')}`)).status).toBe(404);
  });

  it('reports unparseable files, wrong shapes and content types', async () => {
    const bad = await importDoc('metrics: [\n  - name: x', 'application/yaml');
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toContain('does not parse');
    const shape = await importDoc(JSON.stringify({ metrics: 'nope' }), 'application/json');
    expect(shape.status).toBe(400);
    expect((await shape.json()).errors[0].pointer).toBe('/body/metrics');
    expect((await importDoc('x', 'text/plain')).status).toBe(415);
  });

  it('needs definitions:write', async () => {
    const reader = (await (await env.call('POST', '/v1/keys', { name: 'r', scopes: ['conversations:read'] })).json()).secret;
    const res = await env.app.request(`${base}/import?dry_run=true`, { method: 'POST', headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/yaml' }, body: edited });
    expect(res.status).toBe(403);
    expect((await env.call('GET', `${base}/export`, undefined, reader)).status).toBe(200);
  });
});
