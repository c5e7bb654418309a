import { describe, expect, it } from 'vitest';
import { AnswerSchema } from '../../../src/analyst/contract.js';
import { fixedClock, testEnv } from '../../support/deps.js';
import { NOW, seedAuthProject } from '../llm/fixture.js';

// No OPENAI_API_KEY: the same threads, planned by the deterministic matcher, answered offline.
const env = await testEnv({ clock: fixedClock(NOW) });
await seedAuthProject(env);
const base = '/v1/projects/auth/analyst';

async function say(thread: string, question: string) {
  const res = await env.call('POST', `${base}/threads/${thread}/messages`, { question });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).answer;
}

describe('threads without an LLM', () => {
  it('answers with the statistical engine and resolves follow-ups against the history', async () => {
    const thread = (await (await env.call('POST', `${base}/threads`, {})).json()).id;
    const first = AnswerSchema.parse(await say(thread, 'why are calls failing authentication?'));
    expect(first.engine).toBe('statistical');
    expect(first.model).toBeNull();
    expect(first.plan.metric).toBe('Auth: verified');

    const week = AnswerSchema.parse(await say(thread, 'and last week?'));
    expect(week.plan.metric).toBe('Auth: verified');
    expect(Date.parse(week.plan.window.end) - Date.parse(week.plan.window.start)).toBeLessThanOrEqual(8 * 86_400_000);
    expect(Date.parse(week.plan.window.start)).toBeGreaterThan(Date.parse(first.plan.window.start));

    expect(week.themes!.length).toBeGreaterThan(0);
    const ex = await say(thread, 'show me examples of the first one');
    expect(ex.themes).toEqual([week.themes![0]]);
    expect(ex.sample_id).toBe(week.sample_id);
  });
});
