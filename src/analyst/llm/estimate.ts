import { estimateCost } from '../../llm/pricing.js';
import type { Budget } from './meter.js';

// Per-call overheads measured on the prompts in prompts/*.md (system text, schema, framing).
const READ_OVERHEAD = 450;
const READ_OUT_PER_CONV = 160;
const CHECK_IN_PER_CONV = 110;
const CHECK_OUT_PER_CONV = 45;
const PROPOSE_IN_PER_FAILURE = 45;

/** The spend of a run, estimated before any call: shown to the caller, checked against the budget. */
export function estimateRun(opts: { model: string; transcriptTokens: number[]; conversations: number; failures: number; concurrency: number; budget: Budget }) {
  // transcriptTokens: only the transcripts still to read (the cache answers the rest)
  const toRead = opts.transcriptTokens.length;
  const n = opts.conversations;
  const readCalls = Math.min(toRead, opts.concurrency);
  const checkCalls = Math.min(n, opts.concurrency);
  const read = opts.transcriptTokens.reduce((a, b) => a + b, 0) + READ_OVERHEAD * readCalls;
  const readOut = READ_OUT_PER_CONV * toRead;
  const propose = 600 + PROPOSE_IN_PER_FAILURE * opts.failures;
  const check = CHECK_IN_PER_CONV * n + 500 * checkCalls;
  const checkOut = CHECK_OUT_PER_CONV * n;
  const prompt = read + propose + check + 700;
  const completion = readOut + 800 + checkOut + 200;
  return {
    tokens: prompt + completion,
    calls: 1 + readCalls + 1 + checkCalls,
    cost_usd: estimateCost(opts.model, { prompt, completion }),
    max_tokens: opts.budget.maxTokens,
    max_calls: opts.budget.maxCalls,
  };
}
