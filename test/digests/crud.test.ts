import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';
import { createProject, defineMetric } from '../trends/fixtures.js';

// default configuration: private webhook addresses are refused. Hosts are IP literals: the test
// machine has no DNS, and a host name that does not resolve is refused.
const env = await testEnv();
const projectId = await createProject(env.call, 'crud');
await defineMetric(env.deps.db, projectId, 'Resolved', 'boolean');
const base = '/v1/projects/crud/digests';
const valid = {
  name: 'Weekly quality',
  schedule: '0 9 * * 1',
  timezone: 'Europe/London',
  metrics: ['Resolved'],
  window_days: 7,
  targets: [
    { type: 'webhook', url: 'https://93.184.216.34/sift' },
    { type: 'slack', url: 'https://93.184.216.35/services/T000/B000/XXXXSECRET' },
  ],
};

describe('digests API', () => {
  it('creates a digest, shows a generated secret once, and masks Slack URLs in listings', async () => {
    const res = await env.call('POST', base, valid);
    expect(res.status).toBe(201);
    const d = await res.json();
    expect(d).toMatchObject({ name: 'Weekly quality', schedule: '0 9 * * 1', timezone: 'Europe/London', metrics: ['Resolved'], window_days: 7, enabled: true });
    expect(d.targets[0].secret).toMatch(/^whsec_[a-z0-9]{40}$/);
    const got = await (await env.call('GET', `${base}/${d.id}`)).json();
    expect(JSON.stringify(got)).not.toContain(d.targets[0].secret);
    expect(got.targets[0].has_secret).toBe(true);
    expect(got.targets[1].url).toBe('https://93.184.216.35/…');
    expect(JSON.stringify(got)).not.toContain('XXXXSECRET');
    const list = await (await env.call('GET', base)).json();
    expect(list.data.map((x: { id: string }) => x.id)).toContain(d.id);

    const patched = await (await env.call('PATCH', `${base}/${d.id}`, { enabled: false, metrics: 'all', window_days: 14 })).json();
    expect(patched).toMatchObject({ enabled: false, metrics: 'all', window_days: 14 });
    expect((await env.call('DELETE', `${base}/${d.id}`)).status).toBe(200);
    expect((await env.call('GET', `${base}/${d.id}`)).status).toBe(404);
  });

  it('refuses bad cron, zones, metrics and private webhook addresses with pointers', async () => {
    const pointerOf = async (body: object) => {
      const res = await env.call('POST', base, { ...valid, ...body });
      expect(res.status).toBe(400);
      return (await res.json()).errors.map((e: { pointer: string }) => e.pointer);
    };
    expect(await pointerOf({ schedule: '61 * * * *' })).toEqual(['/body/schedule']);
    expect(await pointerOf({ schedule: '* * * * *' })).toEqual(['/body/schedule']);
    expect(await pointerOf({ timezone: 'Europe/Atlantis' })).toContain('/body/timezone');
    expect(await pointerOf({ metrics: ['Resolved', 'Nope'] })).toEqual(['/body/metrics/1']);
    expect(await pointerOf({ targets: [{ type: 'webhook', url: 'http://127.0.0.1:9000/x' }] })).toEqual(['/body/targets/0/url']);
    expect(await pointerOf({ targets: [{ type: 'webhook', url: 'http://[::ffff:10.0.0.1]/x' }] })).toEqual(['/body/targets/0/url']);
    expect(await pointerOf({ targets: [{ type: 'email', url: 'https://93.184.216.34/' }] })).toEqual(['/body/targets/0/type']);
    expect(await pointerOf({ window_days: 400 })).toEqual(['/body/window_days']);
  });

  it('is for admin keys only', async () => {
    const key = (await (await env.call('POST', '/v1/keys', { name: 'reader', scopes: ['conversations:read'] })).json()).secret;
    expect((await env.call('GET', base, undefined, key)).status).toBe(403);
    expect((await env.call('POST', '/v1/digests/run-due', undefined, key)).status).toBe(403);
  });
});
