import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/analyst/contract.js';
import { matchPlan } from '../../../src/analyst/planner/match.js';
import { answerQuantitative } from '../../../src/analyst/quantitative.js';
import { listMetricDefs, type MetricRow } from '../../../src/db/metrics.js';
import type { ProjectRow } from '../../../src/db/projects.js';
import { seedDemo } from '../../../src/demo/seed.js';
import { AppError } from '../../../src/errors.js';
import { SGD_FIXTURE, sgdDataset } from '../../../src/eval/datasets/sgd.js';
import { wilson } from '../../../src/stats/wilson.js';
import { fixedClock, testEnv, type TestEnv } from '../../support/deps.js';

// Hand counts come from the fixture file itself, never from the store.
const lines = readFileSync(SGD_FIXTURE, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { started_at: string; metrics: Record<string, unknown> });
const ds = sgdDataset();
let env: TestEnv;
let project: ProjectRow;
let metrics: MetricRow[];

function handCount(start: string, end: string, metric: string) {
  const inWindow = lines.filter((l) => Date.parse(l.started_at) >= Date.parse(start) && Date.parse(l.started_at) < Date.parse(end));
  const written = inWindow.filter((l) => metric in l.metrics);
  const by = (v: unknown) => written.filter((l) => l.metrics[metric] === v).length;
  return { total: inWindow.length, written: written.length, by };
}

const planFor = (q: string): Plan => {
  const p = matchPlan(q, metrics, { now: ds.now, maxWindowDays: 90 });
  if (p.kind === 'clarification') throw new Error(p.question);
  return p;
};

beforeAll(async () => {
  env = await testEnv({ clock: fixedClock(ds.now) });
  await seedDemo(env.deps, env.workspaceId, ds.data, 'sgd');
  project = await env.deps.db.selectFrom('projects').selectAll().where('slug', '=', 'sgd').executeTakeFirstOrThrow();
  metrics = await listMetricDefs(env.deps.db, project.id);
});

describe('exact quantitative answers', () => {
  it('counts every conversation in the window, with denominators, "not written" and Wilson intervals', async () => {
    const plan = planFor('how many bookings failed in the last 40 days?');
    const a = await answerQuantitative(env.deps, project, plan, 'how many bookings failed in the last 40 days?');
    const h = handCount(plan.window.start, plan.window.end, 'Booking: completed');
    expect(h.by(false)).toBeGreaterThan(10);
    expect(a).toMatchObject({ engine: 'statistical', model: null, kind: 'quantitative' });
    const [target, contrast] = a.figures!;
    expect(target).toMatchObject({ count: h.by(false), denominator: h.written, not_written: h.total - h.written });
    expect(target!.rate).toBeCloseTo(h.by(false) / h.written, 12);
    expect(target!.ci).toEqual(wilson(h.by(false), h.written));
    expect(contrast).toMatchObject({ count: h.by(true), denominator: h.written });
    expect(a.figures!.find((f) => f.label === 'Booking: completed = false')).toMatchObject({ count: h.by(false) });
    expect(a.figures!.find((f) => f.value === 'not written')).toMatchObject({ count: h.total - h.written, denominator: h.total });
    expect(a.summary).toContain(`${h.by(false)} conversations had Booking: completed = false`);
  });

  it('counts each category of a categorical metric, unknown none', async () => {
    const plan = planFor('what share of bookings were partially completed in the last 60 days?');
    const a = await answerQuantitative(env.deps, project, plan, 'q');
    const h = handCount(plan.window.start, plan.window.end, 'Booking: outcome');
    for (const c of ['completed', 'failed', 'partially completed', 'not requested']) {
      expect(a.figures!.find((f) => f.label === `Booking: outcome = ${c}`)).toMatchObject({ count: h.by(c), denominator: h.written });
    }
    expect(a.figures![0]).toMatchObject({ count: h.by('partially completed') });
  });

  it('gives a trend with one figure per day whose counts add up to the window total', async () => {
    const plan = planFor('booking failures per day in the last 14 days');
    const a = await answerQuantitative(env.deps, project, plan, 'q');
    const h = handCount(plan.window.start, plan.window.end, 'Booking: completed');
    expect(a.figures!.length).toBe(15);
    expect(a.figures!.reduce((s, f) => s + f.count, 0)).toBe(h.by(false));
    expect(a.figures!.reduce((s, f) => s + f.denominator, 0)).toBe(h.written);
    for (const f of a.figures!) expect(f.bucket).toMatch(/T00:00:00.000Z$/);
  });

  it('compares with the window before, of the same length', async () => {
    const plan = planFor('compare booking failures in the last 20 days with the previous period');
    const a = await answerQuantitative(env.deps, project, plan, 'q');
    const span = Date.parse(plan.window.end) - Date.parse(plan.window.start);
    const before = handCount(new Date(Date.parse(plan.window.start) - span).toISOString(), plan.window.start, 'Booking: completed');
    expect(a.figures!.find((f) => f.label.startsWith('previous window: target'))).toMatchObject({ count: before.by(false), denominator: before.written });
    expect(a.summary).toMatch(/In the window before/);
  });

  it('refuses a plan that does not fit the project, naming the problem', async () => {
    const plan = { ...planFor('how many bookings failed last week?'), metric: 'Nope' };
    await expect(answerQuantitative(env.deps, project, plan, 'q')).rejects.toThrow(AppError);
    await expect(answerQuantitative(env.deps, project, plan, 'q')).rejects.toThrow(/metric "Nope" does not exist/);
  });
});
