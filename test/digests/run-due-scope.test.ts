import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';
import { createProject } from '../trends/fixtures.js';
import { startReceiver } from './receiver.js';
import { createDueHourlyDigest, seedRegression } from './seed.js';

const env = await testEnv({ fetch: globalThis.fetch.bind(globalThis) }, { SIFT_ALLOW_PRIVATE_WEBHOOKS: 'true' });
const projectId = await createProject(env.call, 'due-a');
await createProject(env.call, 'due-b');
await seedRegression(env.deps.db, projectId);

describe('POST /v1/digests/run-due', () => {
  it('runs only the digests of projects the key may see', async () => {
    const hook = await startReceiver([200]);
    const id = await createDueHourlyDigest(env, 'due-a', hook.url);

    const otherKey = (await (await env.call('POST', '/v1/keys', { name: 'b admin', scopes: ['admin'], projects: ['due-b'] })).json()).secret;
    const restricted = await (await env.call('POST', '/v1/digests/run-due', undefined, otherKey)).json();
    expect(restricted.data).toEqual([]);
    expect(hook.received).toHaveLength(0);

    const all = await (await env.call('POST', '/v1/digests/run-due')).json();
    expect(all.data.map((r: { digest_id: string }) => r.digest_id)).toEqual([id]);
    expect(hook.received).toHaveLength(1);
  });
});
