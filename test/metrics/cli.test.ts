import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/metrics.js';
import { testEnv } from '../support/deps.js';

const env = await testEnv();
await env.call('POST', '/v1/projects', { slug: 'cli', name: 'CLI' });
await env.call('POST', '/v1/projects/cli/metrics', { name: 'Auth: verified', type: 'boolean', definition: 'ID&V passed' });
await env.call('POST', '/v1/projects/cli/metrics', { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed'] });
await env.call('POST', '/v1/projects/cli/conversations/c1/metrics', { name: 'Auth: outcome', value: 'failed' });

const server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((r) => server.once('listening', () => r()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => server.close(() => r())));
const dir = await mkdtemp(join(tmpdir(), 'sift-cli-'));

async function sift(...argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  err.on('data', (d) => (text += d));
  const code = await run({ argv, url, key: env.adminKey, out, err, tty: false });
  return { code, text };
}

describe('sift metrics', () => {
  it('exports to a file, imports an edited copy with a dry run first, and reports refusals', async () => {
    const file = join(dir, 'metrics.yaml');
    expect((await sift('export', '--project', 'cli', '--out', file)).code).toBe(0);
    const yaml = await readFile(file, 'utf8');
    expect(yaml).toContain('name: "Auth: verified"');
    await writeFile(file, yaml.replace('ID&V passed', 'ID&V passed first time').concat('  - name: "Booking: completed"\n    type: boolean\n    definition: ""\n'));
    const dry = await sift('import', file, '--project', 'cli', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.text).toContain('Dry run');
    expect(dry.text).toContain('+ create    Booking: completed');
    expect(dry.text).toContain('~ change    Auth: verified (definition)');
    expect((await sift('import', file, '--project', 'cli')).text).toContain('Imported.');
    expect((await sift('list', '--project', 'cli')).text).toContain('Booking: completed  (boolean)');

    const json = join(dir, 'bad.json');
    await writeFile(json, JSON.stringify({ metrics: [{ name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'other'] }] }));
    const refused = await sift('import', json, '--project', 'cli');
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('! refuse    Auth: outcome: /body/metrics/0/categories cannot remove "failed"');
  });

  it('prints lint warnings and JSON exports', async () => {
    await env.call('POST', '/v1/projects/cli/metrics', { name: 'AUTH_FAILED', type: 'boolean' });
    expect((await sift('lint', '--project', 'cli')).text).toContain('[mixed_casing]');
    const json = await sift('export', '--project', 'cli', '--format', 'json');
    expect(JSON.parse(json.text).metrics.length).toBe(4);
    await expect(sift('export')).rejects.toThrow('--project is required');
  });
});
