import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLlm, type LlmOptions } from '../../../src/llm/client.js';
import { fixedClock, testEnv } from '../../support/deps.js';
import { OPENAI_TEST_ENV, type Captured } from '../../support/openai-mock.js';
import { NOW } from './fixture.js';

/** An app whose LLM is the msw mock (unhandled requests fail the test), on a fresh database. */
export async function llmEnv(opts: LlmOptions = {}, env: Record<string, string> = {}) {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const vars = { ...OPENAI_TEST_ENV, SIFT_LOG_LEVEL: 'silent', ...env };
  const llm = createLlm(loadConfig(vars), { retryBaseMs: 1, ...opts })!;
  const clock = fixedClock(NOW);
  const t = await testEnv({ llm, clock }, vars);
  const captured: Captured = { bodies: [], raw: [] };
  return { ...t, server, clock, captured };
}
