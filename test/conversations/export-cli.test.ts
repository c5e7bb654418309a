import { describe, expect, it } from 'vitest';
import * as exportCommand from '../../src/cli/commands/export.js';
import { testEnv } from '../support/deps.js';
import { allIds, defineMetric, makeProject, putConversation, write } from './fixtures.js';
import { listen, runCommand } from './server.js';

const env = await testEnv();
const url = await listen(env);
const p = await makeProject(env, 'cli');
await defineMetric(env, p, 'Auth: verified', 'boolean');
for (let i = 0; i < 30; i++) {
  await putConversation(env, p, `k${i}`, { started_at: new Date(Date.UTC(2026, 5, 1, 0, i)).toISOString(), channel: i % 2 ? 'voice' : 'sms', turns: [{ role: 'user', text: `line ${i}` }] });
  await write(env, p, `k${i}`, 'Auth: verified', i % 3 === 0);
}

describe('sift export', () => {
  it('streams NDJSON to stdout with progress on stderr, with the list filters', async () => {
    const r = await runCommand(exportCommand, url, env.adminKey, ['--project', 'cli', '--metric', 'Auth: verified=true', '--channel', 'voice']);
    expect(r.code).toBe(0);
    const ids = r.out.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(await allIds(env, '/v1/projects/cli/conversations?metric[Auth: verified]=true&channel=voice'));
    expect(ids.length).toBe(5);
    expect(r.err).toMatch(/export 5 conversations/);
  });

  it('writes CSV, starts from a saved view, and reports server-side validation', async () => {
    await env.call('POST', '/v1/projects/cli/views', { name: 'sms failures', query: 'channel=sms&metric[Auth: verified]=false' });
    const r = await runCommand(exportCommand, url, env.adminKey, ['--project', 'cli', '--view', 'sms failures', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^id,project_id,/);
    expect(lines).toHaveLength(1 + 10);
    await expect(runCommand(exportCommand, url, env.adminKey, ['--project', 'cli', '--metric', 'Nope=1'])).rejects.toThrow(/unknown metric "Nope"/);
  });
});
