import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findDigestById, projectById } from '../../src/db/digests.js';
import { runDueDigests } from '../../src/digests/due.js';
import { runDigest } from '../../src/digests/run.js';
import { fixedClock, testEnv } from '../support/deps.js';
import { createProject } from '../trends/fixtures.js';
import { startReceiver } from './receiver.js';
import { seedRegression } from './seed.js';

const clock = fixedClock(new Date('2026-06-15T08:30:00Z'));
const env = await testEnv({ clock, fetch: globalThis.fetch.bind(globalThis) }, { SIFT_ALLOW_PRIVATE_WEBHOOKS: 'true', PUBLIC_URL: 'https://sift.example' });
const projectId = await createProject(env.call, 'dig');
await seedRegression(env.deps.db, projectId);
const SECRET = 'whsec_test_0123456789abcdef';
const fast = { attempts: 3, baseMs: 1, timeoutMs: 5000, sleep: async () => {} };

/** What a receiver does (docs/digests.md): recompute the HMAC of `t.body` and compare in constant time. */
function verify(header: string, rawBody: string, secret: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function createDigest(body: Record<string, unknown>) {
  const res = await env.call('POST', '/v1/projects/dig/digests', { name: 'Weekly', schedule: '0 9 * * 1', timezone: 'Europe/London', metrics: 'all', window_days: 7, ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

describe('digest runs', () => {
  it('delivers a signed digest, retrying a receiver that fails first, with every attempt recorded', async () => {
    const hook = await startReceiver([500, 200]);
    const d = await createDigest({ targets: [{ type: 'webhook', url: hook.url, secret: SECRET }] });
    const res = await env.call('POST', `/v1/projects/dig/digests/${d.id}/run`, { period_end: '2026-06-15T08:00:00Z' });
    expect(res.status).toBe(200);
    const run = await res.json();
    expect(run).toMatchObject({ status: 'delivered', period_start: '2026-06-08T08:00:00.000Z', period_end: '2026-06-15T08:00:00.000Z' });
    expect(run.deliveries[0].attempts.map((a: { http_status: number; state: string }) => [a.http_status, a.state])).toEqual([
      [500, 'error'],
      [200, 'sent'],
    ]);
    expect(run.deliveries[0].attempts[0].at).toBe('2026-06-15T08:30:00.000Z');

    expect(hook.received).toHaveLength(2);
    const [first, second] = hook.received;
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['sift-delivery']).toBe(first!.headers['sift-delivery']);
    const now = Math.floor(clock.now().getTime() / 1000);
    expect(verify(String(second!.headers['sift-signature']), second!.body, SECRET, now)).toBe(true);
    expect(verify(String(second!.headers['sift-signature']), second!.body.replace('Weekly', 'Weakly'), SECRET, now)).toBe(false);
    expect(verify(String(second!.headers['sift-signature']), second!.body, 'another-secret-0000', now)).toBe(false);
    expect(verify(String(second!.headers['sift-signature']), second!.body, SECRET, now + 3600)).toBe(false);

    const body = JSON.parse(second!.body);
    expect(body).toMatchObject({ type: 'sift.digest', run_id: run.id, summary: { volume: { current: 40, previous: 40 } } });
    expect(body.regression).toMatchObject({ metric: 'Resolved', value: 'true', previous: 0.9, current: 0.4, significant: true });
    const ex = body.regression.explanation;
    expect(ex.engine).toBe('statistical');
    expect(ex.quotes.length).toBeGreaterThanOrEqual(2);
    expect(ex.quotes.length).toBeLessThanOrEqual(3);
    for (const q of ex.quotes) {
      expect(q.url).toMatch(/^https:\/\/sift\.example\/v1\/projects\/dig\/conversations\//);
      const turn = await env.deps.db.selectFrom('conversation_turns').select('text').where('conversation_id', '=', q.conversation_id).where('idx', '=', q.turn).executeTakeFirstOrThrow();
      expect(turn.text.toLowerCase()).toContain(q.quote.toLowerCase().replace(/\s+/g, ' ').trim());
    }
    expect(body.chart.svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(body.chart.metric).toBe('Resolved');
  });

  it('runs once per period: asking again returns the same run and sends nothing', async () => {
    const hook = await startReceiver([200]);
    const d = await createDigest({ targets: [{ type: 'webhook', url: hook.url, secret: SECRET }] });
    const a = await (await env.call('POST', `/v1/projects/dig/digests/${d.id}/run`, { period_end: '2026-06-15T08:00:00Z' })).json();
    const b = await (await env.call('POST', `/v1/projects/dig/digests/${d.id}/run`, { period_end: '2026-06-15T08:00:00Z' })).json();
    expect(b.id).toBe(a.id);
    expect(hook.received).toHaveLength(1);
    const runs = await (await env.call('GET', `/v1/projects/dig/digests/${d.id}/runs`)).json();
    expect(runs.data.map((r: { id: string }) => r.id)).toEqual([a.id]);
    expect(runs.data[0].deliveries[0]).toMatchObject({ delivered: true, type: 'webhook' });
  });

  it('resumes after a crash between "content built" and "delivered" and never sends twice', async () => {
    const hook = await startReceiver([200]);
    const d = await createDigest({ targets: [{ type: 'webhook', url: hook.url, secret: SECRET }, { type: 'slack', url: hook.url }] });
    const digest = (await findDigestById(env.deps.db, d.id))!;
    const project = (await projectById(env.deps.db, projectId))!;
    const end = new Date('2026-06-15T08:00:00Z');
    await expect(
      runDigest(env.deps, project, digest, end, {
        retry: fast,
        afterBuild: () => {
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const crashed = await env.deps.db.selectFrom('digest_runs').selectAll().where('digest_id', '=', d.id).executeTakeFirstOrThrow();
    expect(crashed.status).toBe('built');
    expect(crashed.content).not.toBeNull();
    expect(hook.received).toHaveLength(0);

    // the crashed worker still holds its lease: a second worker leaves the run alone
    const early = await runDigest(env.deps, project, digest, end, { retry: fast });
    expect(early.status).toBe('built');
    expect(hook.received).toHaveLength(0);

    clock.advance(16 * 60_000);
    const resumed = await runDigest(env.deps, project, digest, end, { retry: fast });
    expect(resumed.status).toBe('delivered');
    expect(resumed.built_at?.toISOString()).toBe(crashed.built_at?.toISOString());
    expect(hook.received).toHaveLength(2);
    const slack = JSON.parse(hook.received.find((r) => !r.headers['sift-signature'])!.body);
    expect(slack.text).toContain('Weekly');
    expect(slack.blocks[0].type).toBe('header');
    const webhook = JSON.parse(hook.received.find((r) => r.headers['sift-signature'])!.body);
    expect(webhook.run_id).toBe(crashed.id);
    expect(webhook.summary).toEqual(crashed.content!.summary);

    const again = await runDigest(env.deps, project, digest, end, { retry: fast, retryFailed: true });
    expect(again.status).toBe('delivered');
    expect(hook.received).toHaveLength(2);
    clock.set(new Date('2026-06-15T08:30:00Z'));
  });

  it('records a failed run after the retries run out, and a later run call retries only what failed', async () => {
    const ok = await startReceiver([200]);
    const down = await startReceiver([503]);
    const d = await createDigest({ targets: [{ type: 'webhook', url: ok.url, secret: SECRET }, { type: 'webhook', url: down.url, secret: SECRET }] });
    const digest = (await findDigestById(env.deps.db, d.id))!;
    const project = (await projectById(env.deps.db, projectId))!;
    const end = new Date('2026-06-15T08:00:00Z');
    const failed = await runDigest(env.deps, project, digest, end, { retry: fast });
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('HTTP 503');
    expect(down.received).toHaveLength(3);
    down.script([200]);
    const retried = await runDigest(env.deps, project, digest, end, { retry: fast, retryFailed: true });
    expect(retried.status).toBe('delivered');
    expect(ok.received).toHaveLength(1);
    expect(down.received).toHaveLength(4);
    const runs = await (await env.call('GET', `/v1/projects/dig/digests/${d.id}/runs`)).json();
    expect(runs.data[0].deliveries[1].attempts.map((a: { attempt: number; http_status: number }) => [a.attempt, a.http_status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 200],
    ]);
  });

  it('runs due digests once per schedule tick (runDueDigests)', async () => {
    const hook = await startReceiver([200]);
    clock.set(new Date('2026-06-10T00:00:00Z'));
    const d = await createDigest({ targets: [{ type: 'webhook', url: hook.url, secret: SECRET }] });
    clock.set(new Date('2026-06-15T07:59:00Z'));
    const before = await runDueDigests(env.deps, clock.now(), { retry: fast });
    expect(before.filter((r) => r.digest_id === d.id)).toEqual([]);
    clock.set(new Date('2026-06-15T08:01:00Z')); // 09:01 in London
    const due = await runDueDigests(env.deps, clock.now(), { retry: fast });
    expect(due).toEqual([{ digest_id: d.id, period_end: '2026-06-15T08:00:00.000Z', status: 'delivered' }]);
    expect(await runDueDigests(env.deps, clock.now(), { retry: fast })).toEqual([]);
    expect(hook.received).toHaveLength(1);
    clock.set(new Date('2026-06-15T08:30:00Z'));
  });
});
