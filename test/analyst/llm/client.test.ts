import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QuestionMeter } from '../../../src/analyst/llm/meter.js';
import { loadConfig } from '../../../src/config.js';
import { createLlm } from '../../../src/llm/client.js';
import { LlmError } from '../../../src/llm/types.js';
import { OPENAI_TEST_ENV, openaiHandler, type Captured, type Reply } from '../../support/openai-mock.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const config = loadConfig({ ...OPENAI_TEST_ENV, SIFT_LOG_LEVEL: 'silent' });
const slept: number[] = [];
const llm = createLlm(config, { retryBaseMs: 1, timeoutMs: 250, sleep: async (ms) => void slept.push(ms) })!;
const Schema = z.object({ answer: z.string() });
const req = (meter?: QuestionMeter) => ({ name: 'probe', messages: [{ role: 'user' as const, content: 'hi' }], schema: Schema, ...(meter ? { meter } : {}) });

function script(...replies: Reply[]) {
  const captured: Captured = { bodies: [], raw: [] };
  server.use(openaiHandler((_r, n) => replies[Math.min(n, replies.length - 1)]!, { captured }));
  return captured;
}

async function failure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return e as LlmError;
  }
  throw new Error('expected the call to fail');
}

describe('the LLM client', () => {
  it('is null without OPENAI_API_KEY: the offline engine answers', () => {
    expect(createLlm(loadConfig({}))).toBeNull();
  });

  it('sends a strict JSON schema and returns validated output', async () => {
    const c = script({ json: { answer: 'yes' }, usage: { prompt: 100, completion: 50 } });
    const r = await llm.structured(req());
    expect(r).toMatchObject({ data: { answer: 'yes' }, calls: 1, repaired: false, usage: { prompt: 100, completion: 50 } });
    expect(c.bodies[0]!.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'probe', schema: { additionalProperties: false, required: ['answer'] } } });
  });

  it('retries 429 honouring Retry-After, then succeeds', async () => {
    slept.length = 0;
    const c = script({ status: 429, headers: { 'retry-after': '2' } }, { status: 429, headers: { 'retry-after-ms': '150' } }, { json: { answer: 'ok' } });
    const r = await llm.structured(req());
    expect(r.data.answer).toBe('ok');
    expect(c.bodies).toHaveLength(3);
    expect(slept).toEqual([2000, 150]);
  });

  it('retries 5xx with backoff and gives up after the retries as a classified error', async () => {
    slept.length = 0;
    const c = script({ status: 500 });
    const e = await failure(llm.structured(req()));
    expect(e.kind).toBe('server');
    expect(c.bodies).toHaveLength(4);
    expect(slept).toHaveLength(3);
  });

  it('times out a hanging call and retries it', async () => {
    const c = script({ hang: true }, { json: { answer: 'late' } });
    const r = await llm.structured(req());
    expect(r.data.answer).toBe('late');
    expect(c.bodies).toHaveLength(2);
  });

  it('repairs malformed JSON once, sending the bad output and the problem back', async () => {
    const c = script({ raw: '{"answer": "unterminated' }, { json: { answer: 'fixed' } });
    const r = await llm.structured(req());
    expect(r).toMatchObject({ data: { answer: 'fixed' }, repaired: true, calls: 2 });
    const repair = c.bodies[1]!.messages;
    expect(repair.at(-2)).toMatchObject({ role: 'assistant', content: '{"answer": "unterminated' });
    expect(repair.at(-1)!.content).toContain('not valid JSON');
  });

  it('repairs output that breaks the schema once, then fails as malformed', async () => {
    script({ json: { wrong: 1 } });
    const e = await failure(llm.structured(req()));
    expect(e.kind).toBe('malformed');
    expect(e.message).toContain('/answer');
  });

  it('treats finish_reason "length" as truncated: one repair, then a truncated error', async () => {
    const c = script({ raw: '{"answer": "cut', finish: 'length' });
    const e = await failure(llm.structured(req()));
    expect(e.kind).toBe('truncated');
    expect(c.bodies).toHaveLength(2);
  });

  it('surfaces a refusal without retrying it', async () => {
    const c = script({ refusal: "I can't help with that." });
    const e = await failure(llm.structured(req()));
    expect(e.kind).toBe('refusal');
    expect(c.bodies).toHaveLength(1);
  });

  it('does not retry a 401', async () => {
    const c = script({ status: 401 });
    expect((await failure(llm.structured(req()))).kind).toBe('auth');
    expect(c.bodies).toHaveLength(1);
  });

  it('refuses a call past the question budget before sending it', async () => {
    const meter = new QuestionMeter({ maxTokens: 1000, maxCalls: 1 });
    const c = script({ json: { answer: 'one' }, usage: { prompt: 100, completion: 50 } });
    await llm.structured(req(meter));
    const e = await failure(llm.structured(req(meter)));
    expect(e.kind).toBe('budget');
    expect(meter.exhausted).toBe(true);
    expect(c.bodies).toHaveLength(1);
    expect(meter.tokens).toBe(150);
  });
});
