import { endAttempt, startAttempt, type DeliveryRow } from '../db/digests-runs.js';
import type { DigestTarget } from '../db/schema/digests.js';
import type { Deps } from '../deps.js';
import type { DigestContent } from './content.js';
import { slackPayload, webhookBody } from './render.js';
import { signatureHeader } from './sign.js';
import { assertDeliverableUrl } from './webhook-url.js';

export interface RetryPolicy {
  /** attempts per target in one run call */
  attempts: number;
  /** the first wait; each next one doubles, capped at a minute */
  baseMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 2000, timeoutMs: 15_000, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/**
 * Delivers one run's content to one target, unless an earlier attempt already succeeded.
 * Every attempt is written before the request leaves and completed with its status; a 2xx ends,
 * 5xx, 408, 429 and network errors are retried with backoff, anything else is final.
 */
export async function deliverTarget(
  deps: Deps,
  args: { runId: string; index: number; target: DigestTarget; content: DigestContent; prior: DeliveryRow[]; retry: RetryPolicy },
): Promise<{ ok: boolean; error: string | null }> {
  if (args.prior.some((a) => a.state === 'sent')) return { ok: true, error: null };
  const { target, runId, index } = args;
  const body = target.type === 'slack' ? JSON.stringify(slackPayload(args.content)) : webhookBody(runId, args.content);
  let attempt = args.prior.reduce((m, a) => Math.max(m, a.attempt), 0);
  let last = 'no attempt made';
  for (let i = 0; i < args.retry.attempts; i++) {
    if (i > 0) await args.retry.sleep(Math.min(60_000, args.retry.baseMs * 2 ** (i - 1)));
    const key = { run_id: runId, target_index: index, attempt: ++attempt };
    await startAttempt(deps.db, { ...key, started_at: deps.clock.now() });
    const done = (state: 'sent' | 'error', http_status: number | null, error: string | null) =>
      endAttempt(deps.db, key, { state, http_status, error, finished_at: deps.clock.now() });
    try {
      // checked again at send time: DNS may have changed since the digest was saved
      await assertDeliverableUrl(target.url, { allowPrivate: deps.config.SIFT_ALLOW_PRIVATE_WEBHOOKS });
    } catch (e) {
      await done('error', null, (e as Error).message);
      return { ok: false, error: (e as Error).message };
    }
    const t = Math.floor(deps.clock.now().getTime() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Sift-Digest/1',
      // the same on every attempt: receivers can drop a repeat after a crash mid-request
      'sift-delivery': `${runId}.${index}`,
      'sift-attempt': String(attempt),
    };
    if (target.secret) headers['sift-signature'] = await signatureHeader(target.secret, body, t);
    try {
      const res = await deps.fetch(target.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(args.retry.timeoutMs) });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) {
        await done('sent', res.status, null);
        return { ok: true, error: null };
      }
      last = `HTTP ${res.status}`;
      await done('error', res.status, last);
      if (!retryable(res.status)) return { ok: false, error: last };
    } catch (e) {
      last = `request failed: ${(e as Error).message}`;
      await done('error', null, last);
    }
  }
  return { ok: false, error: `gave up after ${args.retry.attempts} attempts (${last})` };
}
