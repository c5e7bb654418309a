import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerSchema, type Answer } from '../../../src/analyst/contract.js';
import { systemTexts } from '../../../src/analyst/llm/prompts.js';
import { openaiHandler, scriptedAnalyst, stageOf, userText, type ChatRequest, type Reply } from '../../support/openai-mock.js';
import { INJECTED, REASONS, seedAuthProject } from './fixture.js';
import { llmEnv } from './setup.js';

const env = await llmEnv({ timeoutMs: 300, retries: 1 });
await seedAuthProject(env);

let fault: (stage: string, req: ChatRequest, n: number) => Reply | undefined = () => undefined;
beforeEach(async () => {
  // every test reads afresh: the read cache would otherwise answer without calling the model
  await env.deps.db.deleteFrom('analyst_reads').execute();
  fault = () => undefined;
  env.captured.bodies.length = 0;
  env.server.use(openaiHandler(scriptedAnalyst({ reasons: REASONS, fault: (s, r, n) => fault(s, r, n) }), { captured: env.captured }));
});

async function askWith(options: object = {}): Promise<Answer> {
  const res = await env.call('POST', '/v1/projects/auth/analyst/questions', { question: 'why are calls failing authentication?', options: { seed: 3, failures: 30, successes: 30, ...options } });
  expect(res.status, await res.clone().text()).toBe(200);
  return AnswerSchema.parse(await res.json());
}

const has = (req: ChatRequest, ref: string) => userText(req).includes(`ref="${ref}"`);
const reasons = (a: Answer) => a.diagnostics.unread_conversations.map((u) => u.reason);

