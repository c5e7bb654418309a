import { describe, expect, it } from 'vitest';
import { fixedClock, testEnv } from '../support/deps.js';
import { addConversations, createProject, defineMetric, type Conv } from './fixtures.js';

const clock = fixedClock(new Date('2026-11-01T12:07:00Z'));
const env = await testEnv({ clock });
const projectId = await createProject(env.call, 'summary');
const db = env.deps.db;
const resolved = await defineMetric(db, projectId, 'Resolved', 'boolean');
const reason = await defineMetric(db, projectId, 'Reason', 'categorical', ['billing', 'other']);
const steady = await defineMetric(db, projectId, 'Greeted', 'boolean');

const convs: Conv[] = [];
const at = (day: number, i: number) => new Date(Date.UTC(2026, 9, day, 8, 0, i)).toISOString();
for (let i = 0; i < 100; i++) {
  // previous window (Oct 18 12:00 to Oct 25 12:00): 80% resolved; current: 50%
  convs.push({ at: at(20, i), values: { [resolved]: i < 80, [steady]: i % 2 === 0, ...(i < 10 ? { [reason]: i < 1 ? 'billing' : 'other' } : {}) } });
  convs.push({ at: at(28, i), values: { [resolved]: i < 50, [steady]: i % 2 === 1, ...(i < 10 ? { [reason]: i < 7 ? 'billing' : 'other' } : {}) } });
}
convs.push({ at: at(29, 0) }, { at: '2026-11-01T12:05:00Z', values: { [resolved]: true } });
await addConversations(db, projectId, convs);

describe('GET /metrics/summary', () => {
  it('compares every metric with the previous window and flags significant changes', async () => {
    const res = await env.call('GET', '/v1/projects/summary/metrics/summary?window=7d');
    expect(res.status).toBe(200);
    const body = await res.json();
    // windows end at the last whole quarter hour: the 12:05 conversation falls outside
    expect(body.window).toEqual({ start: '2026-10-25T12:00:00.000Z', end: '2026-11-01T12:00:00.000Z' });
    expect(body.volume).toEqual({ current: 101, previous: 100, change: 0.01 });
    const r = body.metrics.find((m: { name: string }) => m.name === 'Resolved');
    expect(r.current).toMatchObject({ rate: 0.5, not_written: 1 });
    expect(r.previous.rate).toBe(0.8);
    const change = r.changes[0];
    expect(change).toMatchObject({ value: 'true', previous: 0.8, current: 0.5, change: -0.3, test: 'z', significant: true });
    expect(change.p_value).toBeLessThan(0.0001);

    const why = body.metrics.find((m: { name: string }) => m.name === 'Reason').changes.find((c: { value: string }) => c.value === 'billing');
    expect(why).toMatchObject({ test: 'fisher', previous: 0.1, current: 0.7 });
    // hypergeometric, margins 10/10 and 8/12: (45 + 1200 + 1200 + 45) / C(20, 8) = 2490 / 125970
    expect(why.p_value).toBeCloseTo(2490 / 125970, 6);

    const greeted = body.metrics.find((m: { name: string }) => m.name === 'Greeted').changes[0];
    expect(greeted.significant).toBe(false);
    expect(body.significant_changes.map((c: { metric: string; value: string }) => `${c.metric}=${c.value}`)).toEqual(
      expect.arrayContaining(['Resolved=true', 'Reason=billing']),
    );
    expect(body.significant_changes[0].metric).toBe('Resolved');
  });

  it('wins over the metric-definition route and validates the window', async () => {
    const bad = await env.call('GET', '/v1/projects/summary/metrics/summary?window=7w');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].pointer).toBe('/query/window');
    const long = await env.call('GET', '/v1/projects/summary/metrics/summary?window=400d');
    expect(long.status).toBe(400);
  });
});
