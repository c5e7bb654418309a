import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';
import { defineMetric, makeKey, makeProject, putConversation, write } from './fixtures.js';

const env = await testEnv();
const p = await makeProject(env, 'vis');
const base = '/v1/projects/vis/conversations';
await defineMetric(env, p, 'M1', 'boolean');
await defineMetric(env, p, 'M2', 'categorical', ['x', 'y']);
await putConversation(env, p, 'v1', { started_at: '2026-06-01T00:00:00Z', turns: [{ role: 'user', text: 'secret words' }, { role: 'agent', text: 'ok' }] });
await write(env, p, 'v1', 'M1', true);
await write(env, p, 'v1', 'M2', 'x');

const keys = {
  read: await makeKey(env, ['conversations:read']),
  readTranscripts: await makeKey(env, ['conversations:read', 'transcripts:read']),
  transcriptsOnly: await makeKey(env, ['transcripts:read']),
  admin: env.adminKey,
};

const configs = {
  open: { response_metrics: 'all', transcripts: true },
  onlyM1: { response_metrics: ['M1'], transcripts: true },
  closed: { response_metrics: [], transcripts: false },
} as const;

type Obj = { metrics: Record<string, unknown>; turns: unknown[]; num_turns: number; withheld: Record<string, unknown> };

/** The conversation as list, detail and export each return it. */
async function readAll(key: string): Promise<{ status: number[]; objs: Obj[]; withheld: Record<string, unknown>[] }> {
  const list = await env.call('GET', base, undefined, key);
  const detail = await env.call('GET', `${base}/v1`, undefined, key);
  const exp = await env.call('GET', `${base}/export?format=ndjson`, undefined, key);
  const status = [list.status, detail.status, exp.status];
  if (status.some((s) => s !== 200)) return { status, objs: [], withheld: [] };
  const l = (await list.json()) as { data: Obj[]; withheld: Record<string, unknown> };
  const d = (await detail.json()) as Obj;
  const e = JSON.parse((await exp.text()).trim()) as Obj;
  return { status, objs: [l.data[0]!, d, e], withheld: [l.withheld, d.withheld, e.withheld, JSON.parse(exp.headers.get('sift-withheld')!)] };
}

const customMetrics = (o: Obj) => Object.keys(o.metrics).filter((k) => !/^[A-Z_]+$/.test(k)).sort();

describe('two-layer visibility: project api-config x key scopes, for list, detail and export', () => {
  const matrix: [keyof typeof configs, keyof typeof keys, string[] | 403, boolean][] = [
    ['open', 'read', ['M1', 'M2'], false],
    ['open', 'readTranscripts', ['M1', 'M2'], true],
    ['open', 'admin', ['M1', 'M2'], true],
    ['open', 'transcriptsOnly', 403, false],
    ['onlyM1', 'read', ['M1'], false],
    ['onlyM1', 'readTranscripts', ['M1'], true],
    ['onlyM1', 'admin', ['M1'], true],
    ['closed', 'readTranscripts', [], false],
    ['closed', 'admin', [], false],
    ['closed', 'transcriptsOnly', 403, false],
  ];
  it.each(matrix)('config %s, key %s', async (config, key, metrics, turns) => {
    expect((await env.call('PUT', '/v1/projects/vis/api-config', configs[config])).status).toBe(200);
    const got = await readAll(keys[key]);
    if (metrics === 403) {
      expect(got.status).toEqual([403, 403, 403]);
      return;
    }
    expect(got.status).toEqual([200, 200, 200]);
    for (const o of got.objs) {
      expect(customMetrics(o)).toEqual(metrics);
      expect(o.turns.length).toBe(turns ? 2 : 0);
      expect(o.num_turns).toBe(2);
      expect(o.metrics.CALL_COMPLETED).toBe(true);
    }
    for (const w of got.withheld) {
      const hidden = ['M1', 'M2'].filter((m) => !metrics.includes(m));
      if (hidden.length) {
        expect(w.metrics).toEqual(hidden);
        expect(w.metrics_reason).toMatch(/response_metrics/);
      } else expect(w.metrics).toBeUndefined();
      if (turns) expect(w.turns).toBeUndefined();
      else if (config === 'closed') expect(w.turns).toBe('transcript access is off for this project');
      else expect(w.turns).toMatch(/transcripts:read/);
    }
  });

  it('hides withheld metrics from the detail history too', async () => {
    await env.call('PUT', '/v1/projects/vis/api-config', configs.onlyM1);
    const d = (await (await env.call('GET', `${base}/v1`)).json()) as { metric_history: { metric: string }[] };
    expect(d.metric_history.map((h) => h.metric)).toEqual(['M1']);
  });

  it('api-config: defaults to everything, admin only, refuses unknown metric names', async () => {
    const other = await makeProject(env, 'vis-new');
    const res = await env.call('GET', `/v1/projects/${other.slug}/api-config`);
    expect(await res.json()).toEqual({ response_metrics: 'all', transcripts: true });
    expect((await env.call('GET', '/v1/projects/vis/api-config', undefined, keys.readTranscripts)).status).toBe(403);
    const bad = await env.call('PUT', '/v1/projects/vis/api-config', { response_metrics: ['M1', 'Typo'], transcripts: true });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('/body/response_metrics/1');
    expect((await env.call('PUT', '/v1/projects/vis/api-config', { response_metrics: 'some', transcripts: true })).status).toBe(400);
  });
});