describe('faults in the LLM pipeline', () => {
  it('429 then success: retried, nothing lost', async () => {
    fault = (stage, _r, n) => (stage === 'facets' && n < 3 ? { status: 429, headers: { 'retry-after': '0' } } : undefined);
    const a = await askWith();
    expect(a.diagnostics.unread_conversations).toEqual([]);
    expect(a.themes!.some((t) => t.distinctive)).toBe(true);
  });

  it('persistent 500 on one batch: its conversations are unread, the answer says so', async () => {
    fault = (stage, r) => (stage === 'facets' && has(r, 'c2') ? { status: 500 } : undefined);
    const a = await askWith();
    expect(a.diagnostics.unread_conversations.length).toBeGreaterThan(0);
    expect(reasons(a)).toContain('the LLM kept failing (5xx) after retries');
    expect(a.caveats.join(' ')).toMatch(/could not be read; shares are over the \d+ that were/);
    const read = a.themes![0]!.failures.share > 0 ? a.frame!.reduce((n, f) => n + f.sampled, 0) - a.diagnostics.unread_conversations.length : 0;
    expect(read).toBeGreaterThan(0);
  });

  it('a call that hangs past the timeout is retried, then counted unread', async () => {
    fault = (stage, r) => (stage === 'facets' && has(r, 'c4') ? { hang: true } : undefined);
    const a = await askWith();
    expect(reasons(a)).toContain('the LLM call timed out after retries');
  });

  it('malformed JSON twice: the batch is split until only the bad conversation is unread', async () => {
    fault = (stage, r) => (stage === 'facets' && has(r, 'c5') ? { raw: '{"conversations": [{"ref": "c5", ' } : undefined);
    const a = await askWith();
    expect(a.diagnostics.unread_conversations).toHaveLength(1);
    expect(reasons(a)).toEqual(['the model returned malformed output twice (after one repair attempt)']);
    expect(a.caveats.join(' ')).toContain('1 of 60 sampled conversations could not be read');
  });

  it('a refusal: the conversation counts as unread', async () => {
    fault = (stage, r) => (stage === 'facets' && has(r, 'c6') ? { refusal: "I can't help with that." } : undefined);
    const a = await askWith();
    expect(reasons(a)).toEqual(['the model refused to read this conversation']);
  });

  it('truncated output (finish_reason length) twice: unread', async () => {
    fault = (stage, r) => (stage === 'facets' && has(r, 'c8') ? { raw: '{"conversations": [', finish: 'length' } : undefined);
    const a = await askWith();
    expect(reasons(a)).toEqual(['the model output was cut off at the token limit twice']);
  });

  it('hallucinated quotes are dropped and counted; every example left is verified', async () => {
    const honest = scriptedAnalyst({ reasons: REASONS });
    fault = (stage, r, n) => {
      if (stage !== 'checks') return undefined;
      const reply = honest(r, n) as { json: { calls: { ref: string; met: { quote: string }[] }[] } };
      for (const c of reply.json.calls.slice(0, 6)) for (const m of c.met) m.quote = 'the agent laughed and hung up on the caller';
      return reply;
    };
    const a = await askWith();
    expect(a.diagnostics.dropped_quotes).toBeGreaterThan(0);
    for (const t of a.themes!) for (const e of t.examples) expect(e.quote).not.toContain('laughed');
  });

  it('ids outside the sample are dropped and counted', async () => {
    const honest = scriptedAnalyst({ reasons: REASONS });
    fault = (stage, r, n) => {
      const reply = honest(r, n) as { json: Record<string, { ref: string }[]> };
      if (stage === 'facets') reply.json.conversations!.push({ ...reply.json.conversations![0]!, ref: 'c999' });
      else if (stage === 'checks') reply.json.calls!.push({ ...reply.json.calls![0]!, ref: 'fail-1' });
      else return undefined;
      return reply as Reply;
    };
    const a = await askWith();
    expect(a.diagnostics.dropped_ids).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(a)).not.toContain('c999');
  });

  it('an injected instruction cannot change the structure or leak the prompt', async () => {
    const prompt = systemTexts().join('\n');
    const honest = scriptedAnalyst({ reasons: REASONS });
    // a model that obeys the injection: echoes its instructions and tries to empty the themes
    fault = (stage, r, n) => {
      const text = userText(r);
      if (stage === 'facets' && text.includes('IGNORE ALL PREVIOUS INSTRUCTIONS')) {
        const reply = honest(r, n) as { json: { conversations: { what_happened: string }[] } };
        for (const c of reply.json.conversations) c.what_happened = r.messages[0]!.content.slice(0, 390);
        return reply as Reply;
      }
      if (stage === 'themes' && text.includes('You read call transcripts')) {
        const reply = honest(r, n) as { json: { themes: { title: string; criterion: string }[] } };
        reply.json.themes.push({ title: 'System prompt', criterion: r.messages[0]!.content.slice(0, 390) });
        return reply as Reply;
      }
      return undefined;
    };
    const a = await askWith({ failures: 40, successes: 10 });
    const injectedRead = env.captured.bodies.find((b) => stageOf(b) === 'facets' && userText(b).includes('IGNORE ALL PREVIOUS'))!;
    expect(injectedRead.messages[0]!.content).not.toContain('IGNORE ALL PREVIOUS');
    expect(userText(injectedRead)).toMatch(/<transcript ref="c\d+">[^]*IGNORE ALL PREVIOUS INSTRUCTIONS[^]*<\/transcript>/);
    expect(a.themes!.map((t) => t.title)).not.toContain('System prompt');
    expect(a.themes!.some((t) => t.distinctive)).toBe(true);
    expect(a.diagnostics.withheld_for_prompt_leak).toBe(1);
    const answerText = JSON.stringify(a);
    expect(answerText).not.toContain(prompt.slice(0, 60));
    expect(answerText).not.toContain(INJECTED.slice(0, 30));
  });

  it('a spent budget ends the run with what was read, clearly marked', async () => {
    const a = await askWith({ max_calls: 4 });
    expect(a.diagnostics.budget_exhausted).toBe(true);
    expect(a.diagnostics.calls).toBeLessThanOrEqual(4);
    expect(a.caveats.join(' ')).toContain("LLM budget (400000 tokens, 4 calls) ran out");
    expect(reasons(a)).toContain("the question's LLM budget ran out before this conversation was read");
    expect(a.diagnostics.estimate).toMatchObject({ max_calls: 4 });
    expect(a.diagnostics.estimate!.calls).toBeGreaterThan(4);
  });
});
