import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { retryAfterMs } from './retry.js';
import { LlmError } from './types.js';

/** Turns whatever the SDK threw into a classified LlmError; retryable ones carry Retry-After. */
export function classify(e: unknown): LlmError {
  if (e instanceof LlmError) return e;
  if (e instanceof APIConnectionTimeoutError) return new LlmError('timeout', 'the LLM call timed out', true);
  if (e instanceof APIConnectionError) return new LlmError('connection', `could not reach the LLM: ${e.message}`, true);
  if (e instanceof APIError) {
    const status = e.status ?? 0;
    const hint = retryAfterMs(e.headers);
    const make = (kind: LlmError['kind'], retryable: boolean) =>
      Object.assign(new LlmError(kind, `LLM HTTP ${status}: ${e.message}`, retryable), { retryAfterMs: hint });
    if (status === 429) return make('rate_limited', true);
    if (status === 408 || status === 409 || status >= 500) return make('server', true);
    if (status === 401 || status === 403) return make('auth', false);
    return make('bad_request', false);
  }
  if (e instanceof Error && e.name === 'AbortError') return new LlmError('timeout', 'the LLM call timed out', true);
  return new LlmError('connection', `LLM call failed: ${String(e)}`, false);
}
