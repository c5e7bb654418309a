import { z } from 'zod';
import type { MetricRow } from '../../db/metrics.js';
import type { LlmClient } from '../../llm/types.js';
import type { Clarification, Plan } from '../contract.js';
import { checkPlan } from '../planner/match.js';
import type { QuestionMeter } from './meter.js';
import { renderPrompt } from './prompts.js';

export type LlmPlanResult = { plan: Plan } | { clarification: Clarification } | { examples: number } | { problems: string[] };

/** The plan schema the model fills, closed over this project's metric names: it cannot invent one. */
function planSchema(metrics: MetricRow[]) {
  const names = metrics.map((m) => m.name) as [string, ...string[]];
  const Name = z.enum(names);
  return z.object({
    action: z.enum(['plan', 'clarify', 'examples']),
    kind: z.enum(['quantitative', 'qualitative']),
    measure: z.enum(['count', 'rate', 'trend', 'comparison']).nullable(),
    metric: Name.nullable(),
    target_values: z.array(z.string()),
    contrast_values: z.array(z.string()),
    window_start: z.string().nullable(),
    window_end: z.string().nullable(),
    interval: z.enum(['hour', 'day', 'week']).nullable(),
    filters: z.array(z.object({ metric: Name, op: z.enum(['eq', 'neq', 'in', 'exists', 'not_exists']), value: z.string().nullable() })),
    clarifying_question: z.string().nullable(),
    candidates: z.array(Name),
    theme_index: z.number().int().nullable(),
  });
}

/** Names and values only: definitions never reach the model. */
function describe(m: MetricRow): string {
  const values = m.type === 'boolean' ? 'true, false' : m.type === 'categorical' ? (m.categories ?? []).join(', ') : 'a number';
  return `- ${JSON.stringify(m.name)} (${m.type}): ${values}`;
}

function typed(m: MetricRow | undefined, v: string): string | boolean {
  return m?.type === 'boolean' ? v === 'true' : v;
}

/**
 * Asks the model for a plan as structured output, then holds it to the project's real metrics
 * and limits with the deterministic checker; problems come back for the caller to fall back on.
 */
export async function planWithLlm(
  llm: LlmClient,
  meter: QuestionMeter,
  metrics: MetricRow[],
  question: string,
  opts: { now: Date; history: string; maxWindowDays: number; defaultDays: number },
): Promise<LlmPlanResult> {
  const usable = metrics.filter((m) => m.type !== 'numeric');
  if (usable.length === 0) return { problems: ['the project has no boolean or categorical metrics'] };
  const messages = await renderPrompt('plan', {
    now: opts.now.toISOString(),
    default_window_days: String(opts.defaultDays),
    max_window_days: String(opts.maxWindowDays),
    metrics: metrics.map(describe).join('\n'),
    history: opts.history || '(none)',
    question,
  });
  const { data } = await llm.structured({ name: 'plan', messages, schema: planSchema(metrics), maxTokens: 800, meter });
  if (data.action === 'examples' && data.theme_index !== null) return { examples: data.theme_index };
  if (data.action === 'clarify' || !data.metric) {
    return {
      clarification: {
        kind: 'clarification',
        question: data.clarifying_question ?? 'Which metric do you mean?',
        candidates: data.candidates.map((metric) => ({ metric, reason: 'a metric of this project that could fit the question' })),
      },
    };
  }
  const metric = metrics.find((m) => m.name === data.metric);
  const end = data.window_end && !Number.isNaN(Date.parse(data.window_end)) ? new Date(data.window_end) : opts.now;
  const start = data.window_start && !Number.isNaN(Date.parse(data.window_start)) ? new Date(data.window_start) : new Date(end.getTime() - opts.defaultDays * 86_400_000);
  const plan: Plan = {
    kind: data.kind,
    ...(data.kind === 'quantitative' ? { measure: data.measure ?? 'count' } : {}),
    metric: data.metric,
    target_values: data.target_values.map((v) => typed(metric, v)),
    contrast_values: data.contrast_values.map((v) => typed(metric, v)),
    window: { start: start.toISOString(), end: end.toISOString() },
    filters: data.filters.map((f) => ({ metric: f.metric, op: f.op, ...(f.value !== null ? { value: typed(metrics.find((m) => m.name === f.metric), f.value) } : {}) })),
    environment: 'live',
    ...(data.kind === 'quantitative' && data.measure === 'trend' ? { interval: data.interval ?? 'day' } : {}),
  };
  const problems = checkPlan(plan, metrics, { maxWindowDays: opts.maxWindowDays });
  return problems.length ? { problems } : { plan };
}
