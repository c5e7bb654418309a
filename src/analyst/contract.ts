import { z } from 'zod';
import { MetricFilterSchema } from '../conversations/filter-types.js';

/**
 * The analyst's one plan and one answer shape, shared by both engines (llm and statistical)
 * and read by every client: chat, digests, the CLI, API callers, the quality harness.
 */

const MetricValue = z.union([z.boolean(), z.string(), z.number()]);

export const PlanSchema = z.object({
  kind: z.enum(['quantitative', 'qualitative']),
  /** quantitative sub-kind: a count/rate, a trend over time, a comparison of groups */
  measure: z.enum(['count', 'rate', 'trend', 'comparison']).optional(),
  metric: z.string(),
  /** the values under study, e.g. [false] for `Auth: verified = false` (failures) */
  target_values: z.array(MetricValue).min(1),
  /** the values to contrast against, e.g. [true] (successes) */
  contrast_values: z.array(MetricValue),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  filters: z.array(MetricFilterSchema).default([]),
  environment: z.string().default('live'),
  channels: z.array(z.string()).optional(),
  /** for trend questions */
  interval: z.enum(['hour', 'day', 'week']).optional(),
  /** how the question was read where a default or limit applied, e.g. "no window named: last 30 days" */
  notes: z.array(z.string()).optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** When the question names no metric unambiguously: ask instead of guessing. */
export const ClarificationSchema = z.object({
  kind: z.literal('clarification'),
  question: z.string(),
  candidates: z.array(z.object({ metric: z.string(), reason: z.string() })),
});
export type Clarification = z.infer<typeof ClarificationSchema>;

export const IntervalSchema = z.tuple([z.number(), z.number()]);

export const CountShareSchema = z.object({ count: z.number().int(), share: z.number(), ci: IntervalSchema });

export const ExampleSchema = z.object({
  conversation_id: z.string(),
  turn: z.number().int(),
  quote: z.string(),
  /** link to the conversation's transcript in the API */
  url: z.string(),
});

export const ThemeSchema = z.object({
  title: z.string(),
  criterion: z.string(),
  failures: CountShareSchema,
  successes: CountShareSchema,
  lift: z.number().nullable(),
  estimated_population: z.object({ value: z.number(), ci: IntervalSchema }),
  distinctive: z.boolean(),
  examples: z.array(ExampleSchema),
  /** the sampled failures that meet the criterion: the conversations behind the claim */
  conversation_ids: z.array(z.string()).optional(),
});
export type Theme = z.infer<typeof ThemeSchema>;

export const FrameEntrySchema = z.object({
  value: z.string(),
  population: z.number().int(),
  sampled: z.number().int(),
  inclusion_probability: z.number(),
  weight: z.number(),
});
export type FrameEntry = z.infer<typeof FrameEntrySchema>;

export const FigureSchema = z.object({
  label: z.string(),
  /** e.g. "Auth: verified = false" */
  value: z.string().optional(),
  count: z.number(),
  denominator: z.number(),
  rate: z.number().nullable(),
  ci: IntervalSchema.nullable(),
  /** conversations in the window where the metric was not written */
  not_written: z.number().optional(),
  /** for trends: the bucket start */
  bucket: z.string().optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const DiagnosticsSchema = z.object({
  unread_conversations: z.array(z.object({ conversation_id: z.string(), reason: z.string() })),
  dropped_quotes: z.number().int(),
  dropped_ids: z.number().int(),
  tokens: z.object({ prompt: z.number().int(), completion: z.number().int() }),
  calls: z.number().int(),
  estimated_cost_usd: z.number(),
  budget_exhausted: z.boolean(),
  duration_ms: z.number(),
  /** LLM engine: the spend estimated before reading, against the question's budget */
  estimate: z
    .object({ tokens: z.number().int(), calls: z.number().int(), cost_usd: z.number(), max_tokens: z.number().int(), max_calls: z.number().int() })
    .optional(),
  /** LLM engine: conversations served from the read cache, and model text withheld for echoing the instructions */
  cached_reads: z.number().int().optional(),
  withheld_for_prompt_leak: z.number().int().optional(),
});
export type Diagnostics = z.infer<typeof DiagnosticsSchema>;

/** Diagnostics of a run that called no LLM: nothing read by a model, nothing spent. */
export function noLlmDiagnostics(startedAt: number, extra: Partial<Diagnostics> = {}): Diagnostics {
  return {
    unread_conversations: [],
    dropped_quotes: 0,
    dropped_ids: 0,
    tokens: { prompt: 0, completion: 0 },
    calls: 0,
    estimated_cost_usd: 0,
    budget_exhausted: false,
    duration_ms: Math.round(performance.now() - startedAt),
    ...extra,
  };
}

export const AnswerSchema = z.object({
  engine: z.enum(['llm', 'statistical']),
  model: z.string().nullable(),
  kind: z.enum(['quantitative', 'qualitative']),
  question: z.string(),
  summary: z.string(),
  plan: PlanSchema,
  figures: z.array(FigureSchema).optional(),
  sample_id: z.string().optional(),
  frame: z.array(FrameEntrySchema).optional(),
  themes: z.array(ThemeSchema).optional(),
  caveats: z.array(z.string()),
  diagnostics: DiagnosticsSchema,
});
export type Answer = z.infer<typeof AnswerSchema>;

/** Stages streamed over SSE and printed live by `sift ask`. */
export type AnalystEvent =
  | { stage: 'plan'; plan: Plan | Clarification }
  | { stage: 'sample'; sample_id: string; frame: FrameEntry[] }
  | { stage: 'estimate'; tokens: number; calls: number; cost_usd: number; max_tokens: number; max_calls: number }
  | { stage: 'progress'; read: number; total: number }
  | { stage: 'themes'; themes: Pick<Theme, 'title' | 'criterion'>[] }
  | { stage: 'answer'; answer: Answer | Clarification };

export type EmitEvent = (event: AnalystEvent) => void;
