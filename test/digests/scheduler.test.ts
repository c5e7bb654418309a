import { describe, expect, it } from 'vitest';
import { startScheduler } from '../../src/runtime/scheduler.js';
import { testEnv } from '../support/deps.js';
import { createProject } from '../trends/fixtures.js';
import { startReceiver } from './receiver.js';
import { createDueHourlyDigest, seedRegression } from './seed.js';

// the real clock: the scheduler ticks every second here instead of every minute
const env = await testEnv({ fetch: globalThis.fetch.bind(globalThis) }, { SIFT_ALLOW_PRIVATE_WEBHOOKS: 'true' });
const projectId = await createProject(env.call, 'sched');
await seedRegression(env.deps.db, projectId);

describe('in-process scheduler', () => {
  it('runs a due digest on its own, once, and stops cleanly', async () => {
    const hook = await startReceiver([200]);
    const id = await createDueHourlyDigest(env, 'sched', hook.url);
    const scheduler = startScheduler(env.deps, { pattern: '* * * * * *' });
    const deadline = Date.now() + 20_000;
    while (hook.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2500));
    await scheduler.stop();
    expect(hook.received).toHaveLength(1);
    const runs = await (await env.call('GET', `/v1/projects/sched/digests/${id}/runs`)).json();
    expect(runs.data).toHaveLength(1);
    expect(runs.data[0].status).toBe('delivered');
  });
});
