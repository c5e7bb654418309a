import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnalystEvent, Plan } from '../../../src/analyst/contract.js';
import { AnswerSchema } from '../../../src/analyst/contract.js';
import { matchPlan } from '../../../src/analyst/planner/match.js';
import { runStatisticalWithEvidence } from '../../../src/analyst/statistical/engine.js';
import { listMetricDefs } from '../../../src/db/metrics.js';
import type { ProjectRow } from '../../../src/db/projects.js';
import { loadTurns } from '../../../src/db/turns.js';
import { seedDemo } from '../../../src/demo/seed.js';
import { sgdDataset } from '../../../src/eval/datasets/sgd.js';
import { mapTheme } from '../../../src/eval/score.js';
import { fixedClock, testEnv, type TestEnv } from '../../support/deps.js';

// The 240-conversation SGD fixture: 60 failed bookings, 32 because the requested time was
// unavailable (another offered and declined), 31 because nothing was available (3 both).
const ds = sgdDataset();
let env: TestEnv;
let project: ProjectRow;
let plan: Plan;
let answer: Answer;
let evidence: Awaited<ReturnType<typeof runStatisticalWithEvidence>>['evidence'];
const events: AnalystEvent[] = [];

beforeAll(async () => {
  env = await testEnv({ clock: fixedClock(ds.now) });
  await seedDemo(env.deps, env.workspaceId, ds.data, 'sgd');
  project = await env.deps.db.selectFrom('projects').selectAll().where('slug', '=', 'sgd').executeTakeFirstOrThrow();
  const metrics = await listMetricDefs(env.deps.db, project.id);
  const p = matchPlan('why are bookings failing in the last 60 days?', metrics, { now: ds.now, maxWindowDays: 90 });
  if (p.kind === 'clarification') throw new Error(p.question);
  plan = p;
  ({ answer, evidence } = await runStatisticalWithEvidence(env.deps, project, plan, 'why are bookings failing?', { emit: (e) => events.push(e) }));
});

describe('statistical engine on the SGD fixture', () => {
  it('answers in the shared contract, marked statistical with no model, and says how to add an LLM', () => {
    expect(() => AnswerSchema.parse(answer)).not.toThrow();
    expect(answer).toMatchObject({ engine: 'statistical', model: null, kind: 'qualitative', diagnostics: { calls: 0, tokens: { prompt: 0, completion: 0 } } });
    expect(answer.summary).toMatch(/No LLM was used/);
    expect(answer.summary).toMatch(/OPENAI_API_KEY/);
    expect(answer.summary).toMatch(/SIFT_LLM_MODEL/);
    expect(answer.sample_id).toMatch(/^smp_/);
    expect(answer.frame).toEqual([
      expect.objectContaining({ value: 'failures', population: 60, sampled: 60 }),
      expect.objectContaining({ value: 'successes', population: 120, sampled: 120 }),
    ]);
    expect(events.map((e) => e.stage)).toEqual(['sample', 'progress', 'themes']);
  });

  it('finds both true reasons among the top three themes, each share within 15 points of the truth', () => {
    const truthOf = (id: string) => ds.truth(id, 'Booking: completed');
    const top = answer.themes!.slice(0, 3).map((t) => ({ t, m: mapTheme(t, truthOf) }));
    for (const [code, truthShare] of [['requested_time_unavailable', 32 / 60], ['no_availability', 31 / 60]] as const) {
      const hit = top.find((x) => x.m.code === code);
      expect(hit, `${code} among the top three`).toBeDefined();
      expect(Math.abs(hit!.t.failures.share - truthShare)).toBeLessThanOrEqual(0.15);
    }
  });

  it('gives every theme counts in both groups with Wilson intervals, lift and a population estimate', () => {
    for (const t of answer.themes!) {
      expect(t.failures.count).toBe(t.conversation_ids!.length);
      expect(t.failures.share).toBeCloseTo(t.failures.count / 60, 10);
      expect(t.failures.ci[0]).toBeLessThanOrEqual(t.failures.share);
      expect(t.failures.ci[1]).toBeGreaterThanOrEqual(t.failures.share);
      expect(t.successes.share).toBeCloseTo(t.successes.count / 120, 10);
      // the failure stratum was read whole: the estimate is the count itself
      expect(t.estimated_population).toEqual({ value: t.failures.count, ci: [t.failures.count, t.failures.count] });
      if (t.lift !== null) expect(t.lift).toBeCloseTo(t.failures.share / t.successes.share, 10);
    }
  });

  it('quotes only words that are in the cited turn of a sampled conversation', async () => {
    const examples = answer.themes!.flatMap((t) => t.examples);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const turns = await loadTurns(env.deps.db, project.id, [...new Set(examples.map((e) => e.conversation_id))]);
    for (const e of examples) {
      const turn = turns.get(e.conversation_id)!.find((t) => t.idx === e.turn)!;
      expect(turn.text).toContain(e.quote);
      expect(e.url).toBe(`/v1/projects/sgd/conversations/${encodeURIComponent(e.conversation_id)}#turn-${e.turn}`);
    }
    for (const t of answer.themes!) expect(t.examples.length).toBeGreaterThanOrEqual(2);
    expect(answer.diagnostics.dropped_quotes).toBe(0);
  });

  it('exports the contrast statistics as evidence, strongest first', () => {
    expect(evidence.failures).toBe(60);
    expect(evidence.successes).toBe(120);
    expect(evidence.distinctive.length).toBeGreaterThan(0);
    const zs = evidence.distinctive.map((d) => d.z);
    expect(zs).toEqual([...zs].sort((a, b) => b - a));
    expect(evidence.distinctive.find((d) => d.feature === 'reply: no')).toMatchObject({ failures: 30, successes: 0 });
  });
});
