import { LlmError } from './types.js';

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as seconds or an HTTP date, or retry-after-ms; null when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Runs `attempt` until it succeeds, retrying retryable LlmErrors with exponential backoff and
 * full jitter, or exactly the server's Retry-After when it gave one (capped).
 */
export async function withRetry<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      if (!(e instanceof LlmError) || !e.retryable || n >= policy.retries) throw e;
      const hinted = (e as LlmError & { retryAfterMs?: number | null }).retryAfterMs;
      const backoff = Math.random() * policy.baseMs * 2 ** n;
      await policy.sleep(Math.min(policy.maxDelayMs, hinted ?? backoff));
    }
  }
}
