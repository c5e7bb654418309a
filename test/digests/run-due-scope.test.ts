import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';
import { createProject } from '../trends/fixtures.js';
import { startReceiver } from './receiver.js';
import { seedRegression } from './seed.js';

const env = await testEnv({ fetch: globalThis.fetch.bind(globalThis) }, { SIFT_ALLOW_PRIVATE_WEBHOOKS: 'true' });
const projectId = await createProject(env.call, 'due-a');
await createProject(env.call, 'due-b');
await seedRegression(env.deps.db, projectId);

describe('POST /v1/digests/run-due', () => {
  it('runs only the digests of projects the key may see', async () => {
    const hook = await startReceiver([200]);
    const res = await env.call('POST', '/v1/projects/due-a/digests', {
      name: 'Hourly',
      schedule: '0 * * * *',
      timezone: 'UTC',
      metrics: 'all',
      window_days: 1,
      targets: [{ type: 'webhook', url: hook.url, secret: 'whsec_due_0123456789' }],
    });
    const { id } = await res.json();
    // created "yesterday" so that the latest hourly tick is due
    await env.deps.db.updateTable('digests').set({ created_at: new Date(Date.now() - 86_400_000) } as never).where('id', '=', id).execute();

    const otherKey = (await (await env.call('POST', '/v1/keys', { name: 'b admin', scopes: ['admin'], projects: ['due-b'] })).json()).secret;
    const restricted = await (await env.call('POST', '/v1/digests/run-due', undefined, otherKey)).json();
    expect(restricted.data).toEqual([]);
    expect(hook.received).toHaveLength(0);

    const all = await (await env.call('POST', '/v1/digests/run-due')).json();
    expect(all.data.map((r: { digest_id: string }) => r.digest_id)).toEqual([id]);
    expect(hook.received).toHaveLength(1);
  });
});
