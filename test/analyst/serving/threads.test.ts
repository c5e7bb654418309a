import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerSchema, type Answer } from '../../../src/analyst/contract.js';
import { openaiHandler, scriptedAnalyst, stageOf, userText, type ChatRequest } from '../../support/openai-mock.js';
import { NOW, REASONS, seedAuthProject } from '../llm/fixture.js';
import { llmEnv } from '../llm/setup.js';

const env = await llmEnv();
await seedAuthProject(env);

const DAY = 86_400_000;
/** A planner that reads the thread: "and last week?" keeps the last plan with a new window. */
function plan(question: string, req: ChatRequest) {
  const base = { action: 'plan', kind: 'qualitative', measure: null, metric: 'Auth: verified', target_values: ['false'], contrast_values: ['true'], window_start: null, window_end: null, interval: null, filters: [], clarifying_question: null, candidates: [], theme_index: null };
  if (/how many/i.test(question)) return { ...base, kind: 'quantitative', measure: 'count', contrast_values: ['true'] };
  if (/last week/i.test(question) && /Auth: verified/.test(userText(req).split('Thread so far')[1] ?? '')) {
    return { ...base, window_start: new Date(NOW.getTime() - 7 * DAY).toISOString(), window_end: NOW.toISOString() };
  }
  if (/failing\?$/i.test(question)) return { ...base, action: 'clarify', metric: null, clarifying_question: 'Failing which step: authentication or booking?', candidates: ['Auth: verified', 'Booking: completed'] };
  return base;
}

beforeEach(() => {
  env.captured.bodies.length = 0;
  env.server.use(openaiHandler(scriptedAnalyst({ reasons: REASONS, plan }), { captured: env.captured }));
});

const base = '/v1/projects/auth/analyst';
async function post(path: string, body: object, headers: Record<string, string> = {}) {
  const res = await env.call('POST', `${base}${path}`, body, undefined, headers);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res;
}

describe('threads', () => {
  let thread: { id: string };
  let first: Answer;
  it('opens a thread and answers in it, storing the answer with its sample id', async () => {
    thread = await (await post('/threads', { title: 'Auth failures' })).json();
    expect(thread.id).toMatch(/^thr_/);
    const res = await post(`/threads/${thread.id}/messages`, { question: 'why are calls failing authentication?', options: { seed: 11, failures: 30, successes: 30 } });
    expect(res.status).toBe(201);
    const body = await res.json();
    first = AnswerSchema.parse(body.answer);
    expect(first.sample_id).toMatch(/^smp_/);
    expect(first.plan.window.start).toBe(new Date(NOW.getTime() - 30 * DAY).toISOString());
  });

  it('resolves "and last week?" against the history', async () => {
    const body = await (await post(`/threads/${thread.id}/messages`, { question: 'and last week?', options: { seed: 11, failures: 30, successes: 30 } })).json();
    const a = AnswerSchema.parse(body.answer);
    expect(a.plan.metric).toBe('Auth: verified');
    expect(a.plan.window.start).toBe(new Date(NOW.getTime() - 7 * DAY).toISOString());
    const planReq = env.captured.bodies.find((b) => stageOf(b) === 'plan')!;
    expect(userText(planReq)).toContain('1. "why are calls failing authentication?" -> qualitative plan: Auth: verified');
    expect(a.frame![0]!.population).toBeLessThan(first.frame![0]!.population);
  });

  it('answers "show me examples of the second one" from the last answer, without a new sample or LLM read', async () => {
    const body = await (await post(`/threads/${thread.id}/messages`, { question: 'show me examples of the second one' })).json();
    const a = AnswerSchema.parse(body.answer);
    expect(env.captured.bodies.filter((b) => stageOf(b) !== 'plan')).toHaveLength(0);
    const hist = await (await env.call('GET', `${base}/threads/${thread.id}`)).json();
    const previous = hist.messages[3].answer as Answer;
    expect(a.themes).toEqual([previous.themes![1]]);
    expect(a.sample_id).toBe(previous.sample_id);
    expect(a.summary).toContain(previous.themes![1]!.title);
  });

  it('serves the history in order, and drops examples of conversations erased since', async () => {
    const hist = await (await env.call('GET', `${base}/threads/${thread.id}`)).json();
    expect(hist.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'analyst', 'user', 'analyst', 'user', 'analyst']);
    expect(hist.messages[1].sample_id).toBe(first.sample_id);
    const example = (hist.messages[1].answer as Answer).themes![0]!.examples[0]!;
    expect((await env.call('DELETE', `/v1/projects/auth/conversations/${example.conversation_id}`)).status).toBe(200);
    const after = await (await env.call('GET', `${base}/threads/${thread.id}`)).json();
    const ids = JSON.stringify(after.messages.map((m: { answer?: Answer }) => m.answer?.themes?.flatMap((t) => t.examples.map((e) => e.conversation_id))));
    expect(ids).not.toContain(`"${example.conversation_id}"`);
    const page = await (await env.call('GET', `${base}/threads/${thread.id}?limit=2`)).json();
    expect(page.messages).toHaveLength(2);
    const next = await (await env.call('GET', `${base}/threads/${thread.id}?limit=2&after=${page.next_after}`)).json();
    expect(next.messages[0].seq).toBe(3);
  });

  it('lists threads and 404s an unknown one', async () => {
    const list = await (await env.call('GET', `${base}/threads`)).json();
    expect(list.data.map((t: { id: string }) => t.id)).toContain(thread.id);
    expect((await env.call('GET', `${base}/threads/thr_nope`)).status).toBe(404);
    expect((await env.call('POST', `${base}/threads/thr_nope/messages`, { question: 'why?' })).status).toBe(404);
  });
});

