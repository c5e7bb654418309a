import { z } from 'zod';
import type { Config } from '../config.js';
import { parseKinds, PII_KINDS, type PiiKind } from './redact/pii.js';

export const MAX_SAMPLE_TOTAL = 500;
export const LLM_DEFAULT = { failures: 60, successes: 30 };

/** What a caller may tune per question; every default comes from the configuration. */
export const AskOptionsSchema = z
  .strictObject({
    failures: z.number().int().min(1).max(MAX_SAMPLE_TOTAL).optional().describe('failed conversations to sample (LLM engine default 60)'),
    successes: z.number().int().min(1).max(MAX_SAMPLE_TOTAL).optional().describe('successful conversations to sample for contrast (LLM engine default 30)'),
    seed: z.union([z.number().int().min(0), z.string().min(1).max(128)]).optional().describe('sampling seed, for a reproducible sample'),
    max_tokens: z.number().int().min(1000).max(10_000_000).optional().describe('LLM budget for this question (default SIFT_ANALYST_MAX_TOKENS)'),
    max_calls: z.number().int().min(1).max(10_000).optional().describe('LLM call budget (default SIFT_ANALYST_MAX_CALLS)'),
    transcript_tokens: z.number().int().min(100).max(8000).default(400).describe('token budget per transcript after trimming'),
    redact: z.array(z.enum(PII_KINDS)).optional().describe('PII kinds to redact (default SIFT_PII_REDACT)'),
    evidence: z.boolean().default(false).describe("LLM engine: hand the offline engine's contrast statistics to the theme proposer"),
  })
  .refine((o) => (o.failures ?? LLM_DEFAULT.failures) + (o.successes ?? LLM_DEFAULT.successes) <= MAX_SAMPLE_TOTAL, { message: `failures + successes may be at most ${MAX_SAMPLE_TOTAL}`, path: ['successes'] });
export type AskOptions = z.output<typeof AskOptionsSchema>;

export function resolvedBudget(config: Config, o: AskOptions) {
  return { maxTokens: o.max_tokens ?? config.SIFT_ANALYST_MAX_TOKENS, maxCalls: o.max_calls ?? config.SIFT_ANALYST_MAX_CALLS };
}

export function resolvedRedaction(config: Config, o: AskOptions): PiiKind[] {
  return o.redact ?? parseKinds(config.SIFT_PII_REDACT);
}
