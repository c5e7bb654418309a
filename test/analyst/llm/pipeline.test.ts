import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerSchema, type Answer } from '../../../src/analyst/contract.js';
import { normalise } from '../../../src/analyst/llm/citations.js';
import { openaiHandler, scriptedAnalyst, stageOf } from '../../support/openai-mock.js';
import { PII, REASONS, seedAuthProject } from './fixture.js';
import { llmEnv } from './setup.js';

const env = await llmEnv();
const convs = await seedAuthProject(env);

async function askOnce(body: object): Promise<Answer> {
  const res = await env.call('POST', '/v1/projects/auth/analyst/questions', body);
  expect(res.status, await res.clone().text()).toBe(200);
  return AnswerSchema.parse(await res.json());
}

beforeEach(() => {
  env.captured.bodies.length = 0;
  env.captured.raw.length = 0;
  env.server.use(openaiHandler(scriptedAnalyst({ reasons: REASONS }), { captured: env.captured }));
});

describe('the LLM pipeline on a fixture with planted reasons', () => {
  let answer: Answer;
  it('answers a why-question with counted, distinctive reasons', async () => {
    answer = await askOnce({ question: 'why are calls failing authentication?', options: { seed: 7, failures: 30, successes: 30 } });
    expect(answer.engine).toBe('llm');
    expect(answer.model).toBe('gpt-4o-mini');
    expect(answer.kind).toBe('qualitative');
    expect(answer.plan).toMatchObject({ metric: 'Auth: verified', target_values: [false], contrast_values: [true] });
    expect(answer.frame).toEqual([
      expect.objectContaining({ value: 'failures', population: 40, sampled: 30 }),
      expect.objectContaining({ value: 'successes', population: 40, sampled: 30 }),
    ]);
    const byTitle = new Map(answer.themes!.map((t) => [t.title, t]));
    const sampledFailures = new Set(convs.filter((c) => !c.verified).map((c) => c.id));
    // the planted proportions: 50% DOB, 30% no account, 20% timeout among failures; none among successes
    const dob = byTitle.get('Date of birth did not match')!;
    expect(dob.distinctive).toBe(true);
    expect(dob.failures.share).toBeGreaterThan(0.3);
    expect(dob.failures.share).toBeLessThan(0.7);
    expect(dob.successes.count).toBe(0);
    expect(dob.lift).toBeNull();
    expect(dob.failures.ci[0]).toBeLessThan(dob.failures.share);
    expect(dob.estimated_population.value).toBe(Math.round((40 * dob.failures.count) / 30));
    expect(byTitle.get('Caller had no account number')!.distinctive).toBe(true);
    // on hold in 30% of both groups: reported, but not as a cause
    const hold = byTitle.get('Caller was put on hold')!;
    expect(hold.distinctive).toBe(false);
    expect(hold.successes.count).toBeGreaterThan(0);
    expect(answer.themes!.at(-1)!.distinctive).toBe(false);
    for (const t of answer.themes!.filter((x) => x.distinctive)) {
      expect(t.examples.length).toBeGreaterThanOrEqual(2);
      expect(t.examples.length).toBeLessThanOrEqual(3);
      for (const e of t.examples) {
        expect(sampledFailures.has(e.conversation_id)).toBe(true);
        expect(e.url).toBe(`/v1/projects/auth/conversations/${e.conversation_id}#turn-${e.turn}`);
      }
    }
    expect(answer.summary).toContain('Date of birth did not match');
    expect(answer.summary).toContain('not distinctive');
    expect(answer.diagnostics.unread_conversations).toEqual([]);
    expect(answer.diagnostics.dropped_quotes).toBe(0);
    expect(answer.diagnostics.calls).toBeGreaterThanOrEqual(4);
    expect(answer.diagnostics.tokens.prompt).toBeGreaterThan(0);
    expect(answer.diagnostics.estimate!.calls).toBeGreaterThan(0);
  });

  it('cites quotes that really are in the cited turn of the cited conversation', async () => {
    for (const t of answer.themes!) {
      for (const e of t.examples) {
        const res = await env.call('GET', `/v1/projects/auth/conversations/${e.conversation_id}`);
        const conv = await res.json();
        const turn = conv.turns.find((x: { idx?: number; index?: number }) => (x.idx ?? x.index) === e.turn) ?? conv.turns[e.turn];
        expect(normalise(turn.text)).toContain(normalise(e.quote));
      }
    }
  });

  it('stores the sample it read, reproducible through the samples API', async () => {
    const res = await env.call('GET', `/v1/projects/auth/samples/${answer.sample_id}`);
    expect(res.status).toBe(200);
    const sample = await res.json();
    expect(sample.conversations.length).toBe(60);
  });

  it('never sends PII, metric definitions or raw ids to the LLM, and delimits transcripts as data', async () => {
    await askOnce({ question: 'why are calls failing authentication?', options: { seed: 8, failures: 30, successes: 30 } });
    expect(env.captured.raw.length).toBeGreaterThan(0);
    for (const raw of env.captured.raw) {
      for (const p of PII) expect(raw).not.toContain(JSON.stringify(p).slice(1, -1));
      expect(raw).not.toContain('SECRET-DEFINITION-TEXT');
      expect(raw).not.toMatch(/fail-\d|ok-\d/);
    }
    const read = env.captured.bodies.find((b) => stageOf(b) === 'facets')!;
    expect(read.messages[0]!.role).toBe('system');
    expect(read.messages[0]!.content).not.toMatch(/<transcript ref="c\d/);
    expect(read.messages[1]!.content).toMatch(/<transcript ref="c\d+">\n\[0\] agent: /);
    expect(read.messages[1]!.content).toContain('[EMAIL]');
    expect(read.response_format!.type).toBe('json_schema');
  });

  it('serves a repeated question from the read cache', async () => {
    const before = env.captured.bodies.length;
    const again = await askOnce({ question: 'why are calls failing authentication?', options: { seed: 8, failures: 30, successes: 30 } });
    const stages = env.captured.bodies.slice(before).map(stageOf);
    expect(stages).not.toContain('facets');
    expect(again.diagnostics.cached_reads).toBe(60);
    // the estimate shown before the run knows the cache answers every read
    expect(again.diagnostics.estimate!.calls).toBe(1 + 0 + 1 + 4);
  });

  it('erasing a conversation erases its cached reads', async () => {
    const count = async () => Number((await env.deps.db.selectFrom('analyst_reads').select((eb) => eb.fn.countAll().as('n')).where('conversation_id', '=', 'fail-1').executeTakeFirstOrThrow()).n);
    expect(await count()).toBeGreaterThan(0);
    expect((await env.call('DELETE', '/v1/projects/auth/conversations/fail-1')).status).toBe(200);
    expect(await count()).toBe(0);
  });

  it("hands the offline engine's contrast statistics to the theme proposer, redacted", async () => {
    await askOnce({ question: 'why are calls failing authentication?', options: { seed: 9, failures: 30, successes: 30, evidence: true } });
    const propose = env.captured.bodies.find((b) => stageOf(b) === 'themes')!;
    const text = propose.messages[1]!.content;
    expect(text).toContain('Statistics from the offline engine');
    expect(text).toMatch(/in \d+ of \d+ failures vs \d+ of \d+ successes/);
    for (const raw of env.captured.raw) for (const p of PII) expect(raw).not.toContain(p);
  });

  it('refuses sample sizes over 500 in total, naming the field', async () => {
    const res = await env.call('POST', '/v1/projects/auth/analyst/questions', { question: 'why are calls failing?', options: { failures: 400, successes: 200 } });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].pointer).toBe('/body/options/successes');
  });
});