describe('one-shot questions', () => {
  it('asks a clarifying question listing candidate metrics instead of guessing', async () => {
    const body = await (await post('/questions', { question: 'why are calls failing?' })).json();
    expect(body).toEqual({ kind: 'clarification', question: 'Failing which step: authentication or booking?', candidates: expect.arrayContaining([expect.objectContaining({ metric: 'Booking: completed' })]) });
  });

  it('answers counts exactly from the store, with denominators and intervals', async () => {
    const a = AnswerSchema.parse(await (await post('/questions', { question: 'how many calls failed authentication?' })).json());
    expect(a.kind).toBe('quantitative');
    expect(a.engine).toBe('llm');
    const failed = a.figures!.find((f) => f.value?.includes('false'))!;
    expect(failed.count).toBeGreaterThan(30);
    expect(failed.denominator).toBeGreaterThanOrEqual(failed.count);
    expect(a.diagnostics.calls).toBe(1);
  });

  it('streams the stages as server-sent events when asked', async () => {
    const res = await post('/questions', { question: 'why are calls failing authentication?', options: { seed: 12, failures: 20, successes: 20 } }, { accept: 'text/event-stream' });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    const order = events.filter((e, i) => e !== events[i - 1]);
    expect(order).toEqual(['plan', 'sample', 'estimate', 'progress', 'themes', 'answer', 'done']);
    const progress = [...text.matchAll(/^data: (\{"stage":"progress".*)$/gm)].map((m) => JSON.parse(m[1]!));
    expect(progress.at(-1)).toEqual({ stage: 'progress', read: 40, total: 40 });
  });

  it('streams a failure as an error event carrying the problem', async () => {
    const res = await post('/threads/thr_nope/messages', { question: 'why are calls failing authentication?' }, { accept: 'text/event-stream' });
    const text = await res.text();
    expect(text).toMatch(/^event: error$/m);
    expect(JSON.parse(/^event: error\ndata: (.*)$/m.exec(text)![1]!)).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('requires the analyst:ask scope', async () => {
    const reader = await (await env.call('POST', '/v1/keys', { name: 'reader', scopes: ['conversations:read'] })).json();
    const res = await env.call('POST', `${base}/questions`, { question: 'why are calls failing authentication?' }, reader.secret);
    expect(res.status).toBe(403);
    const asker = await (await env.call('POST', '/v1/keys', { name: 'asker', scopes: ['analyst:ask'] })).json();
    expect((await env.call('GET', `${base}/threads`, undefined, asker.secret)).status).toBe(200);
  });

  it('refuses bad input with problem+json naming the field', async () => {
    const res = await env.call('POST', `${base}/questions`, { question: 'x', options: { transcript_tokens: 5, redact: ['ssn'] } });
    expect(res.status).toBe(400);
    const pointers = (await res.json()).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/question', '/body/options/transcript_tokens', '/body/options/redact/0']));
  });
});
